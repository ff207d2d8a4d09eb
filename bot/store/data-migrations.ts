/**
 * Migration steps in TypeScript, run right after the SQL of the migration of the same version
 * (migrate.ts), in the same transaction: for data changes that SQL cannot express alike in both
 * dialects. Each step is one store program (store-program.ts) over the pure logic of flows/; each
 * dialect only saves what it answers into its own HR aggregates.
 *
 * 011: the Wbk feedback deadline in the HR log counted from the acknowledgement of receipt, or from
 * the end of the 7 days without one (flows/hr/wbk-feedback-recount.ts). SQLite's and PostgreSQL's
 * month arithmetic differ from flows/calendar.ts (SQLite rolls 30 November + 3 months over into
 * March), so the recount runs here. Only cases still in the projection are read: quarters already
 * purged have no HR log rows left to change, and stay as they are. Waiting feedback reminders that
 * older code dated 3 months after the filing are dated as a turn now would (from the case's
 * report); one already tried or snoozed keeps its time.
 */
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { ClientBase } from 'pg';
import { whistleblowerFeedbackReminder } from '../../flows/escalation/effects';
import type { FormalReportFacts, IsoInstant } from '../../flows/escalation/types';
import type { HrCase } from '../../flows/hr/projection';
import { recountWbkFeedback } from '../../flows/hr/wbk-feedback-recount';
import { dueInstantOf } from '../../flows/reminders';
import { lockHrForRecount, recomputeParts, saveHrCases } from './postgres-hr';
import { recomputeSqliteAggregates, saveSqliteHrCases } from './sqlite-hr';
import { HR_LOG_COLUMNS, hrLogRowFrom } from './hr-sql';
import type { HrLogRecord } from './hr-sql';
import { queryBuilder, SqliteRunner } from './query-layer';
import type { SqlDialect } from './query-layer';
import { readPostgres, readSqlite, rows, run } from './store-program';
import type { StoreProgram } from './store-program';
import type { SqlBigint } from './store-schema';

/** Every HR log row of the cases with a whistleblower report that are still in the projection. */
const WHISTLEBLOWER_CASE_ROWS = sql<HrLogRecord & { id: SqlBigint }>`SELECT id, ${sql.raw(HR_LOG_COLUMNS)} FROM hr_log
  WHERE case_key IN (SELECT case_key FROM hr_log WHERE transition = 'reportFiled' AND outcome = 'whistleblower')
    AND case_key IN (SELECT case_key FROM hr_cases)
  ORDER BY id`;

/** Feedback reminders waiting as they were written: never tried, never snoozed. */
const PENDING_FEEDBACK_REMINDERS = sql<{ id: string; snapshot: string }>`SELECT r.id, c.snapshot FROM reminders r JOIN cases c ON c.id = r.case_id
  WHERE r.kind = 'whistleblowerFeedback' AND r.status = 'due' AND r.attempts = 0 AND r.next_attempt_at = r.due_at`;

/** When the feedback reminder of a stored case is due now, or null when its report is not a filed whistleblower report. */
function feedbackDueOf(snapshot: string): IsoInstant | null {
  const report = (JSON.parse(snapshot) as { context?: { formalReport?: FormalReportFacts } }).context?.formalReport;
  if (report?.route !== 'whistleblower' || !report.filedOn) return null;
  return dueInstantOf(whistleblowerFeedbackReminder(report).due);
}

/** Redates the reminders and recounts the log; the projections of the cases it changed, for the store to save and aggregate. */
function* migration011(dialect: SqlDialect): StoreProgram<HrCase[]> {
  const db = queryBuilder(dialect);
  for (const { id, snapshot } of yield* rows(PENDING_FEEDBACK_REMINDERS.compile(db))) {
    const due = feedbackDueOf(snapshot);
    if (due) yield* run(db.updateTable('reminders').set({ due_at: due, next_attempt_at: due }).where('id', '=', id).where('status', '=', 'due').compile());
  }
  const records = yield* rows(WHISTLEBLOWER_CASE_ROWS.compile(db));
  const { changed, projections } = recountWbkFeedback(records.map((record) => ({ ...hrLogRowFrom(record), id: Number(record.id) })));
  for (const change of changed) yield* run(db.updateTable('hr_log').set({ deadline_met: change.deadlineMet }).where('id', '=', change.id).compile());
  return changed.length === 0 ? [] : projections;
}

function migration011Sqlite(db: Database.Database): void {
  const projections = readSqlite(new SqliteRunner(db), migration011('sqlite'), true);
  if (projections.length === 0) return;
  saveSqliteHrCases(db, projections);
  recomputeSqliteAggregates(db);
}

async function migration011Postgres(db: ClientBase): Promise<void> {
  // Before reading: turns of running instances must not fold into the projection meanwhile.
  await lockHrForRecount(db);
  const projections = await readPostgres(db, migration011('postgres'), true);
  if (projections.length === 0) return;
  await saveHrCases(db, projections);
  await recomputeParts(db);
}

export const SQLITE_DATA_STEPS: Readonly<Partial<Record<number, (db: Database.Database) => void>>> = { 11: migration011Sqlite };
export const POSTGRES_DATA_STEPS: Readonly<Partial<Record<number, (db: ClientBase) => Promise<void>>>> = { 11: migration011Postgres };
