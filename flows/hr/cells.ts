/**
 * The cells HR counts about cases, and what one case contributes to them. Pure, shared by every
 * store. (The appraisal section counts conversations instead: appraisal-cells.ts.)
 *
 * Stores keep one aggregate row per (quarter, org unit): the number of cases in each cell of
 * HR_CELLS and, per interval of measures.ts, how many cases took how many days. When a turn
 * changes a case's projection, the store subtracts the old contribution and adds the new one in
 * the same transaction, so a summary reads a few hundred small rows instead of every case.
 * HR_AGGREGATE_SIGNATURE changes whenever the cells or intervals do; a store whose rows carry
 * another signature recomputes them from the projection (hr_cases) when it opens.
 */
import { createHash } from 'node:crypto';
import { CASES, HR_CASE_TABLES, HR_INTERVALS } from './measures';
import type { HrTableDef } from './measures';
import type { HrCase, HrCondition, HrTest } from './projection';

export interface HrCellDef {
  id: string;
  condition: HrCondition;
}

export const cellId = (table: string, code: string) => `${table}.${code}`;
export const noCellId = (table: string, code: string) => `${table}.${code}:no`;
/** The cell a table's category is counted in: its own, or the one it is the `sameAs` of. */
export const categoryCellId = (table: string, category: { code: string; sameAs?: string }) => category.sameAs ?? cellId(table, category.code);
const negateFlag = (condition: HrCondition): HrCondition => condition.map((test) => ('bit' in test ? { ...test, set: !test.set } : test));

/**
 * `cases` first, then every case table's categories (a flag also has its unpublished "no" cell);
 * a category that is the `sameAs` of another has no cell of its own.
 */
export const HR_CELLS: readonly HrCellDef[] = [
  { id: CASES, condition: [] },
  ...HR_CASE_TABLES.flatMap((table) =>
    table.categories.filter((category) => category.sameAs === undefined).flatMap((category) => [
      { id: cellId(table.id, category.code), condition: category.when },
      ...(table.kind === 'flags' ? [{ id: noCellId(table.id, category.code), condition: negateFlag(category.when) }] : []),
    ]),
  ),
];

export const CELL_INDEX: ReadonlyMap<string, number> = new Map(HR_CELLS.map((cell, index) => [cell.id, index]));

export interface CellRelation {
  total: string;
  parts: string[];
}

/**
 * Additive relations between the cells of one unit and quarter: a population is the sum of its
 * categories. Every population must be one of `cells` (the same root's), or measures.ts is wrong.
 */
export function withinRelationsOf(tables: readonly HrTableDef[], cells: readonly { id: string }[]): CellRelation[] {
  const ids = new Set(cells.map((cell) => cell.id));
  for (const table of tables) {
    if (!ids.has(table.population)) throw new Error(`measures.ts: unknown population ${table.population}`);
    for (const category of table.categories) {
      const same = 'sameAs' in category ? category.sameAs : undefined;
      if (same !== undefined && (table.kind === 'flags' || !ids.has(same))) throw new Error(`measures.ts: ${table.id}.${category.code} cannot be ${same}`);
    }
  }
  return tables.flatMap((table) =>
    table.kind === 'flags'
      ? table.categories.map((c) => ({ total: table.population, parts: [cellId(table.id, c.code), noCellId(table.id, c.code)] }))
      : [{ total: table.population, parts: table.categories.map((c) => categoryCellId(table.id, c)) }],
  );
}

/** The relations between the case cells. */
export const WITHIN_RELATIONS: readonly CellRelation[] = withinRelationsOf(HR_CASE_TABLES, HR_CELLS);

export const HR_AGGREGATE_SIGNATURE = createHash('sha256')
  .update(JSON.stringify([HR_CELLS, HR_INTERVALS]))
  .digest('hex')
  .slice(0, 16);

function passes(c: HrCase, test: HrTest): boolean {
  const value = c[test.column];
  if ('recorded' in test) return (value !== null) === test.recorded;
  if ('atLeast' in test) return typeof value === 'number' && value >= test.atLeast;
  if ('bit' in test) return ((c.categoryMask & (1 << test.bit)) !== 0) === test.set;
  return value === test.is;
}

