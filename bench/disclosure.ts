/**
 * The disclosure section of the bench: the suppressed cube of one year over the bench's HR data
 * (200 units), built as the product builds it — the per-relation rules, the rectangles and the
 * interval audit with HiGHS — with its time, the cells hidden beyond the primary ones (the
 * information loss docs/hr-data-dictionary.md quotes). The audit confirms each small hidden count
 * as it goes (cube-suppression.ts, step 4): a count it cannot protect makes it hide more.
 *
 * The bench's data has no managers, so the operational store's flags (issue 19 §2) are stood in for
 * by the most the store could flag: every unit × quarter with at least k cases. Every other
 * unit × quarter is untrusted, as in the product.
 */
import { performance } from 'node:perf_hooks';
import { HrCube, quartersOf } from '../flows/hr/aggregate';
import type { HrUnitQuarter } from '../flows/hr/aggregate';
import { CELL_INDEX } from '../flows/hr/cells';
import type { HrAggregateRow } from '../flows/hr/cells';
import { CASES } from '../flows/hr/measures';
import { loadLpSolver } from '../bot/hr/lp-solver';
import { benchOrgUnits, generateHrCases } from './hr-data';

export interface DisclosureFigures {
  units: number;
  cells: number;
  primary: number;
  /** Hidden by the rules and rectangles alone (the linear attacker). */
  hiddenLinear: number;
  /** Hidden with the interval audit too. */
  hidden: number;
  linearMs: number;
  auditedMs: number;
}

export async function disclosureSection(spec: { rows: number; units: number; firstYear: number; years: number; year: number }, k = 10): Promise<DisclosureFigures> {
  const orgUnits = benchOrgUnits(spec.units);
  const aggregates = new Map<string, HrAggregateRow>();
  for (const _ of generateHrCases({ rows: spec.rows, orgUnits, firstYear: spec.firstYear, years: spec.years }, aggregates));
  const quarters = new Set(quartersOf(spec.year));
  const rows = [...aggregates.values()].filter((row) => quarters.has(row.quarter));
  const eligible: HrUnitQuarter[] = rows.filter((row) => row.counts[CELL_INDEX.get(CASES)!]! >= k).map(({ orgUnit, quarter }) => ({ orgUnit, quarter }));
  const solve = await loadLpSolver();
  let started = performance.now();
  const linear = new HrCube(rows, { year: spec.year, units: orgUnits, k, eligible });
  const linearMs = performance.now() - started;
  started = performance.now();
  const audited = new HrCube(rows, { year: spec.year, units: orgUnits, k, eligible, solve });
  const auditedMs = performance.now() - started;
  return {
    units: orgUnits.length,
    cells: audited.cellCount,
    primary: audited.hiddenCount.primary,
    hiddenLinear: linear.hiddenCount.total,
    hidden: audited.hiddenCount.total,
    linearMs,
    auditedMs,
  };
}

/** The section's line in the bench output. */
export function disclosureLine(f: DisclosureFigures): string {
  const beyond = f.hidden - f.primary;
  const publishable = f.cells - f.primary;
  return [
    `disclosure: ${f.units} units, ${f.cells.toLocaleString('en')} cells; primary (below k) ${f.primary.toLocaleString('en')}`,
    `hidden beyond primary: ${(f.hiddenLinear - f.primary).toLocaleString('en')} (linear attacker only, ${(f.linearMs / 1000).toFixed(1)} s),`,
    `${beyond.toLocaleString('en')} = ${((100 * beyond) / publishable).toFixed(1)} % of the cells ≥ k (with the interval audit, ${(f.auditedMs / 1000).toFixed(1)} s)`,
  ].join(' ');
}
