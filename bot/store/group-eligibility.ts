/**
 * Whether a unit's quarter is large enough for per-case detail (HR timelines), decided where the
 * managers are known — in the operational store — so that HR gets a flag per unit and quarter and
 * never a manager key or a count of managers (issue 19 §2).
 *
 * Anyone who can record cases could otherwise lift a small unit over k with cases of their own
 * (padding) and subtract them again. So a group counts only cases that went past their first step
 * (a bare signal costs one click), is decided per unit AND quarter (padding one quarter lifts no
 * other), needs cases of at least MIN_MANAGERS_PER_GROUP distinct managers, and needs k cases even
 * without the cases of the manager who recorded most of them: no single account lifts a group on
 * its own. Cases deleted (`verwijder`) or purged no longer count, although their HR rows stay.
 * Pure: the stores read the rows, this decides.
 */
import { dayOf, isoWeek, quarterOfIsoWeek } from '../../flows/calendar';

/** Fewer distinct managers than this never make a group, whatever the number of cases. */
export const MIN_MANAGERS_PER_GROUP = 3;

/** A case as the eligibility needs it: its unit, its current owner and when its signal was recorded. */
export interface EligibilityCase {
  orgUnit: string;
  ownerId: string;
  createdAt: string;
}

/** A unit × quarter whose cases may be shown one by one; nothing else leaves the store. */
export interface EligibleGroup {
  quarter: string;
  orgUnit: string;
}

/** The HR quarter of a case: the quarter of its signal's ISO week, as the HR projection counts it. */
export function hrQuarterOf(createdAt: string): string {
  return quarterOfIsoWeek(isoWeek(dayOf(createdAt)));
}

/**
 * The range of signal times whose HR quarter can be one of `quarters` (`2026-Q1` …): a week either
 * side, because an ISO week can start in the previous quarter or end in the next.
 */
export function createdAtRange(quarters: readonly string[]): { from: string; to: string } {
  const starts = quarters.map((q) => Date.UTC(Number(q.slice(0, 4)), (Number(q.slice(6)) - 1) * 3, 1));
  const week = 7 * 86_400_000;
  const from = new Date(Math.min(...starts) - week).toISOString();
  const lastStart = new Date(Math.max(...starts));
  const to = new Date(Date.UTC(lastStart.getUTCFullYear(), lastStart.getUTCMonth() + 3, 1) + week).toISOString();
  return { from, to };
}

/** The groups of `quarters` that may be shown; `cases` are those past their first step. */
export function eligibleGroups(cases: readonly EligibilityCase[], quarters: readonly string[], k: number): EligibleGroup[] {
  const wanted = new Set(quarters);
  const perGroup = new Map<string, { group: EligibleGroup; perManager: Map<string, number> }>();
  for (const c of cases) {
    const quarter = hrQuarterOf(c.createdAt);
    if (!wanted.has(quarter)) continue;
    const key = JSON.stringify([quarter, c.orgUnit]);
    const entry = perGroup.get(key) ?? { group: { quarter, orgUnit: c.orgUnit }, perManager: new Map<string, number>() };
    entry.perManager.set(c.ownerId, (entry.perManager.get(c.ownerId) ?? 0) + 1);
    perGroup.set(key, entry);
  }
  return [...perGroup.values()]
    .filter(({ perManager }) => {
      const counts = [...perManager.values()];
      const withoutLargest = counts.reduce((sum, n) => sum + n, 0) - Math.max(...counts);
      return counts.length >= MIN_MANAGERS_PER_GROUP && withoutLargest >= k;
    })
    .map(({ group }) => group)
    .sort((a, b) => (a.quarter === b.quarter ? (a.orgUnit < b.orgUnit ? -1 : 1) : a.quarter < b.quarter ? -1 : 1));
}
