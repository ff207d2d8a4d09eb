/**
 * HR aggregates with small-group suppression, pure: store counts in, suppressed tables out.
 *
 * Every request is answered from ONE suppressed table per year: the cube of every cell of
 * measures.ts × every organisation unit (plus "all units") × every quarter (plus "the whole
 * year"). Suppression runs on the whole cube before anything is filtered, so a quarter and its
 * year, or one unit and all units, are slices of the same protected table: comparing two filters
 * is no different from reading the margins of one table, and those are protected (cube-suppression.ts).
 *
 * The cube's cells are the case cells (cells.ts) followed by the appraisal cells
 * (appraisal-cells.ts). Relations in the cube, for every unit u and quarter q (each may also be "all"):
 * - a table's population = the sum of its categories (a flag: population = yes + no);
 * - cell(all units, q) = Σ cell(u, q) over the units;
 * - cell(u, whole year) = Σ cell(u, q) over the four quarters.
 * No relation links cases and appraisal conversations: they are different things counted apart.
 * The same suppressed cube answers the tab, the export and the rapportage: everything HR
 * publishes is one table, suppressed in full (no unit's cells are exempt because it has
 * timelines; timelines are shown only where the cube publishes the unit's quarter, see
 * timeline-eligibility.ts). The all-units number of cases per quarter stays published when it is
 * at least k. With `solve` the interval audit (interval-audit.ts) checks every hidden small count
 * against an attacker who knows counts are whole and never negative.
 *
 * Padding (issue 19 §2): anyone who can record cases can lift a small unit over k and subtract
 * their own cases again, so a count alone never shows that a unit's group is large enough. The
 * operational store decides that per unit × quarter (bot/store/group-eligibility.ts) and the cube
 * gets the result as data (`eligible`). Every cell of a unit × quarter that is not eligible is
 * *untrusted*: hidden whatever its count, and protected as a possibly small group (cube-suppression.ts).
 * A unit's year and the all-units figures follow from that: a sum of untrusted cells alone is hidden
 * by the rules. The all-units total per quarter is kept only when some unit of that quarter is
 * eligible, since only then does it hold k cases that no padder can subtract.
 */
import { categoryCellId, HR_CELLS, WITHIN_RELATIONS } from './cells';
import type { CellRelation, HrAggregateRow } from './cells';
import { APPRAISAL_CELLS, APPRAISAL_RELATIONS, meetsAppraisal } from './appraisal-cells';
import type { AppraisalCounter } from './appraisal-cells';
import { CASES, HR_INTERVALS, HR_TABLES } from './measures';
import type { HrTableDef, HrTheme } from './measures';
import { cubeIndex, suppressCube } from './cube-suppression';
import type { CubeShape } from './cube-suppression';
import type { SolveLp } from './interval-audit';

/** Every cell of the cube: the case cells, then the appraisal cells. */
export const HR_CUBE_CELLS: readonly string[] = [...HR_CELLS.map((cell) => cell.id), ...APPRAISAL_CELLS.map((cell) => cell.id)];
/** The relations between the cells of one unit and quarter. */
export const HR_CUBE_RELATIONS: readonly CellRelation[] = [...WITHIN_RELATIONS, ...APPRAISAL_RELATIONS];
const CUBE_INDEX: ReadonlyMap<string, number> = new Map(HR_CUBE_CELLS.map((id, index) => [id, index]));
/** HR_CUBE_RELATIONS by cell number. */
const CUBE_CATEGORIES = HR_CUBE_RELATIONS.map((r) => ({ total: CUBE_INDEX.get(r.total)!, parts: r.parts.map((p) => CUBE_INDEX.get(p)!) }));
/** Where the appraisal cells start. */
const FIRST_APPRAISAL_CELL = HR_CELLS.length;

// ————— periods —————

export interface HrPeriod {
  /** `2026` or `2026-Q4`. */
  id: string;
  kind: 'year' | 'quarter';
  year: number;
  /** The quarter of a quarter period; null for a year. */
  quarter: string | null;
}

const PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4]))?$/;

