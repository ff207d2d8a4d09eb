/**
 * The store's part for durable reminders and the appraisal counters: types, the port's methods
 * (CaseStore extends these interfaces) and the validation every implementation runs on each row.
 *
 * | table             | holds                                                                      |
 * |-------------------|----------------------------------------------------------------------------|
 * | reminders         | id, case, owner, kind, due time, status, attempts, next attempt, claim lease |
 * | appraisal_counts  | organisation unit, quarter, asked yes/no, signalled yes/no, not-asked reason, count |
 * | appraisal_tokens  | random tokens of recorded appraisal cards (so a double click counts once)  |
 *
 * A reminder's life: `due` (waiting for its time) → claimed as `sending` by one scheduler with a
 * lease → `sent`, or back to `due` with a later next attempt, or `failed` after the last attempt;
 * `cancelled` when the case moved on, `dismissed` by the manager; a snooze puts a sent reminder
 * back to `due`. A claim whose lease ran out (its scheduler crashed) can be claimed again.
 * `unknown`: the send timed out or got 502/504/a reset, so the card may have arrived; it is claimed
 * once more at its next attempt (`deliveryUnknown` stays set, so the scheduler gives up after that).
 * `suspended`: the bot can no longer reach the owner (403/404, or the app was removed); the
 * owner's conversation reference is gone with it, and storing a new one puts them back to `due`.
 * The appraisal tables hold no case key, no user id and nothing of the conversation.
 */
import type { ReminderChanges } from '../../flows/reminders';
import { assertCode, assertId, assertOrgUnit, QUARTER_PATTERN, StoreError } from './store-error';

