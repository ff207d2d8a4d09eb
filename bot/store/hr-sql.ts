/**
 * What both stores need for the HR tables, written once: the per-case projection (`hr_cases`) read,
 * saved and rebuilt from the log, the (de)serialisation of projection and aggregate rows, and the
 * SQL of a timeline page. Column names come only from the projection's catalogue and every value is a bind
 * parameter (Kysely's sql tag numbers them for the dialect).
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { assertOrgUnit, QUARTER_PATTERN, StoreError } from './store-error';
import type { HrLogRow, HrTimeline, HrTimelineQuery } from './store-rows';
import { HR_CELLS } from '../../flows/hr/cells';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { foldHrCase, HR_CASE_COLUMNS, HR_DAY_COLUMNS, MILESTONES, routeBeforeRoutes } from '../../flows/hr/projection';
import type { HrCase } from '../../flows/hr/projection';

export const HR_CASE_KEY_PATTERN = /^[0-9a-f]{64}$/;

export const HR_LOG_COLUMNS = 'case_key, rung, route, transition, outcome, categories, source, org_unit, iso_week, days_since_signal, deadline_met';

/** An `hr_log` row as stored. SQLite has no arrays or booleans: categories as comma text, deadline_met as 1/0. */
export interface HrLogRecord {
  case_key: string;
  rung: string;
  route: string | null;
  transition: string;
  outcome: string | null;
  categories: string | string[];
  source: string | null;
  org_unit: string;
  iso_week: string;
  days_since_signal: number | null;
  deadline_met: boolean | 0 | 1 | null;
}

export function hrLogRowFrom(record: HrLogRecord): HrLogRow {
  const { categories, deadline_met: deadlineMet } = record;
  return {
    caseKey: record.case_key,
    rung: record.rung,
    route: record.route,
    transition: record.transition,
    outcome: record.outcome,
    categories: Array.isArray(categories) ? categories : categories === '' ? [] : categories.split(','),
    source: record.source,
    orgUnit: record.org_unit,
    isoWeek: record.iso_week,
    daysSinceSignal: record.days_since_signal,
    deadlineMet: deadlineMet === null ? null : Boolean(deadlineMet),
  };
}
export const MAX_HR_TIMELINES = 1000;

/** Every column of `hr_cases`, in one order: the projection's fields, then the day offsets. */
export const HR_CASE_SQL_COLUMNS: string[] = [...Object.values(HR_CASE_COLUMNS), ...MILESTONES.map((m) => HR_DAY_COLUMNS[m])];

const CASE_COLUMNS = sql.raw(HR_CASE_SQL_COLUMNS.join(', '));
const CASE_UPDATES = sql.raw(HR_CASE_SQL_COLUMNS.filter((c) => c !== 'case_key').map((c) => `${c} = excluded.${c}`).join(', '));

/** Every column of `hr_cases`: of one case, or of all (read back with hrCaseFromRecord). */
export function selectHrCases(caseKey?: string): RawBuilder<Record<string, unknown>> {
  return sql`SELECT ${CASE_COLUMNS} FROM hr_cases${caseKey === undefined ? sql.raw('') : sql` WHERE case_key = ${caseKey}`}`;
}

/** Saves a case's projection, replacing the one it had. */
export function upsertHrCase(c: HrCase): RawBuilder<never> {
  return sql`INSERT INTO hr_cases (${CASE_COLUMNS}) VALUES (${sql.join(hrCaseValues(c))}) ON CONFLICT (case_key) DO UPDATE SET ${CASE_UPDATES}`;
}

/** The projection rebuilt from the HR log (its rows in insertion order), for a store from before it. */
export function projectionsFromLog(records: readonly HrLogRecord[]): HrCase[] {
  const projections = new Map<string, HrCase>();
  for (const row of records.map(hrLogRowFrom)) projections.set(row.caseKey, foldHrCase(projections.get(row.caseKey) ?? null, row.caseKey, row));
  return [...projections.values()];
}