/** `2026` or `2026-Q4` (years 2000–2100); null for anything else. */
export function parsePeriod(text: string): HrPeriod | null {
  const match = PERIOD_PATTERN.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  return match[2] ? { id: text, kind: 'quarter', year, quarter: text } : { id: text, kind: 'year', year, quarter: null };
}

export function quartersOf(year: number): string[] {
  return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
}

// ————— the suppressed cube of one year —————

/** A published number: its value, or null with `suppressed` when the group is too small. */
export interface HrCell {
  value: number | null;
  suppressed: boolean;
}

/** A unit in a quarter (`2026-Q4`). */
export interface HrUnitQuarter {
  orgUnit: string;
  quarter: string;
}

export interface HrCubeOptions {
  year: number;
  /** The configured units, in their configured order; units found only in the data follow. */
  units: readonly string[];
  k: number;
  /**
   * The unit × quarters the operational store flags as large enough (issue 19 §2); every other
   * unit × quarter has all its cells hidden and protected. Required: a cube without flags would
   * trust every count, padding included.
   */
  eligible: readonly HrUnitQuarter[];
  /** The interval audit's LP solver; without it the cube answers only the linear attacker. */
  solve?: SolveLp;
}

export class HrCube {
  readonly year: number;
  readonly units: string[];
  readonly quarters: string[];
  readonly k: number;
  /** Cells hidden because they are below k (primary), and hidden in all. */
  readonly hiddenCount: { primary: number; total: number };
  /** Every cell of the cube, margins included. */
  readonly cellCount: number;
  private readonly values: Float64Array;
  private readonly hidden: Uint8Array;
  private readonly unitIndex: Map<string, number>;
  private readonly shape: CubeShape;
  /** JSON [unit, quarter] of the eligible unit × quarters. */
  private readonly eligible: Set<string>;

  /** `counts`: the case aggregates of the year; `appraisals`: its appraisal counters. */
  constructor(counts: readonly HrAggregateRow[], options: HrCubeOptions, appraisals: readonly AppraisalCounter[] = []) {
    this.year = options.year;
    this.k = options.k;
    this.quarters = quartersOf(options.year);
    const found = [...counts, ...appraisals].map((row) => row.orgUnit);
    const extra = [...new Set(found)].filter((u) => !options.units.includes(u)).sort();
    this.units = [...new Set(options.units), ...extra];
    this.unitIndex = new Map(this.units.map((unit, u) => [unit, u]));
    this.shape = { cells: HR_CUBE_CELLS.length, rows: this.units.length + 1, columns: this.quarters.length + 1 };
    this.values = new Float64Array(this.shape.cells * this.shape.rows * this.shape.columns);

    for (const row of counts) {
      const u = this.unitIndex.get(row.orgUnit)!;
      const q = this.quarters.indexOf(row.quarter);
      if (q < 0) continue;
      row.counts.forEach((count, cell) => {
        this.add(cell, u, q, count);
      });
    }
    for (const counter of appraisals) {
      const u = this.unitIndex.get(counter.orgUnit)!;
      const q = this.quarters.indexOf(counter.quarter);
      if (q < 0) continue;
      APPRAISAL_CELLS.forEach((cell, i) => {
        if (meetsAppraisal(counter, cell.condition)) this.add(FIRST_APPRAISAL_CELL + i, u, q, counter.count);
      });
    }
    this.eligible = new Set(options.eligible.map((e) => JSON.stringify([e.orgUnit, e.quarter])));
    const untrusted = new Uint8Array(this.values.length);
    this.units.forEach((unit, u) => {
      this.quarters.forEach((quarter, q) => {
        if (this.isTrusted(unit, quarter)) return;
        for (let cell = 0; cell < this.shape.cells; cell += 1) untrusted[this.index(cell, u, q)] = 1;
      });
    });
    const keep = new Uint8Array(this.values.length);
    const all = this.units.length;
    this.quarters.forEach((quarter, q) => {
      if (this.values[this.index(0, all, q)]! >= this.k && this.isTrusted(null, quarter)) keep[this.index(0, all, q)] = 1;
    });
    this.hidden = suppressCube({ values: this.values, shape: this.shape, categories: CUBE_CATEGORIES, k: this.k, keep, untrusted, ...(options.solve ? { solve: options.solve } : {}) });
    const primary = this.values.reduce((sum, value, i) => sum + (value < this.k || untrusted[i] ? 1 : 0), 0);
    this.hiddenCount = { primary, total: this.hidden.reduce((sum, h) => sum + h, 0) };
    this.cellCount = this.values.length;
  }

