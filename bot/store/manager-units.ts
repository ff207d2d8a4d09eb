/**
 * A manager's units and the groups HR may see case by case (manager-units-store.ts), written once
 * for both stores (store-program.ts). A change of units and its audit row are one transaction.
 */
import type { AuditEntry } from './store-rows';
import { createdAtRange, eligibleGroups } from './group-eligibility';
import type { EligibleGroup } from './group-eligibility';
import { assertEligibilityQuery, assertManagerUnits, managerUnitsFrom } from './manager-units-store';
import { inByteOrder } from './query-layer';
import { appendAudit, firstRow, rows, run } from './store-program';
import type { ProgramRunner } from './store-program';

export class ManagerUnits {
  constructor(private readonly store: ProgramRunner) {}

  units(ownerId: string): Promise<string[]> {
    const { db } = this.store;
    return this.store.read(function* () {
      return managerUnitsFrom(yield* firstRow(db.selectFrom('user_settings').select(['org_unit', 'org_units']).where('owner_id', '=', ownerId).compile()));
    });
  }

  setUnits(ownerId: string, units: readonly string[], audit: AuditEntry): Promise<void> {
    const { db } = this.store;
    return this.store.write(function* () {
      assertManagerUnits(ownerId, units, audit);
      yield* run(
        db
          .insertInto('user_settings')
          .values({ owner_id: ownerId, org_unit: units[0], org_units: JSON.stringify(units), updated_at: audit.at })
          .onConflict((conflict) =>
            conflict.column('owner_id').doUpdateSet((eb) => ({
              org_unit: eb.ref('excluded.org_unit'),
              org_units: eb.ref('excluded.org_units'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .compile(),
      );
      yield* appendAudit(audit);
    });
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