/** An HrCase as the values of HR_CASE_SQL_COLUMNS. */
export function hrCaseValues(c: HrCase): unknown[] {
  return [
    ...(Object.keys(HR_CASE_COLUMNS) as Array<keyof typeof HR_CASE_COLUMNS>).map((field) => c[field]),
    ...MILESTONES.map((m) => c.days[m]),
  ];
}

/** A row read with HR_CASE_SQL_COLUMNS back into an HrCase. */
export function hrCaseFromRecord(record: Record<string, unknown>): HrCase {
  const fields = Object.fromEntries(Object.entries(HR_CASE_COLUMNS).map(([field, column]) => [field, record[column]]));
  const days = Object.fromEntries(MILESTONES.map((m) => [m, record[HR_DAY_COLUMNS[m]] ?? null]));
  const c = { ...fields, days } as unknown as HrCase;
  // Saved before migration 009, or by an instance still on older code during an upgrade.
  return record[HR_CASE_COLUMNS.route] == null ? { ...c, route: routeBeforeRoutes(c.highest) } : c;
}

export function assertQuarters(quarters: readonly string[]): void {
  if (!Array.isArray(quarters) || quarters.length === 0 || quarters.length > 40 || !quarters.every((q: unknown) => typeof q === 'string' && QUARTER_PATTERN.test(q))) {
    throw new StoreError('invalidCode', 'quarters');
  }
}

/** An aggregate row as stored: counts and day histograms as JSON text. */
export function aggregateValues(row: HrAggregateRow): { counts: string; days: string } {
  return { counts: JSON.stringify(row.counts), days: JSON.stringify(row.days) };
}

export function aggregateFromRecord(record: { quarter: string; org_unit: string; counts: string; days: string }): HrAggregateRow {
  const counts = JSON.parse(record.counts) as number[];
  if (counts.length !== HR_CELLS.length) throw new StoreError('corrupt', 'hr_aggregates.counts');
  return { quarter: record.quarter, orgUnit: record.org_unit, counts, days: JSON.parse(record.days) as HrAggregateRow['days'] };
}

/** The cases of a timeline page: ordered by case key, after the cursor. */
export function hrTimelineCasesQuery(query: HrTimelineQuery): RawBuilder<HrTimelineCaseRecord> {
  assertQuarters(query.quarters);
  if (!Array.isArray(query.orgUnits) || query.orgUnits.length === 0) throw new StoreError('invalidCode', 'orgUnits');
  query.orgUnits.forEach((unit) => assertOrgUnit(unit, 'orgUnits'));
  if (query.afterCaseKey !== undefined && !HR_CASE_KEY_PATTERN.test(query.afterCaseKey)) throw new StoreError('invalidCode', 'afterCaseKey');
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_HR_TIMELINES) throw new StoreError('invalidCode', 'limit');
  return sql<HrTimelineCaseRecord>`SELECT case_key, org_unit, signal_week, quarter FROM hr_cases
    WHERE quarter IN (${sql.join(query.quarters)}) AND org_unit IN (${sql.join(query.orgUnits)}) AND case_key > ${query.afterCaseKey ?? ''}
    ORDER BY case_key LIMIT ${query.limit}`;
}

/** A case of a timeline page as `hr_cases` holds it. */
export interface HrTimelineCaseRecord {
  case_key: string;
  org_unit: string;
  signal_week: string;
  quarter: string;
}

/** A timeline page: the cases of `hrTimelineCasesQuery` with their HR log rows (in insertion order). */
export function hrTimelinesOf(cases: readonly HrTimelineCaseRecord[], rows: readonly HrLogRow[]): HrTimeline[] {
  const events = new Map<string, HrLogRow[]>(cases.map((c) => [c.case_key, []]));
  for (const row of rows) events.get(row.caseKey)?.push(row);
  return cases.map((c) => ({ caseKey: c.case_key, orgUnit: c.org_unit, signalWeek: c.signal_week, quarter: c.quarter, events: events.get(c.case_key)! }));
}