export const REMINDER_STATUSES = ['due', 'sending', 'sent', 'cancelled', 'dismissed', 'failed', 'unknown', 'suspended'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/**
 * Why an owner's reminders were suspended: the Bot Connector answered 403 (the bot may no longer
 * post there) or 404 (the conversation is gone), or Teams reported the app removed.
 */
export const SUSPENSION_REASONS = ['botForbidden', 'conversationNotFound', 'appRemoved'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

export type { ReminderChanges };

export interface ReminderRow {
  id: string;
  /** null for a weekly digest, which belongs to the owner, not to a case. */
  caseId: string | null;
  ownerId: string;
  kind: string;
  dueAt: string;
  status: ReminderStatus;
  /** Claims so far, including the current one. */
  attempts: number;
  /** When it may be claimed (again): the due time, a retry after back-off, or a snooze. */
  nextAttemptAt: string;
  /** An earlier send may have arrived (timeout, 502, 504, reset): this claim is its one retry. */
  deliveryUnknown: boolean;
  /** Set while `suspended`. */
  suspendedReason: SuspensionReason | null;
}

export interface ReminderClaim {
  /** Who claims: one id per scheduler instance. */
  claimant: string;
  now: string;
  /** Until when the claim holds; after that another scheduler may claim the reminder again. */
  leaseUntil: string;
  limit: number;
}

/** How a claimed reminder ends; only its claimant may end it. */
export type ReminderOutcome =
  /** Sent. A digest also marks the reminders it listed as sent, and plans the next digest. */
  | { status: 'sent'; digested?: string[]; nextDigestAt?: string }
  | { status: 'due'; retryAt: string }
  /** The send may have arrived: one more attempt at `retryAt`, then no more. */
  | { status: 'unknown'; retryAt: string }
  /** The owner cannot be reached: also drops their conversation reference and suspends their other reminders. */
  | { status: 'suspended'; reason: SuspensionReason }
  | { status: 'cancelled' }
  | { status: 'failed' };

/** What the manager does with a sent reminder. */
export type ReminderChange = { status: 'due'; until: string } | { status: 'dismissed' };

export interface AppraisalCount {
  orgUnit: string;
  /** `2026-Q4` (`quarterOf` in flows/calendar.ts). */
  quarter: string;
  asked: boolean;
  signalled: boolean;
  notAskedReason: string | null;
}

export interface AppraisalCountRow extends AppraisalCount {
  count: number;
}

export interface AppraisalCountQuery {
  /** Inclusive bounds, `YYYY-Qn`. */
  fromQuarter?: string;
  toQuarter?: string;
}

export interface ReminderStore {
  /**
   * Claims up to `limit` reminders that are due (or whose claim expired) in one atomic UPDATE, so
   * two schedulers on one database never claim the same reminder. Skips case reminders of owners
   * who chose the weekly digest. Each claim counts as an attempt.
   */
  claimDueReminders(claim: ReminderClaim): Promise<ReminderRow[]>;
  /** Ends a claim; false (and nothing written) when the claim is no longer this claimant's. */
  finishReminder(id: string, claimant: string, outcome: ReminderOutcome, at: string): Promise<boolean>;
  /**
   * Snoozes or dismisses a sent (or still waiting) reminder of this owner. Returns the reminder as
   * it is afterwards and whether it changed; null when it does not exist. Throws StoreError
   * `notOwner` for someone else's reminder.
   */
  updateReminder(id: string, ownerId: string, change: ReminderChange, at: string): Promise<{ changed: boolean; reminder: ReminderRow } | null>;
  /** The owner's case reminders that are waiting (`due` or `unknown`), soonest first: what a digest lists. */
  pendingReminders(ownerId: string): Promise<ReminderRow[]>;
  /**
   * The bot can no longer reach the owner: in one transaction, deletes their conversation reference
   * and suspends their waiting reminders (`due`, `unknown`) for `reason`; returns how many. One
   * being sent ends on its own. The next reference stored resumes them: by `saveConversationRef` or
   * in a turn's commit (`TurnWrite.conversationRef`). Stamped with the store's clock, as
   * references saved on their own are.
   */
  suspendReminders(ownerId: string, reason: SuspensionReason): Promise<number>;
  /**
   * Turns the weekly digest on (the first one at `nextDigestAt`) or off (null), in one transaction
   * with the owner's setting; a pending digest is replaced.
   */
  setWeeklyDigest(ownerId: string, nextDigestAt: string | null, at: string): Promise<void>;
  /** Adds one to a counter, once per token; false when the token was recorded before. */
  recordAppraisal(count: AppraisalCount, token: string, at: string): Promise<boolean>;
  /** The counters summed per unit, quarter, asked, signalled and reason. */
  appraisalCounts(query?: AppraisalCountQuery): Promise<AppraisalCountRow[]>;
}

/** Instants as the bot writes them (`Date#toISOString`): fixed width, so they compare as text. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Appraisal card tokens: random base64url. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
export const MAX_CLAIM_LIMIT = 100;

export function assertInstantText(value: unknown, field: string): void {
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw new StoreError('invalidCode', field);
  }
}

export function assertReminderChanges(changes: ReminderChanges, field: string): void {
  if (!Array.isArray(changes.schedule) || !Array.isArray(changes.cancel)) throw new StoreError('invalidCode', field);
  changes.schedule.forEach((reminder, index) => {
    assertCode(reminder.kind, `${field}.schedule[${index}].kind`);
    assertInstantText(reminder.dueAt, `${field}.schedule[${index}].dueAt`);
  });
  changes.cancel.forEach((kind, index) => assertCode(kind, `${field}.cancel[${index}]`));
}

export function assertReminderClaim(claim: ReminderClaim): void {
  assertId(claim.claimant, 'claimant');
  assertInstantText(claim.now, 'now');
  assertInstantText(claim.leaseUntil, 'leaseUntil');
  if (!Number.isInteger(claim.limit) || claim.limit < 1 || claim.limit > MAX_CLAIM_LIMIT) throw new StoreError('invalidCode', 'limit');
}

export function assertReminderOutcome(outcome: ReminderOutcome): void {
  switch (outcome.status) {
    case 'sent':
      (outcome.digested ?? []).forEach((id, index) => assertId(id, `digested[${index}]`));
      if (outcome.nextDigestAt !== undefined) assertInstantText(outcome.nextDigestAt, 'nextDigestAt');
      return;
    case 'due':
    case 'unknown':
      assertInstantText(outcome.retryAt, 'retryAt');
      return;
    case 'suspended':
      assertSuspensionReason(outcome.reason);
      return;
    case 'cancelled':
    case 'failed':
      return;
    default:
      throw new StoreError('invalidCode', 'status');
  }
}

export function assertSuspensionReason(reason: unknown): asserts reason is SuspensionReason {
  if (!(SUSPENSION_REASONS as readonly unknown[]).includes(reason)) throw new StoreError('invalidCode', 'reason');
}

export function assertReminderChange(change: ReminderChange): void {
  if (change.status === 'due') assertInstantText(change.until, 'until');
  else if (change.status !== 'dismissed') throw new StoreError('invalidCode', 'status');
}

export function assertAppraisalCount(count: AppraisalCount, token: string): void {
  assertOrgUnit(count.orgUnit, 'orgUnit');
  if (typeof count.quarter !== 'string' || !QUARTER_PATTERN.test(count.quarter)) throw new StoreError('invalidCode', 'quarter');
  if (typeof count.asked !== 'boolean') throw new StoreError('invalidCode', 'asked');
  if (typeof count.signalled !== 'boolean' || (count.signalled && !count.asked)) throw new StoreError('invalidCode', 'signalled');
  if (count.asked ? count.notAskedReason !== null : count.notAskedReason === null) throw new StoreError('invalidCode', 'notAskedReason');
  if (count.notAskedReason !== null) assertCode(count.notAskedReason, 'notAskedReason');
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw new StoreError('invalidCode', 'token');
}

/** The inclusive quarter bounds of an appraisal count query; open ends become bounds every quarter lies within. */
export function appraisalQuarterRange(query: AppraisalCountQuery): { fromQuarter: string; toQuarter: string } {
  for (const field of ['fromQuarter', 'toQuarter'] as const) {
    const quarter = query[field];
    if (quarter !== undefined && !QUARTER_PATTERN.test(quarter)) throw new StoreError('invalidCode', field);
  }
  return { fromQuarter: query.fromQuarter ?? '0000-Q0', toQuarter: query.toQuarter ?? '9999-Q9' };
}
