/**
 * Migration steps in TypeScript, run right after the SQL file of the same version, in the same
 * transaction: for data changes that SQL cannot express alike in both dialects. The logic itself is
 * pure and shared (flows/); each dialect only reads, writes and recomputes.
 *
 * 011: the Wbk feedback deadline in the HR log counted from the acknowledgement of receipt, or from
 * the end of the 7 days without one (flows/hr/wbk-feedback-recount.ts). SQLite's and PostgreSQL's
 * month arithmetic differ from flows/calendar.ts (SQLite rolls 30 November + 3 months over into
 * March), so the recount runs here. Only cases still in the projection are read: quarters already
 * purged have no HR log rows left to change, and stay as they are.
 */
import type Database from 'better-sqlite3';
import type { ClientBase } from 'pg';
import { recountWbkFeedback } from '../../flows/hr/wbk-feedback-recount';
import { HR_LOG_COLUMNS as POSTGRES_HR_LOG_COLUMNS, hrLogRowFrom as postgresHrLogRow, lockHrForRecount, recomputeParts, saveHrCases } from './postgres-hr';
import type { HrLogRecord as PostgresHrLogRecord } from './postgres-hr';
import { HR_LOG_COLUMNS as SQLITE_HR_LOG_COLUMNS, hrLogRowFrom as sqliteHrLogRow, recomputeSqliteAggregates, saveSqliteHrCases } from './sqlite-hr';
import type { HrLogRecord as SqliteHrLogRecord } from './sqlite-hr';

/** Every HR log row of the cases with a whistleblower report that are still in the projection. */
const whistleblowerCaseRowsSql = (columns: string) => `SELECT id, ${columns} FROM hr_log
  WHERE case_key IN (SELECT case_key FROM hr_log WHERE transition = 'reportFiled' AND outcome = 'whistleblower')
    AND case_key IN (SELECT case_key FROM hr_cases)
  ORDER BY id`;

function recountSqlite(db: Database.Database): void {
  const records = db.prepare(whistleblowerCaseRowsSql(SQLITE_HR_LOG_COLUMNS)).all() as Array<SqliteHrLogRecord & { id: number }>;
  const { changed, projections } = recountWbkFeedback(records.map((record) => ({ ...sqliteHrLogRow(record), id: record.id })));
  if (changed.length === 0) return;
  const update = db.prepare('UPDATE hr_log SET deadline_met = ? WHERE id = ?');
  for (const change of changed) update.run(change.deadlineMet ? 1 : 0, change.id);
  saveSqliteHrCases(db, projections);
  recomputeSqliteAggregates(db);
}

async function recountPostgres(db: ClientBase): Promise<void> {
  // Before reading: turns of running instances must not fold into the projection meanwhile.
  await lockHrForRecount(db);
  const records = (await db.query<PostgresHrLogRecord & { id: string }>(whistleblowerCaseRowsSql(POSTGRES_HR_LOG_COLUMNS))).rows;
  const { changed, projections } = recountWbkFeedback(records.map((record) => ({ ...postgresHrLogRow(record), id: Number(record.id) })));
  if (changed.length === 0) return;
  await db.query('UPDATE hr_log SET deadline_met = c.met FROM unnest($1::bigint[], $2::boolean[]) AS c (id, met) WHERE hr_log.id = c.id', [
    changed.map((c) => c.id),
    changed.map((c) => c.deadlineMet),
  ]);
  await saveHrCases(db, projections);
  await recomputeParts(db);
}

export const SQLITE_DATA_STEPS: Readonly<Partial<Record<number, (db: Database.Database) => void>>> = { 11: recountSqlite };
export const POSTGRES_DATA_STEPS: Readonly<Partial<Record<number, (db: ClientBase) => Promise<void>>>> = { 11: recountPostgres };
