/**
 * The operational store's timeline flag per unit × quarter, as the HR service asks for it
 * (issue 19 §2): true for the groups the store finds large enough (bot/store/group-eligibility.ts:
 * cases past their first step, distinct managers, no single manager lifting a group), false for
 * every other — never "no verdict". Only these flags reach HR: no manager key, no count.
 */
import type { ManagerUnitsStore } from '../store/manager-units-store';

export function storeTimelineFlags(store: Pick<ManagerUnitsStore, 'hrEligibleGroups'>, k: number): (quarters: readonly string[]) => Promise<(orgUnit: string, quarter: string) => boolean> {
  return async (quarters) => {
    const groups = await store.hrEligibleGroups([...quarters], k);
    const eligible = new Set(groups.map((group) => JSON.stringify([group.orgUnit, group.quarter])));
    return (orgUnit, quarter) => eligible.has(JSON.stringify([orgUnit, quarter]));
  };
}
