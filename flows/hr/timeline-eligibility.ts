/**
 * Which unit × quarter HR may read as pseudonymous timelines, pure. Counting timelines gives the
 * number of cases of a unit in a quarter (their only date is the quarter), so a quarter is shown
 * only when the suppressed cube publishes that number and it is at least k: counting them then
 * tells nothing the tables do not. The operational store adds its own flag per unit × quarter
 * (resistance to padding, issue 19 §2: distinct managers, cases past their first step); the cube
 * already hides every figure of a unit × quarter without that flag (aggregate.ts), so its count is
 * never published there either.
 */
import type { HrCell } from './aggregate';

/** The operational store's verdict for a unit × quarter; undefined: it gave none. */
export type TimelineFlag = (orgUnit: string, quarter: string) => boolean | undefined;

export function timelineEligible(cases: HrCell, k: number, flag: boolean | undefined): boolean {
  return cases.value !== null && cases.value >= k && flag !== false;
}
