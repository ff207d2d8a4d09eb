import { quartersOf } from '../../../../flows/hr/aggregate';
import type { HrUnitQuarter } from '../../../../flows/hr/aggregate';

/**
 * Every unit × quarter of a year flagged as large enough by the operational store (issue 19 §2): for
 * fixtures whose units stand for real units of many managers, so that only their counts decide.
 */
export function everyUnitEligible(units: readonly string[], year = 2026): HrUnitQuarter[] {
  return units.flatMap((orgUnit) => quartersOf(year).map((quarter) => ({ orgUnit, quarter })));
}
