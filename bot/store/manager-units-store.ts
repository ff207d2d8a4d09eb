/**
 * The store's part for a manager's organisation units and for deciding which groups HR may see
 * case by case (issue 19 §2). CaseStore extends this interface.
 *
 * | method              | what the store does                                                              |
 * |---------------------|----------------------------------------------------------------------------------|
 * | managerUnits        | the units in the manager's settings (`user_settings.org_units`), first one first |
 * | setManagerUnits     | replaces them and appends the audit row (`settings`/…) in ONE transaction        |
 * | hrEligibleGroups    | the units × quarters large enough for timelines (group-eligibility.ts): flags only |
 *
 * A unit is the manager's own: the signal card offers only these, and a change is a confirmation
 * card of its own whose answer is audited together with the write. A new manager's first unit is
 * chosen on their first signal card and written, with the same audit row, in that turn's commit
 * (`TurnWrite.firstUnit`). Open cases keep the unit they
 * were recorded with.
 */
import type { AuditEntry } from './store-rows';
import { assertAuditEntry, assertId, assertOrgUnit, StoreError } from './store-error';
import type { EligibleGroup } from './group-eligibility';
import { assertQuarters } from './hr-sql';

/** The audit details of a change of units (action `settings`): a catalogue, never a unit's name. */
export const UNIT_AUDIT_DETAILS = ['orgUnitSet', 'orgUnitAdded', 'orgUnitRemoved', 'orgUnitReplaced'] as const;
export type UnitAuditDetail = (typeof UNIT_AUDIT_DETAILS)[number];

/** More units than this in one manager's settings is not a manager's span but an attempt to spread cases. */
export const MAX_MANAGER_UNITS = 5;

export interface ManagerUnitsStore {
  /** The units in the manager's settings; empty when none was ever set. */
  managerUnits(ownerId: string): Promise<string[]>;
  /**
   * Replaces the manager's units (first one first; it also becomes `userSettings().orgUnit`) and
   * appends `audit` in the same transaction. StoreError `invalidCode` for an empty, duplicate or
   * invalid list or an audit row that is not the owner's `settings` row.
   */
  setManagerUnits(ownerId: string, units: readonly string[], audit: AuditEntry): Promise<void>;
  /**
   * The groups (unit × quarter) of `quarters` whose cases HR may see one by one, with k cases
   * (HR_MIN_GROUP_SIZE) as group-eligibility.ts counts them. Nothing about the managers leaves.
   */
  hrEligibleGroups(quarters: string[], k: number): Promise<EligibleGroup[]>;
}

/** The arguments of setManagerUnits (and of a turn's first unit), checked before anything is written. */
export function assertManagerUnits(ownerId: string, units: readonly string[], audit: AuditEntry): void {
  assertId(ownerId, 'ownerId');
  if (!Array.isArray(units) || units.length === 0 || units.length > MAX_MANAGER_UNITS || new Set(units).size !== units.length) {
    throw new StoreError('invalidCode', 'units');
  }
  units.forEach((unit) => assertOrgUnit(unit, 'units'));
  assertAuditEntry(audit, 'audit');
  const detailKnown = (UNIT_AUDIT_DETAILS as readonly string[]).includes(audit.detail);
  if (audit.action !== 'settings' || !detailKnown || audit.actor !== ownerId || audit.caseId !== null) throw new StoreError('invalidCode', 'audit');
}

export function assertEligibilityQuery(quarters: readonly string[], k: number): void {
  assertQuarters(quarters);
  if (!Number.isInteger(k) || k < 1) throw new StoreError('invalidCode', 'k');
}

/** `user_settings.org_units` as stored (JSON text) back into a list; the single `org_unit` of settings from before migration 012. */
export function managerUnitsFrom(record: { org_units: string | null; org_unit: string | null } | undefined): string[] {
  if (!record) return [];
  if (record.org_units !== null) return JSON.parse(record.org_units) as string[];
  return record.org_unit === null ? [] : [record.org_unit];
}
