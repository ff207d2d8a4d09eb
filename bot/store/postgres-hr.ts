/**
 * The PostgreSQL side of the HR tables: the per-case projection (`hr_cases`) folded inside the
 * turn's transaction, exactly as in SQLite (flows/hr/projection.ts), and HR's aggregates computed
 * in SQL from it when they are read.
 *
 * SQLite keeps an aggregate row per (quarter, unit) up to date with every turn; here every turn of
 * a unit would then write that one row, and the instances would queue on its lock. Instead one
 * query counts each cell of HR_CELLS with `count(*) FILTER (WHERE <the cell's condition>)` and a
 * second one builds the day histograms of HR_INTERVALS, both grouped by quarter and unit. The
 * conditions are translated from the same catalogue (flows/hr/measures.ts) the SQLite store
 * evaluates in JavaScript, so both stores return the same rows (tests/bot/store/contract/hr.ts).
 * Column names come only from the projection's catalogue; every value is a bind parameter.
 */
import type { Pool, PoolClient } from 'pg';
import { HR_CELLS } from '../../flows/hr/cells';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { HR_INTERVALS } from '../../flows/hr/measures';
import { foldHrCase, HR_CASE_COLUMNS, HR_DAY_COLUMNS, projectHrCase } from '../../flows/hr/projection';
import type { HrCase, HrCondition, HrTest } from '../../flows/hr/projection';
import type { HrLogEntry, HrLogRow, HrTimeline, HrTimelineQuery } from './case-store';
import { assertQuarters, HR_CASE_SQL_COLUMNS, hrCaseFromRecord, hrCaseValues, hrTimelineCasesSql, hrTimelinesOf } from './hr-sql';
import type { InTransaction } from './postgres-reminders';

const postgresPlaceholder = (index: number) => `$${index}`;

export interface HrLogRecord {
  case_key: string;
  rung: string;
  transition: string;
  outcome: string | null;
  categories: string[];
  source: string | null;
  org_unit: string;
  iso_week: string;
  days_since_signal: number | null;
  deadline_met: boolean | null;
}

export const HR_LOG_COLUMNS = 'case_key, rung, transition, outcome, categories, source, org_unit, iso_week, days_since_signal, deadline_met';

export function hrLogRowFrom(record: HrLogRecord): HrLogRow {
  return {
    caseKey: record.case_key,
    rung: record.rung,
    transition: record.transition,
    outcome: record.outcome,
    categories: record.categories,
    source: record.source,
    orgUnit: record.org_unit,
    isoWeek: record.iso_week,
    daysSinceSignal: record.days_since_signal,
    deadlineMet: record.deadline_met,
  };
}

/** One test of a cell's condition as SQL (the same meaning as `meets` in flows/hr/cells.ts). */
function testSql(test: HrTest, params: unknown[]): string {
  const column = HR_CASE_COLUMNS[test.column];
  const param = (value: unknown) => {
    params.push(value);
    return postgresPlaceholder(params.length);
  };
  if ('recorded' in test) return `${column} IS ${test.recorded ? 'NOT ' : ''}NULL`;
  if ('atLeast' in test) return `${column} >= ${param(test.atLeast)}`;
  if ('bit' in test) return `(${column} & ${param(1 << test.bit)}) ${test.set ? '<>' : '='} 0`;
  return `${column} = ${param(test.is)}`;
}

function conditionSql(condition: HrCondition, params: unknown[]): string {
  return condition.length === 0 ? 'TRUE' : condition.map((test) => testSql(test, params)).join(' AND ');
}

