/**
 * The reminder and appraisal rows as both SQL stores keep them (same tables, same columns), and
 * how they become the port's types. Booleans and sums come back as numbers from SQLite and as
 * booleans and bigint strings from PostgreSQL; the mappers take either.
 */
import { randomBytes } from 'node:crypto';
import { addDays, dayOf } from '../../flows/calendar';
import type { AppraisalCountRow, ReminderRow, ReminderStatus, SuspensionReason } from './reminder-store';

/** Tokens of recorded appraisal cards are forgotten after a year; the counters stay. */
export const TOKEN_RETENTION_DAYS = 366;

/** The day before which recorded tokens are forgotten, at `at` (an instant). */
export function tokensForgottenBefore(at: string): string {
  return addDays(dayOf(at), -TOKEN_RETENTION_DAYS);
}

export const REMINDER_COLUMNS = ['id', 'case_id', 'owner_id', 'kind', 'due_at', 'status', 'attempts', 'next_attempt_at', 'delivery_unknown', 'suspended_reason'] as const;

export interface ReminderRecord {
  id: string;
  /** null for a weekly digest, which belongs to the owner. */
  case_id: string | null;
  owner_id: string;
  kind: string;
  due_at: string;
  status: ReminderStatus;
  attempts: number;
  next_attempt_at: string;
  delivery_unknown: number | boolean;
  suspended_reason: SuspensionReason | null;
}

export interface AppraisalCountRecord {
  org_unit: string;
  quarter: string;
  asked: number | boolean;
  signalled: number | boolean;
  not_asked_reason: string;
  count: number | string;
}

export function toReminderRow(record: ReminderRecord): ReminderRow {
  return {
    id: record.id,
    caseId: record.case_id,
    ownerId: record.owner_id,
    kind: record.kind,
    dueAt: record.due_at,
    status: record.status,
    attempts: record.attempts,
    nextAttemptAt: record.next_attempt_at,
    deliveryUnknown: record.delivery_unknown === true || record.delivery_unknown === 1,
    suspendedReason: record.suspended_reason,
  };
}

export function toAppraisalCountRow(record: AppraisalCountRecord): AppraisalCountRow {
  return {
    orgUnit: record.org_unit,
    quarter: record.quarter,
    asked: record.asked === true || record.asked === 1,
    signalled: record.signalled === true || record.signalled === 1,
    notAskedReason: record.not_asked_reason === '' ? null : record.not_asked_reason,
    count: Number(record.count),
  };
}

/** A claimed batch comes back from UPDATE … RETURNING in no particular order: soonest first. */
export const byNextAttempt = (a: ReminderRow, b: ReminderRow) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id);

export const newReminderId = () => randomBytes(12).toString('base64url');