export function meets(c: HrCase, condition: HrCondition): boolean {
  return condition.every((test) => passes(c, test));
}

/** Days from a case's signal (or `from` milestone) to `to`, per interval it has completed. */
export function intervalDaysOf(c: HrCase): Array<[string, number]> {
  return HR_INTERVALS.flatMap((interval): Array<[string, number]> => {
    const to = c.days[interval.to];
    const from = interval.from === null ? 0 : c.days[interval.from];
    if (to === null || from === null || to - from < 0) return [];
    return [[interval.id, to - from]];
  });
}

/** One (quarter, org unit) row of counts and day histograms. */
export interface HrAggregateRow {
  quarter: string;
  orgUnit: string;
  /** Cases per cell, in HR_CELLS order. */
  counts: number[];
  /** Interval id → days → number of cases. */
  days: Record<string, Record<string, number>>;
}

export function emptyAggregate(quarter: string, orgUnit: string): HrAggregateRow {
  return { quarter, orgUnit, counts: HR_CELLS.map(() => 0), days: {} };
}

/** Adds `count` cases that took `days` days to an interval's histogram (a negative count removes them). */
function addDays(row: HrAggregateRow, interval: string, days: number | string, count: number): void {
  const histogram = (row.days[interval] ??= {});
  const next = (histogram[days] ?? 0) + count;
  if (next === 0) delete histogram[days];
  else histogram[days] = next;
  if (Object.keys(histogram).length === 0) delete row.days[interval];
}

/** Adds (+1) or removes (−1) one case's contribution; the case's quarter and unit must be the row's. */
export function addCase(row: HrAggregateRow, c: HrCase, sign: 1 | -1): void {
  HR_CELLS.forEach((cell, index) => {
    if (meets(c, cell.condition)) row.counts[index] = (row.counts[index] ?? 0) + sign;
  });
  for (const [interval, days] of intervalDaysOf(c)) addDays(row, interval, days, sign);
}

/** What a case's change from `previous` (null: a new case) to `next` adds to its (quarter, unit) row. */
export function aggregateChange(previous: HrCase | null, next: HrCase): HrAggregateRow {
  const row = emptyAggregate(next.quarter, next.orgUnit);
  if (previous) addCase(row, previous, -1);
  addCase(row, next, 1);
  return row;
}

/** True when a row adds nothing: no count and no day span. */
export function isEmptyAggregate(row: HrAggregateRow): boolean {
  return row.counts.every((count) => count === 0) && Object.keys(row.days).length === 0;
}

/** Adds `row` into `into` (the same quarter and unit): counts and day histograms. */
export function addAggregate(into: HrAggregateRow, row: HrAggregateRow): void {
  row.counts.forEach((count, index) => (into.counts[index] = (into.counts[index] ?? 0) + count));
  for (const [interval, histogram] of Object.entries(row.days)) {
    for (const [days, count] of Object.entries(histogram)) addDays(into, interval, days, count);
  }
}

/** Rows keyed by quarter and unit, made empty when first asked for. */
class AggregateRows {
  private readonly rows = new Map<string, HrAggregateRow>();

  of(quarter: string, orgUnit: string): HrAggregateRow {
    const key = `${quarter}\u0000${orgUnit}`;
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = emptyAggregate(quarter, orgUnit)));
    return row;
  }

  all(): HrAggregateRow[] {
    return [...this.rows.values()];
  }
}

/** One row per (quarter, unit): the sum of the rows given for it. */
export function sumAggregates(rows: Iterable<HrAggregateRow>): HrAggregateRow[] {
  const sums = new AggregateRows();
  for (const row of rows) addAggregate(sums.of(row.quarter, row.orgUnit), row);
  return sums.all();
}

/** The aggregate rows of some cases, one per (quarter, unit) they fall in. */
export function aggregatesOfCases(cases: Iterable<HrCase>): HrAggregateRow[] {
  const rows = new AggregateRows();
  for (const c of cases) addCase(rows.of(c.quarter, c.orgUnit), c, 1);
  return rows.all();
}
