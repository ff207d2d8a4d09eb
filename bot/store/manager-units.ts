/**
 * A manager's units and the groups HR may see case by case (manager-units-store.ts), written once
 * for both stores (store-program.ts). A change of units and its audit row are one transaction: a
 * change from the settings card in a write of its own (`setUnits`), a new manager's first unit in
 * their first turn's commit (`setFirst`, turn-commit.ts).
 */
import type { AuditEntry } from './store-rows';
import { createdAtRange, eligibleGroups } from './group-eligibility';
import type { EligibleGroup } from './group-eligibility';
import { assertEligibilityQuery, assertManagerUnits, managerUnitsFrom } from './manager-units-store';
import { inByteOrder, Prepared } from './query-layer';
import { appendAudit, firstRow, rows, run } from './store-program';
import type { ProgramRunner, StoreProgram } from './store-program';

// A type, not an interface: Prepared's slots need an index signature.
type UnitsValues = {
  ownerId: string;
  /** The first unit, also kept in `org_unit` (userSettings().orgUnit). */
  firstUnit: string;
  /** All units as JSON text. */
  units: string;
  at: string;
};

/** Writes a manager's units; `onlyWhenNone` leaves the settings of a manager who has units (or an older single unit) as they are. */
function unitsUpsert(store: ProgramRunner, onlyWhenNone: boolean): Prepared<UnitsValues, never> {
  return Prepared.of<UnitsValues, never>((slot) =>
    store.db
      .insertInto('user_settings')
      .values({ owner_id: slot('ownerId'), org_unit: slot('firstUnit'), org_units: slot('units'), updated_at: slot('at') })
      .onConflict((conflict) => {
        const update = conflict.column('owner_id').doUpdateSet((eb) => ({
          org_unit: eb.ref('excluded.org_unit'),
          org_units: eb.ref('excluded.org_units'),
          updated_at: eb.ref('excluded.updated_at'),
        }));
        return onlyWhenNone ? update.where('user_settings.org_units', 'is', null).where('user_settings.org_unit', 'is', null) : update;
      }),
  );
}

function unitsValues(ownerId: string, units: readonly string[], at: string): UnitsValues {
  return { ownerId, firstUnit: units[0]!, units: JSON.stringify(units), at };
}

export class ManagerUnits {
  private readonly replaceUnits: Prepared<UnitsValues, never>;
  private readonly firstUnit: Prepared<UnitsValues, never>;

  constructor(private readonly store: ProgramRunner) {
    this.replaceUnits = unitsUpsert(store, false);
    this.firstUnit = unitsUpsert(store, true);
  }

  units(ownerId: string): Promise<string[]> {
    const { db } = this.store;
    return this.store.read(function* () {
      return managerUnitsFrom(yield* firstRow(db.selectFrom('user_settings').select(['org_unit', 'org_units']).where('owner_id', '=', ownerId).compile()));
    });
  }

  setUnits(ownerId: string, units: readonly string[], audit: AuditEntry): Promise<void> {
    return this.store.write(() => this.replace(ownerId, units, audit));
  }

  /** Replaces the manager's units, whatever they were, and appends the audit row. */
  private *replace(ownerId: string, units: readonly string[], audit: AuditEntry): StoreProgram<void> {
    assertManagerUnits(ownerId, units, audit);
    yield* run(this.replaceUnits.with(unitsValues(ownerId, units, audit.at)));
    yield* appendAudit(audit);
  }

  /**
   * A new manager's first unit, in the transaction of the turn that chose it, checked as
   * setManagerUnits checks its arguments. Written only when the manager has no units yet: of two
   * first turns that each saw none, the first to commit sets the unit and the other leaves it.
   * Returns the audit row (`settings`/orgUnitSet) when it wrote, none otherwise, for the caller to
   * append with its own audit rows: last, so PostgreSQL holds the audit chain's lock briefly.
   */
  *setFirst(ownerId: string, unit: string, at: string): StoreProgram<AuditEntry[]> {
    const audit: AuditEntry = { actor: ownerId, action: 'settings', caseId: null, detail: 'orgUnitSet', at };
    assertManagerUnits(ownerId, [unit], audit);
    return (yield* run(this.firstUnit.with(unitsValues(ownerId, [unit], at)))) === 0 ? [] : [audit];
  }

  eligibleGroups(quarters: string[], k: number): Promise<EligibleGroup[]> {
    const { db, dialect } = this.store;
    return this.store.read(function* () {
      assertEligibilityQuery(quarters, k);
      const { from, to } = createdAtRange(quarters);
      // Owner ids are read here and go no further than group-eligibility.ts.
      const cases = yield* rows(
        db
          .selectFrom('cases')
          .select(['org_unit as orgUnit', 'owner_id as ownerId', 'created_at as createdAt'])
          .where('past_first_step', '=', true)
          .where(inByteOrder(dialect, 'created_at'), '>=', from)
          .where(inByteOrder(dialect, 'created_at'), '<', to)
          .compile(),
      );
      return eligibleGroups(cases, quarters, k);
    });
  }
}
