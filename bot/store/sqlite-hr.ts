/**
 * The SQLite side of the HR tables: keeping the per-case projection (`hr_cases`) and the
 * per-(quarter, unit) aggregates (`hr_aggregates`) in step with `hr_log` inside the turn's
 * transaction, repairing both when the store opens, and the reads of the CaseStore port. Shared
 * SQL and row formats are in hr-sql.ts; what a case contributes is in bot/hr/cells.ts.
 */
import type Database from 'better-sqlite3';
import { addAggregate, aggregateChange, aggregatesOfCases, emptyAggregate, HR_AGGREGATE_SIGNATURE } from '../../flows/hr/cells';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { foldHrCase, startsHrCase } from '../../flows/hr/projection';
import type { HrCase } from '../../flows/hr/projection';
import type { HrLogEntry } from './store-rows';
import { aggregateFromRecord, aggregateValues, HR_CASE_SQL_COLUMNS, HR_LOG_COLUMNS, hrAggregatesSql, hrCaseFromRecord, hrCaseValues, hrLogRowFrom } from './hr-sql';
import type { HrLogRecord } from './hr-sql';

const sqlitePlaceholder = () => '?';

interface AggregateRecord {
  quarter: string;
  org_unit: string;
  counts: string;
  days: string;
}

export class SqliteHrProjection {
  private readonly selectCase: Database.Statement;
  private readonly upsertCase: Database.Statement;
  private readonly selectAggregate: Database.Statement;
  private readonly upsertAggregate: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.selectCase = db.prepare(`SELECT ${HR_CASE_SQL_COLUMNS.join(', ')} FROM hr_cases WHERE case_key = ?`);
    this.upsertCase = db.prepare(UPSERT_CASE);
    this.selectAggregate = db.prepare('SELECT quarter, org_unit, counts, days FROM hr_aggregates WHERE quarter = ? AND org_unit = ?');
    this.upsertAggregate = db.prepare(UPSERT_AGGREGATE);
  }

  /**
   * Folds a turn's HR log rows into the case's projection and its unit's aggregates; call inside the
   * turn's transaction. False, and nothing folded, when the rows must not be logged (startsHrCase).
   */
  fold(caseKey: string, entries: readonly HrLogEntry[]): boolean {
    if (entries.length === 0) return false;
    const record = this.selectCase.get(caseKey) as Record<string, unknown> | undefined;
    const previous: HrCase | null = record ? hrCaseFromRecord(record) : null;
    if (!previous && !startsHrCase(entries)) return false;
    let next = previous;
    for (const entry of entries) next = foldHrCase(next, caseKey, entry);
    this.upsertCase.run(...hrCaseValues(next!));
    // A case's quarter and unit are fixed by its first row: the old and new projection share one aggregate row.
    const stored = this.selectAggregate.get(next!.quarter, next!.orgUnit) as AggregateRecord | undefined;
    const row = stored ? aggregateFromRecord(stored) : emptyAggregate(next!.quarter, next!.orgUnit);
    addAggregate(row, aggregateChange(previous, next!));
    this.saveAggregate(row);
    return true;
  }

  /**
   * On open: fills the projection from the HR log when it is empty but the log is not (a store
   * from before migration 002), and recomputes the aggregates when they follow another cell
   * catalogue (HR_AGGREGATE_SIGNATURE) or are missing.
   */
  repair(): void {
    const db = this.db;
    const casesMissing = !db.prepare('SELECT 1 FROM hr_cases LIMIT 1').get() && db.prepare('SELECT 1 FROM hr_log LIMIT 1').get();
    const stale =
      db.prepare('SELECT 1 FROM hr_aggregates WHERE signature <> ? LIMIT 1').get(HR_AGGREGATE_SIGNATURE) ||
      (db.prepare('SELECT 1 FROM hr_cases LIMIT 1').get() && !db.prepare('SELECT 1 FROM hr_aggregates LIMIT 1').get());
    if (!casesMissing && !stale) return;
    db.transaction(() => {
      if (casesMissing) {
        // Folded in memory first: better-sqlite3 cannot write while a query is still being read.
        const projections = new Map<string, HrCase>();
        for (const record of db.prepare(`SELECT ${HR_LOG_COLUMNS} FROM hr_log ORDER BY id`).iterate()) {
          const row = hrLogRowFrom(record as HrLogRecord);
          projections.set(row.caseKey, foldHrCase(projections.get(row.caseKey) ?? null, row.caseKey, row));
        }
        for (const projection of projections.values()) this.upsertCase.run(...hrCaseValues(projection));
      }
      recomputeSqliteAggregates(db);
    }).immediate();
  }

  aggregates(quarters: string[]): HrAggregateRow[] {
    const { sql, params } = hrAggregatesSql(quarters, sqlitePlaceholder);
    return (this.db.prepare(sql).all(...params) as AggregateRecord[]).map(aggregateFromRecord);
  }

  private saveAggregate(row: HrAggregateRow): void {
    saveSqliteAggregate(this.upsertAggregate, row);
  }
}

const UPSERT_AGGREGATE = 'INSERT OR REPLACE INTO hr_aggregates (quarter, org_unit, signature, counts, days) VALUES (?, ?, ?, ?, ?)';
const UPSERT_CASE = `INSERT OR REPLACE INTO hr_cases (${HR_CASE_SQL_COLUMNS.join(', ')}) VALUES (${HR_CASE_SQL_COLUMNS.map(() => '?').join(', ')})`;

function saveSqliteAggregate(upsert: Database.Statement, row: HrAggregateRow): void {
  const { counts, days } = aggregateValues(row);
  upsert.run(row.quarter, row.orgUnit, HR_AGGREGATE_SIGNATURE, counts, days);
}

/** Saves projections folded outside a turn (migration 011); call inside a write transaction, then recompute the aggregates. */
export function saveSqliteHrCases(db: Database.Database, cases: readonly HrCase[]): void {
  const upsert = db.prepare(UPSERT_CASE);
  for (const projection of cases) upsert.run(...hrCaseValues(projection));
}

/** Replaces every aggregate row by the rows of the projection as it is; call inside a write transaction. */
export function recomputeSqliteAggregates(db: Database.Database): void {
  const cases = db.prepare(`SELECT ${HR_CASE_SQL_COLUMNS.join(', ')} FROM hr_cases`).all() as Array<Record<string, unknown>>;
  const rows = aggregatesOfCases(cases.map(hrCaseFromRecord));
  db.prepare('DELETE FROM hr_aggregates').run();
  const upsert = db.prepare(UPSERT_AGGREGATE);
  for (const row of rows) saveSqliteAggregate(upsert, row);
}
