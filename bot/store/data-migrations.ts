/**
 * Migration steps in TypeScript, run right after the SQL file of the same version, in the same
 * transaction: for data changes that SQL cannot express alike in both dialects. The logic itself is
 * pure and shared (flows/); each dialect only reads, writes and recomputes.
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
import type { ClientBase } from 'pg';
import { whistleblowerFeedbackReminder } from '../../flows/escalation/effects';
import type { FormalReportFacts, IsoInstant } from '../../flows/escalation/types';
import { recountWbkFeedback } from '../../flows/hr/wbk-feedback-recount';
import { dueInstantOf } from '../../flows/reminders';
import { lockHrForRecount, recomputeParts, saveHrCases } from './postgres-hr';
import { recomputeSqliteAggregates, saveSqliteHrCases } from './sqlite-hr';
import { HR_LOG_COLUMNS, hrLogRowFrom } from './hr-sql';
import type { HrLogRecord } from './hr-sql';

/** Every HR log row of the cases with a whistleblower report that are still in the projection. */
const whistleblowerCaseRowsSql = (columns: string) => `SELECT id, ${columns} FROM hr_log
  WHERE case_key IN (SELECT case_key FROM hr_log WHERE transition = 'reportFiled' AND outcome = 'whistleblower')
    AND case_key IN (SELECT case_key FROM hr_cases)
  ORDER BY id`;

/** Feedback reminders waiting as they were written: never tried, never snoozed. */
const PENDING_FEEDBACK_REMINDERS = `SELECT r.id, c.snapshot FROM reminders r JOIN cases c ON c.id = r.case_id
  WHERE r.kind = 'whistleblowerFeedback' AND r.status = 'due' AND r.attempts = 0 AND r.next_attempt_at = r.due_at`;

/** When the feedback reminder of a stored case is due now, or null when its report is not a filed whistleblower report. */
function feedbackDueOf(snapshot: string): IsoInstant | null {
  const report = (JSON.parse(snapshot) as { context?: { formalReport?: FormalReportFacts } }).context?.formalReport;
  if (report?.route !== 'whistleblower' || !report.filedOn) return null;
  return dueInstantOf(whistleblowerFeedbackReminder(report).due);
}

/** The reminders to date anew, as [due instant, id]. */
function redated(pending: ReadonlyArray<{ id: string; snapshot: string }>): Array<[IsoInstant, string]> {
  return pending.flatMap(({ id, snapshot }) => {
    const due = feedbackDueOf(snapshot);
    return due ? [[due, id] as [IsoInstant, string]] : [];
  });
}

function migration011Sqlite(db: Database.Database): void {
  const redate = db.prepare("UPDATE reminders SET due_at = ?, next_attempt_at = ? WHERE id = ? AND status = 'due'");
  for (const [due, id] of redated(db.prepare(PENDING_FEEDBACK_REMINDERS).all() as Array<{ id: string; snapshot: string }>)) redate.run(due, due, id);

  const records = db.prepare(whistleblowerCaseRowsSql(HR_LOG_COLUMNS)).all() as Array<HrLogRecord & { id: number }>;
  const { changed, projections } = recountWbkFeedback(records.map((record) => ({ ...hrLogRowFrom(record), id: record.id })));
  if (changed.length === 0) return;
  const update = db.prepare('UPDATE hr_log SET deadline_met = ? WHERE id = ?');
  for (const change of changed) update.run(change.deadlineMet ? 1 : 0, change.id);
  saveSqliteHrCases(db, projections);
  recomputeSqliteAggregates(db);
}

async function migration011Postgres(db: ClientBase): Promise<void> {
  // Before reading: turns of running instances must not fold into the projection meanwhile.
  await lockHrForRecount(db);
  for (const [due, id] of redated((await db.query<{ id: string; snapshot: string }>(PENDING_FEEDBACK_REMINDERS)).rows)) {
    await db.query("UPDATE reminders SET due_at = $1, next_attempt_at = $1 WHERE id = $2 AND status = 'due'", [due, id]);
  }
  const records = (await db.query<HrLogRecord & { id: string }>(whistleblowerCaseRowsSql(HR_LOG_COLUMNS))).rows;
  const { changed, projections } = recountWbkFeedback(records.map((record) => ({ ...hrLogRowFrom(record), id: Number(record.id) })));
  if (changed.length === 0) return;
  await db.query('UPDATE hr_log SET deadline_met = c.met FROM unnest($1::bigint[], $2::boolean[]) AS c (id, met) WHERE hr_log.id = c.id', [
    changed.map((c) => c.id),
    changed.map((c) => c.deadlineMet),
  ]);
  await saveHrCases(db, projections);
  await recomputeParts(db);
}

export const SQLITE_DATA_STEPS: Readonly<Partial<Record<number, (db: Database.Database) => void>>> = { 11: migration011Sqlite };
export const POSTGRES_DATA_STEPS: Readonly<Partial<Record<number, (db: ClientBase) => Promise<void>>>> = { 11: migration011Postgres };
