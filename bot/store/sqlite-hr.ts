/**
 * The SQLite side of the HR tables: keeping the per-case projection (`hr_cases`) and the
 * per-(quarter, unit) aggregates (`hr_aggregates`) in step with `hr_log` inside the turn's
 * transaction, repairing both when the store opens, and the reads of the CaseStore port. Shared
 * SQL and row formats are in hr-sql.ts; what a case contributes is in bot/hr/cells.ts.
 */
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import { addAggregate, aggregateChange, aggregatesOfCases, emptyAggregate, HR_AGGREGATE_SIGNATURE } from '../../flows/hr/cells';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { projectHrCase, startsHrCase } from '../../flows/hr/projection';
import type { HrCase } from '../../flows/hr/projection';
import type { HrLogEntry } from './store-rows';
import { aggregateFromRecord, aggregateValues, assertQuarters, HR_LOG_COLUMNS, hrCaseFromRecord, projectionsFromLog, selectHrCases, upsertHrCase } from './hr-sql';
import type { HrLogRecord } from './hr-sql';
import { oneOf, queryBuilder, SqliteRunner } from './query-layer';

/** Compiles this store's statements (query-layer.ts). */
const builder = queryBuilder('sqlite');

interface AggregateRecord {
  quarter: string;
  org_unit: string;
  counts: string;
  days: string;
}

export class SqliteHrProjection {
  private readonly runner: SqliteRunner;

  constructor(private readonly sqlite: Database.Database) {
    this.runner = new SqliteRunner(sqlite);
  }

  /**
   * Folds a turn's HR log rows into the case's projection and its unit's aggregates; call inside the
   * turn's transaction. False, and nothing folded, when the rows must not be logged (startsHrCase).
   */
  fold(caseKey: string, entries: readonly HrLogEntry[]): boolean {
    if (entries.length === 0) return false;
    const [record] = this.runner.all(selectHrCases(caseKey).compile(builder));
    const previous: HrCase | null = record ? hrCaseFromRecord(record) : null;
    if (!previous && !startsHrCase(entries)) return false;
    const next = projectHrCase(previous, caseKey, entries)!;
    this.runner.run(upsertHrCase(next).compile(builder));
    // A case's quarter and unit are fixed by its first row: the old and new projection share one aggregate row.
    const [stored] = this.runner.all(
      sql<AggregateRecord>`SELECT quarter, org_unit, counts, days FROM hr_aggregates WHERE quarter = ${next.quarter} AND org_unit = ${next.orgUnit}`.compile(builder),
    );
    const row = stored ? aggregateFromRecord(stored) : emptyAggregate(next.quarter, next.orgUnit);
    addAggregate(row, aggregateChange(previous, next));
    saveAggregate(this.runner, row);
    return true;
  }

  /**
   * On open: fills the projection from the HR log when it is empty but the log is not (a store
   * from before migration 002), and recomputes the aggregates when they follow another cell
   * catalogue (HR_AGGREGATE_SIGNATURE) or are missing.
   */
  repair(): void {
    const sqlite = this.sqlite;
    const casesMissing = !sqlite.prepare('SELECT 1 FROM hr_cases LIMIT 1').get() && sqlite.prepare('SELECT 1 FROM hr_log LIMIT 1').get();
    const stale =
      sqlite.prepare('SELECT 1 FROM hr_aggregates WHERE signature <> ? LIMIT 1').get(HR_AGGREGATE_SIGNATURE) ||
      (sqlite.prepare('SELECT 1 FROM hr_cases LIMIT 1').get() && !sqlite.prepare('SELECT 1 FROM hr_aggregates LIMIT 1').get());
    if (!casesMissing && !stale) return;
    sqlite
      .transaction(() => {
        if (casesMissing) saveSqliteHrCases(sqlite, projectionsFromLog(sqlite.prepare(`SELECT ${HR_LOG_COLUMNS} FROM hr_log ORDER BY id`).all() as HrLogRecord[]));
        recomputeSqliteAggregates(sqlite);
      })
      .immediate();
  }

  /** The aggregate rows of some quarters (signature checked on open, not per read). */
  aggregates(quarters: string[]): HrAggregateRow[] {
    assertQuarters(quarters);
    return this.runner
      .all(sql<AggregateRecord>`SELECT quarter, org_unit, counts, days FROM hr_aggregates WHERE ${oneOf('sqlite', 'quarter', quarters)}`.compile(builder))
      .map(aggregateFromRecord);
  }
}

function saveAggregate(runner: SqliteRunner, row: HrAggregateRow): void {
  const { counts, days } = aggregateValues(row);
  runner.run(
    sql`INSERT OR REPLACE INTO hr_aggregates (quarter, org_unit, signature, counts, days) VALUES (${row.quarter}, ${row.orgUnit}, ${HR_AGGREGATE_SIGNATURE}, ${counts}, ${days})`.compile(builder),
  );
}

/** Saves projections folded outside a turn (migration 011); call inside a write transaction, then recompute the aggregates. */
export function saveSqliteHrCases(sqlite: Database.Database, cases: readonly HrCase[]): void {
  const runner = new SqliteRunner(sqlite);
  for (const projection of cases) runner.run(upsertHrCase(projection).compile(builder));
}

/** Replaces every aggregate row by the rows of the projection as it is; call inside a write transaction. */
export function recomputeSqliteAggregates(sqlite: Database.Database): void {
  const runner = new SqliteRunner(sqlite);
  const rows = aggregatesOfCases(runner.all(selectHrCases().compile(builder)).map(hrCaseFromRecord));
  sqlite.prepare('DELETE FROM hr_aggregates').run();
  for (const row of rows) saveAggregate(runner, row);
}
