/**
 * The SQLite side of a manager's units and of the groups HR may see case by case
 * (manager-units-store.ts). A change of units and its audit row are one `BEGIN IMMEDIATE`
 * transaction.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry } from './store-rows';
import { createdAtRange, eligibleGroups } from './group-eligibility';
import type { EligibilityCase, EligibleGroup } from './group-eligibility';
import { assertEligibilityQuery, assertManagerUnits, managerUnitsFrom } from './manager-units-store';

function prepare(db: Database.Database) {
  return {
    selectUnits: db.prepare('SELECT org_unit, org_units FROM user_settings WHERE owner_id = ?'),
    upsertUnits: db.prepare(
      `INSERT INTO user_settings (owner_id, org_unit, org_units, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (owner_id) DO UPDATE SET org_unit = excluded.org_unit, org_units = excluded.org_units, updated_at = excluded.updated_at`,
    ),
    // Owner ids are read here and go no further than group-eligibility.ts.
    selectEligibilityCases: db.prepare(
      `SELECT org_unit AS orgUnit, owner_id AS ownerId, created_at AS createdAt FROM cases
       WHERE past_first_step = 1 AND created_at >= ? AND created_at < ?`,
    ),
  };
}

export class SqliteManagerUnits {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Database.Database,
    /** Extends the audit chain; called inside this module's transaction. */
    private readonly appendAudit: (entry: AuditEntry) => void,
  ) {
    this.statements = prepare(db);
  }

  units(ownerId: string): string[] {
    return managerUnitsFrom(this.statements.selectUnits.get(ownerId) as { org_unit: string | null; org_units: string | null } | undefined);
  }

  setUnits(ownerId: string, units: readonly string[], audit: AuditEntry): void {
    assertManagerUnits(ownerId, units, audit);
    this.db
      .transaction(() => {
        this.statements.upsertUnits.run(ownerId, units[0], JSON.stringify(units), audit.at);
        this.appendAudit(audit);
      })
      .immediate();
  }

  eligibleGroups(quarters: string[], k: number): EligibleGroup[] {
    assertEligibilityQuery(quarters, k);
    const { from, to } = createdAtRange(quarters);
    return eligibleGroups(this.statements.selectEligibilityCases.all(from, to) as EligibilityCase[], quarters, k);
  }
}