  /** One published number; `unit` null is all units, `quarter` null the whole year. */
  cell(id: string, unit: string | null, quarter: string | null): HrCell {
    const cell = CUBE_INDEX.get(id);
    const u = unit === null ? this.units.length : (this.unitIndex.get(unit) ?? -1);
    const q = quarter === null ? this.quarters.length : this.quarters.indexOf(quarter);
    if (cell === undefined || u < 0 || q < 0) throw new Error(`HrCube: no cell ${id} for ${unit ?? 'all'} ${quarter ?? this.year}`);
    const i = this.index(cell, u, q);
    return this.hidden[i] ? { value: null, suppressed: true } : { value: this.values[i]!, suppressed: false };
  }

  /**
   * Whether a padder could have made up this unit × quarter's group (`unit` null: all units): a unit
   * is trusted when the store flags it eligible, all units when some unit of the quarter is.
   */
  isTrusted(unit: string | null, quarter: string): boolean {
    if (unit !== null) return this.eligible.has(JSON.stringify([unit, quarter]));
    return this.units.some((u) => this.isTrusted(u, quarter));
  }

  private index(cell: number, u: number, q: number): number {
    return cubeIndex(this.shape, cell, u, q);
  }

  /** Adds a leaf count to its cell and to the margins (all units, whole year, both). */
  private add(cell: number, u: number, q: number, count: number): void {
    const U = this.units.length;
    const Q = this.quarters.length;
    for (const uu of [u, U]) for (const qq of [q, Q]) this.values[this.index(cell, uu, qq)]! += count;
  }
}

// ————— durations: median and 90th percentile —————

export interface HrIntervalStats {
  id: string;
  theme: HrTheme;
  /** Days; null when fewer than k cases reached both milestones. */
  median: number | null;
  p90: number | null;
  suppressed: boolean;
}

/** Nearest-rank percentile of a histogram: always a value some case actually had. */
function percentile(sorted: ReadonlyArray<[number, number]>, n: number, p: number): number {
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const [days, count] of sorted) {
    seen += count;
    if (seen >= rank) return days;
  }
  return sorted[sorted.length - 1]![0];
}

/** The aggregate rows of a scope's unit (all units: every row) and period. */
export function rowsInScope(rows: readonly HrAggregateRow[], scope: HrScope): HrAggregateRow[] {
  return rows.filter(
    (row) => (scope.orgUnit === null || row.orgUnit === scope.orgUnit) && (scope.period.quarter === null || row.quarter === scope.period.quarter),
  );
}

/**
 * Median and p90 of every interval in a scope, from its aggregate rows. A padder's days would move
 * them as their counts do, so they are shown only when every unit × quarter in the scope with rows is
 * trusted (HrCube.isTrusted), and n ≥ k.
 */
export function scopeIntervals(cube: HrCube, rows: readonly HrAggregateRow[], scope: HrScope): HrIntervalStats[] {
  const scoped = rowsInScope(rows, scope);
  const trusted = scoped.every((row) => cube.isTrusted(scope.orgUnit, row.quarter));
  return HR_INTERVALS.map((interval) => intervalStats(interval.id, trusted ? scoped : [], cube.k));
}