/** The cell counts per (quarter, unit), as one int array in HR_CELLS order; the quarters come last. */
function cellCountsSql(quarters: readonly string[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const counts = HR_CELLS.map((cell) => `count(*) FILTER (WHERE ${conditionSql(cell.condition, params)})::int`);
  params.push(quarters);
  return {
    sql: `SELECT quarter, org_unit, ARRAY[${counts.join(', ')}] AS counts FROM hr_cases
      WHERE quarter = ANY (${postgresPlaceholder(params.length)}::text[]) GROUP BY quarter, org_unit`,
    params,
  };
}

/** Per (quarter, unit, interval): how many cases took how many days (negative spans left out, as in cells.ts). */
function dayHistogramsSql(quarters: readonly string[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const spans = HR_INTERVALS.map((interval) => {
    params.push(interval.id);
    const from = interval.from === null ? '0' : `c.${HR_DAY_COLUMNS[interval.from]}`;
    return `(${postgresPlaceholder(params.length)}::text, c.${HR_DAY_COLUMNS[interval.to]} - ${from})`;
  });
  params.push(quarters);
  return {
    sql: `SELECT c.quarter, c.org_unit, span.interval_id, span.days, count(*)::int AS n
      FROM hr_cases c CROSS JOIN LATERAL (VALUES ${spans.join(', ')}) AS span (interval_id, days)
      WHERE c.quarter = ANY (${postgresPlaceholder(params.length)}::text[]) AND span.days >= 0
      GROUP BY c.quarter, c.org_unit, span.interval_id, span.days`,
    params,
  };
}

const SQL = {
  selectCase: `SELECT ${HR_CASE_SQL_COLUMNS.join(', ')} FROM hr_cases WHERE case_key = $1`,
  upsertCase: `INSERT INTO hr_cases (${HR_CASE_SQL_COLUMNS.join(', ')}) VALUES (${HR_CASE_SQL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
    ON CONFLICT (case_key) DO UPDATE SET ${HR_CASE_SQL_COLUMNS.filter((c) => c !== 'case_key').map((c) => `${c} = excluded.${c}`).join(', ')}`,
  lockProjection: 'LOCK TABLE hr_cases IN SHARE ROW EXCLUSIVE MODE',
  projectionIsEmpty: 'SELECT NOT EXISTS (SELECT 1 FROM hr_cases) AND EXISTS (SELECT 1 FROM hr_log) AS missing',
  selectLog: `SELECT ${HR_LOG_COLUMNS} FROM hr_log ORDER BY id`,
  selectLogOfCases: `SELECT ${HR_LOG_COLUMNS} FROM hr_log WHERE case_key = ANY ($1::text[]) ORDER BY id`,
} as const;

export class PostgresHrProjection {
  constructor(
    private readonly pool: Pool,
    private readonly transaction: InTransaction,
  ) {}

  /**
   * Folds a turn's HR log rows into the case's projection; call inside the turn's transaction,
   * which holds the case row's lock, so turns on one case fold one after the other.
   */
  async fold(db: PoolClient, caseKey: string, entries: readonly HrLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const record = (await db.query<Record<string, unknown>>(SQL.selectCase, [caseKey])).rows[0];
    const next = projectHrCase(record ? hrCaseFromRecord(record) : null, caseKey, entries)!;
    await db.query(SQL.upsertCase, hrCaseValues(next));
  }

  /**
   * On open: fills the projection from the HR log when it is empty but the log is not (a database
   * from before migration 003). The table lock makes instances that open together do it once.
   */
  async repair(): Promise<void> {
    if (!(await this.pool.query<{ missing: boolean }>(SQL.projectionIsEmpty)).rows[0]!.missing) return;
    await this.transaction(async (db) => {
      await db.query(SQL.lockProjection);
      if (!(await db.query<{ missing: boolean }>(SQL.projectionIsEmpty)).rows[0]!.missing) return;
      const projections = new Map<string, HrCase>();
      for (const row of (await db.query<HrLogRecord>(SQL.selectLog)).rows.map(hrLogRowFrom)) {
        projections.set(row.caseKey, foldHrCase(projections.get(row.caseKey) ?? null, row.caseKey, row));
      }
      for (const projection of projections.values()) await db.query(SQL.upsertCase, hrCaseValues(projection));
    });
  }

  async aggregates(quarters: string[]): Promise<HrAggregateRow[]> {
    assertQuarters(quarters);
    const counts = cellCountsSql(quarters);
    const histograms = dayHistogramsSql(quarters);
    const [countRows, dayRows] = await Promise.all([
      this.pool.query<{ quarter: string; org_unit: string; counts: number[] }>(counts.sql, counts.params),
      this.pool.query<{ quarter: string; org_unit: string; interval_id: string; days: number; n: number }>(histograms.sql, histograms.params),
    ]);
    const rows = new Map(countRows.rows.map((r) => [`${r.quarter}\u0000${r.org_unit}`, { quarter: r.quarter, orgUnit: r.org_unit, counts: r.counts, days: {} } as HrAggregateRow]));
    for (const r of dayRows.rows) {
      const histogram = (rows.get(`${r.quarter}\u0000${r.org_unit}`)!.days[r.interval_id] ??= {});
      histogram[r.days] = r.n;
    }
    return [...rows.values()];
  }

  async timelines(query: HrTimelineQuery): Promise<HrTimeline[]> {
    const { sql, params } = hrTimelineCasesSql(query, postgresPlaceholder);
    const cases = (await this.pool.query<{ case_key: string; org_unit: string; signal_week: string; quarter: string }>(sql, params)).rows;
    if (cases.length === 0) return [];
    const rows = (await this.pool.query<HrLogRecord>(SQL.selectLogOfCases, [cases.map((c) => c.case_key)])).rows;
    return hrTimelinesOf(cases, rows.map(hrLogRowFrom));
  }
}
