/**
 * The PostgreSQL side of a manager's units and of the groups HR may see case by case
 * (manager-units-store.ts): the same as sqlite-manager-units.ts. A change of units and its audit
 * row are one transaction.
 */
import type { Pool, PoolClient } from 'pg';
import type { AuditEntry } from './store-rows';
import { createdAtRange, eligibleGroups } from './group-eligibility';
import type { EligibilityCase, EligibleGroup } from './group-eligibility';
import { assertEligibilityQuery, assertManagerUnits, managerUnitsFrom } from './manager-units-store';

const SQL = {
  selectUnits: 'SELECT org_unit, org_units FROM user_settings WHERE owner_id = $1',
  upsertUnits: `INSERT INTO user_settings (owner_id, org_unit, org_units, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (owner_id) DO UPDATE SET org_unit = excluded.org_unit, org_units = excluded.org_units, updated_at = excluded.updated_at`,
  // Owner ids are read here and go no further than group-eligibility.ts.
  selectEligibilityCases: `SELECT org_unit AS "orgUnit", owner_id AS "ownerId", created_at AS "createdAt" FROM cases
    WHERE past_first_step AND created_at COLLATE "C" >= $1 AND created_at COLLATE "C" < $2`,
} as const;

export class PostgresManagerUnits {
  constructor(
    private readonly pool: Pool,
    private readonly transaction: <T>(work: (db: PoolClient) => Promise<T>) => Promise<T>,
    /** Extends the audit chain inside the caller's transaction. */
    private readonly appendAudit: (db: PoolClient, entries: AuditEntry[]) => Promise<void>,
  ) {}

  async units(ownerId: string): Promise<string[]> {
    return managerUnitsFrom((await this.pool.query<{ org_unit: string | null; org_units: string | null }>(SQL.selectUnits, [ownerId])).rows[0]);
  }

  async setUnits(ownerId: string, units: readonly string[], audit: AuditEntry): Promise<void> {
    assertManagerUnits(ownerId, units, audit);
    await this.transaction(async (db) => {
      await db.query(SQL.upsertUnits, [ownerId, units[0], JSON.stringify(units), audit.at]);
      await this.appendAudit(db, [audit]);
    });
  }

  async eligibleGroups(quarters: string[], k: number): Promise<EligibleGroup[]> {
    assertEligibilityQuery(quarters, k);
    const { from, to } = createdAtRange(quarters);
    return eligibleGroups((await this.pool.query<EligibilityCase>(SQL.selectEligibilityCases, [from, to])).rows, quarters, k);
  }
}