/** Median and p90 of one interval over some aggregate rows (one scope's), from their day histograms. */
export function intervalStats(id: string, rows: readonly HrAggregateRow[], k: number): HrIntervalStats {
  const theme = HR_INTERVALS.find((i) => i.id === id)!.theme;
  const histogram: Record<string, number> = {};
  let n = 0;
  for (const row of rows) {
    for (const [days, count] of Object.entries(row.days[id] ?? {})) {
      histogram[days] = (histogram[days] ?? 0) + count;
      n += count;
    }
  }
  if (n < k) return { id, theme, median: null, p90: null, suppressed: true };
  const sorted = Object.entries(histogram)
    .map(([days, count]): [number, number] => [Number(days), count])
    .sort((a, b) => a[0] - b[0]);
  return { id, theme, median: percentile(sorted, n, 0.5), p90: percentile(sorted, n, 0.9), suppressed: false };
}

// ————— tables as published —————

export interface HrCategoryCell {
  code: string;
  cell: HrCell;
}

export interface HrTableRow {
  /** The unit or quarter of a breakdown row; null for the row of the selected scope. */
  key: string | null;
  total: HrCell;
  categories: HrCategoryCell[];
  /** A table with a `share` (measures.ts): that category's share of the total in percent; null unless both are shown. */
  share?: number | null;
}

export interface HrTableView {
  id: string;
  theme: HrTheme;
  kind: HrTableDef['kind'];
  population: string;
  /** The selected unit and period. */
  scope: HrTableRow;
  /** One row per unit (all units selected) or per quarter (a year selected), when asked for. */
  breakdown: HrTableRow[];
}

export type HrBreakdown = 'orgUnit' | 'quarter';

/** A table's row for one unit (null: all) and quarter (null: the year). */
export function tableRow(cube: HrCube, table: HrTableDef, key: string | null, unit: string | null, quarter: string | null): HrTableRow {
  const total = cube.cell(table.population, unit, quarter);
  const categories = table.categories.map((c) => ({ code: c.code, cell: cube.cell(categoryCellId(table.id, c), unit, quarter) }));
  if (table.share === undefined) return { key, total, categories };
  return { key, total, categories, share: percentOf(categories.find((c) => c.code === table.share)!.cell, total) };
}

export interface HrScope {
  period: HrPeriod;
  /** null: all units. */
  orgUnit: string | null;
}

export function tableView(cube: HrCube, table: HrTableDef, scope: HrScope, by?: HrBreakdown): HrTableView {
  const { orgUnit, period } = scope;
  const breakdown =
    by === 'orgUnit' && orgUnit === null
      ? cube.units.map((unit) => tableRow(cube, table, unit, unit, period.quarter))
      : by === 'quarter' && period.quarter === null
        ? cube.quarters.map((quarter) => tableRow(cube, table, quarter, orgUnit, quarter))
        : [];
  return { id: table.id, theme: table.theme, kind: table.kind, population: table.population, scope: tableRow(cube, table, null, orgUnit, period.quarter), breakdown };
}

export interface HrSummary {
  period: HrPeriod;
  orgUnit: string | null;
  k: number;
  /** Every unit one can filter by. */
  orgUnits: string[];
  cases: HrCell;
  tables: HrTableView[];
  intervals: HrIntervalStats[];
}

export function summarize(cube: HrCube, scope: HrScope, rows: readonly HrAggregateRow[], by?: HrBreakdown): HrSummary {
  return {
    period: scope.period,
    orgUnit: scope.orgUnit,
    k: cube.k,
    orgUnits: cube.units,
    cases: cube.cell(CASES, scope.orgUnit, scope.period.quarter),
    tables: HR_TABLES.map((table) => tableView(cube, table, scope, by)),
    intervals: scopeIntervals(cube, rows, scope),
  };
}

/**
 * A part of a whole in percent, one decimal; null unless both are shown. Publishing it reveals
 * nothing new: it follows from two published numbers.
 */
export function percentOf(part: HrCell, whole: HrCell): number | null {
  if (part.value === null || whole.value === null || whole.value === 0) return null;
  return Math.round((1000 * part.value) / whole.value) / 10;
}

/** Share of the first category among two (met / (met + missed)), in percent; null unless both are shown. */
export function shareOf(a: HrCell, b: HrCell): number | null {
  if (a.value === null || b.value === null) return null;
  return percentOf(a, { value: a.value + b.value, suppressed: false });
}
