/**
 * The PostgreSQL side of the reminder and appraisal tables (see reminder-store.ts), with the same
 * semantics as sqlite-reminders.ts. The case store calls `applyTurn` inside a turn's transaction;
 * the other methods run in transactions of their own on the pool.
 *
 * Concurrency, where SQLite has one writer at a time and PostgreSQL has many:
 * - A claim is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING …`: each
 *   scheduler locks the rows it picks and skips the ones another scheduler (or a turn cancelling
 *   them) holds, so two schedulers never claim the same reminder and never wait for each other.
 * - Ending a claim is fenced by `status = 'sending' AND claimed_by = claimant`: a claim whose lease
 *   ran out and was taken over, or whose reminder a turn cancelled, can no longer be marked sent.
 * - Planning a weekly digest (`setWeeklyDigest`, and `finishReminder` when a digest was sent) first
 *   locks the owner's settings row, so the two serialise per owner: the setting read is the one
 *   that counts, and at most one digest is ever waiting.
 * - Appraisal tokens are inserted with ON CONFLICT DO NOTHING: of two clicks with one token, the
 *   second waits for the first and then counts nothing.
 */
import type { Pool, PoolClient } from 'pg';
import { dayOf } from '../../flows/calendar';
import { DIGEST_KIND } from '../../flows/reminders';
import { assertId, StoreError } from './store-error';
import type { TurnWrite } from './store-rows';
import {
  appraisalQuarterRange,
  assertAppraisalCount,
  assertInstantText,
  assertReminderChange,
  assertReminderChanges,
  assertReminderClaim,
  assertReminderOutcome,
  assertSuspensionReason,
} from './reminder-store';
import type {
  AppraisalCount,
  AppraisalCountQuery,
  AppraisalCountRow,
  ReminderChange,
  ReminderClaim,
  ReminderOutcome,
  ReminderRow,
  SuspensionReason,
} from './reminder-store';
import { byNextAttempt, newReminderId, REMINDER_COLUMNS, toAppraisalCountRow, tokensForgottenBefore, toReminderRow } from './reminder-rows';
import type { AppraisalCountRecord, ReminderRecord } from './reminder-rows';

const SQL = {
  insert: `INSERT INTO reminders (id, case_id, owner_id, kind, due_at, status, attempts, next_attempt_at, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, 'due', 0, $5, $6, $6)`,
  // A sent reminder of a cancelled kind is cancelled too: a snooze must not bring it back.
  cancelKinds: `UPDATE reminders SET status = 'cancelled', claimed_until = NULL, suspended_reason = NULL, updated_at = $1
    WHERE case_id = $2 AND status IN ('due', 'sending', 'sent', 'unknown', 'suspended') AND kind = ANY ($3::text[])`,
  claim: `UPDATE reminders SET status = 'sending', claimed_by = $1, claimed_until = $2, attempts = attempts + 1, updated_at = $3
    WHERE id IN (
      SELECT r.id FROM reminders r
      WHERE ((r.status IN ('due', 'unknown') AND r.next_attempt_at <= $3) OR (r.status = 'sending' AND r.claimed_until <= $3))
        AND (r.case_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM user_settings s WHERE s.owner_id = r.owner_id AND s.weekly_digest))
      ORDER BY r.next_attempt_at, r.id
      LIMIT $4
      FOR UPDATE OF r SKIP LOCKED)
    RETURNING ${REMINDER_COLUMNS}`,
  finish: `UPDATE reminders SET status = $1, next_attempt_at = COALESCE($2, next_attempt_at), claimed_until = NULL, updated_at = $3,
      delivery_unknown = delivery_unknown OR $6, suspended_reason = $7
    WHERE id = $4 AND status = 'sending' AND claimed_by = $5`,
  // A reminder being sent is left to its claimant, whose send ends it.
  suspendOwner: `UPDATE reminders SET status = 'suspended', suspended_reason = $1, updated_at = $2 WHERE owner_id = $3 AND status IN ('due', 'unknown')`,
  resumeOwner: `UPDATE reminders SET status = 'due', suspended_reason = NULL, attempts = 0, updated_at = $1 WHERE owner_id = $2 AND status = 'suspended'`,
  deleteConversationRef: 'DELETE FROM conversation_refs WHERE owner_id = $1',
  selectOwnerOf: 'SELECT owner_id FROM reminders WHERE id = $1',
  lockDigestSetting: 'SELECT weekly_digest FROM user_settings WHERE owner_id = $1 FOR UPDATE',
  markDigested: `UPDATE reminders SET status = 'sent', updated_at = $1
    WHERE owner_id = $2 AND status IN ('due', 'unknown') AND case_id IS NOT NULL AND id = ANY ($3::text[])`,
  lockReminder: `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE id = $1 FOR UPDATE`,
  snooze: `UPDATE reminders SET status = 'due', next_attempt_at = $1, attempts = 0, updated_at = $2
    WHERE id = $3 AND status IN ('sent', 'due', 'unknown') RETURNING ${REMINDER_COLUMNS}`,
  dismiss: `UPDATE reminders SET status = 'dismissed', updated_at = $1 WHERE id = $2 AND status IN ('sent', 'due', 'unknown') RETURNING ${REMINDER_COLUMNS}`,
  selectPending: `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE owner_id = $1 AND status IN ('due', 'unknown') AND case_id IS NOT NULL
    ORDER BY next_attempt_at, id`,
  upsertDigestSetting: `INSERT INTO user_settings (owner_id, weekly_digest, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (owner_id) DO UPDATE SET weekly_digest = excluded.weekly_digest, updated_at = excluded.updated_at`,
  cancelDigests: `UPDATE reminders SET status = 'cancelled', claimed_until = NULL, suspended_reason = NULL, updated_at = $1
    WHERE owner_id = $2 AND kind = '${DIGEST_KIND}' AND status IN ('due', 'sending', 'unknown', 'suspended')`,
  forgetOldTokens: 'DELETE FROM appraisal_tokens WHERE recorded_on < $1',
  insertToken: 'INSERT INTO appraisal_tokens (token, recorded_on) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING',
  countAppraisal: `INSERT INTO appraisal_counts (org_unit, quarter, asked, signalled, not_asked_reason, count) VALUES ($1, $2, $3, $4, $5, 1)
    ON CONFLICT (org_unit, quarter, asked, signalled, not_asked_reason) DO UPDATE SET count = appraisal_counts.count + 1`,
  selectAppraisalCounts: `SELECT org_unit, quarter, asked, signalled, not_asked_reason, SUM(count) AS count FROM appraisal_counts
    WHERE quarter >= $1 AND quarter <= $2
    GROUP BY org_unit, quarter, asked, signalled, not_asked_reason
    ORDER BY quarter, org_unit, asked DESC, signalled DESC, not_asked_reason`,
} as const;

/** Drops the owner's conversation reference and suspends their waiting reminders; within the caller's transaction. */
async function suspendOwner(db: PoolClient, ownerId: string, reason: SuspensionReason, at: string): Promise<number> {
  await db.query(SQL.deleteConversationRef, [ownerId]);
  return (await db.query(SQL.suspendOwner, [reason, at, ownerId])).rowCount ?? 0;
}

export type InTransaction = <T>(work: (db: PoolClient) => Promise<T>) => Promise<T>;

export class PostgresReminders {
  constructor(
    private readonly pool: Pool,
    private readonly transaction: InTransaction,
  ) {}

  /** Within a turn's transaction: cancel, then schedule, for the turn's case and owner. */
  async applyTurn(db: PoolClient, turn: TurnWrite): Promise<void> {
    if (!turn.reminders) return;
    assertReminderChanges(turn.reminders, 'reminders');
    const { schedule, cancel } = turn.reminders;
    if (cancel.length > 0) await db.query(SQL.cancelKinds, [turn.at, turn.caseId, cancel]);
    for (const reminder of schedule) {
      await db.query(SQL.insert, [newReminderId(), turn.caseId, turn.ownerId, reminder.kind, reminder.dueAt, turn.at]);
    }
  }

  async claim(claim: ReminderClaim): Promise<ReminderRow[]> {
    assertReminderClaim(claim);
    const { rows } = await this.pool.query<ReminderRecord>(SQL.claim, [claim.claimant, claim.leaseUntil, claim.now, claim.limit]);
    return rows.map(toReminderRow).sort(byNextAttempt);
  }

  async finish(id: string, claimant: string, outcome: ReminderOutcome, at: string): Promise<boolean> {
    assertId(claimant, 'claimant');
    assertReminderOutcome(outcome);
    assertInstantText(at, 'at');
    return this.transaction(async (db): Promise<boolean> => {
      const plansDigest = outcome.status === 'sent' && outcome.nextDigestAt !== undefined;
      const owner = (await db.query<{ owner_id: string }>(SQL.selectOwnerOf, [id])).rows[0]?.owner_id;
      if (owner === undefined) return false;
      // Settings row first, then the reminder: the same lock order as setWeeklyDigest.
      const setting = plansDigest ? (await db.query<{ weekly_digest: boolean }>(SQL.lockDigestSetting, [owner])).rows[0] : undefined;
      const retryAt = outcome.status === 'due' || outcome.status === 'unknown' ? outcome.retryAt : null;
      const suspendedReason = outcome.status === 'suspended' ? outcome.reason : null;
      const { rowCount } = await db.query(SQL.finish, [outcome.status, retryAt, at, id, claimant, outcome.status === 'unknown', suspendedReason]);
      if (rowCount !== 1) return false;
      if (outcome.status === 'suspended') {
        await suspendOwner(db, owner, outcome.reason, at);
        return true;
      }
      if (outcome.status !== 'sent') return true;
      if (outcome.digested?.length) await db.query(SQL.markDigested, [at, owner, outcome.digested]);
      if (outcome.nextDigestAt && setting?.weekly_digest) {
        await db.query(SQL.insert, [newReminderId(), null, owner, DIGEST_KIND, outcome.nextDigestAt, at]);
      }
      return true;
    });
  }

  async update(id: string, ownerId: string, change: ReminderChange, at: string): Promise<{ changed: boolean; reminder: ReminderRow } | null> {
    assertId(ownerId, 'ownerId');
    assertReminderChange(change);
    assertInstantText(at, 'at');
    return this.transaction(async (db) => {
      const record = (await db.query<ReminderRecord>(SQL.lockReminder, [id])).rows[0];
      if (!record) return null;
      if (record.owner_id !== ownerId) throw new StoreError('notOwner');
      const updated = (change.status === 'due' ? await db.query<ReminderRecord>(SQL.snooze, [change.until, at, id]) : await db.query<ReminderRecord>(SQL.dismiss, [at, id]))
        .rows[0];
      return { changed: updated !== undefined, reminder: toReminderRow(updated ?? record) };
    });
  }

  async suspend(ownerId: string, reason: SuspensionReason, at: string): Promise<number> {
    assertId(ownerId, 'ownerId');
    assertSuspensionReason(reason);
    return this.transaction((db) => suspendOwner(db, ownerId, reason, at));
  }

  /** Within the transaction that stores the owner's new conversation reference. */
  async resume(db: PoolClient, ownerId: string, at: string): Promise<void> {
    await db.query(SQL.resumeOwner, [at, ownerId]);
  }

  async pending(ownerId: string): Promise<ReminderRow[]> {
    return (await this.pool.query<ReminderRecord>(SQL.selectPending, [ownerId])).rows.map(toReminderRow);
  }

  async setWeeklyDigest(ownerId: string, nextDigestAt: string | null, at: string): Promise<void> {
    assertId(ownerId, 'ownerId');
    if (nextDigestAt !== null) assertInstantText(nextDigestAt, 'nextDigestAt');
    assertInstantText(at, 'at');
    await this.transaction(async (db) => {
      // Locks the owner's settings row until COMMIT (see finish).
      await db.query(SQL.upsertDigestSetting, [ownerId, nextDigestAt !== null, at]);
      await db.query(SQL.cancelDigests, [at, ownerId]);
      if (nextDigestAt !== null) await db.query(SQL.insert, [newReminderId(), null, ownerId, DIGEST_KIND, nextDigestAt, at]);
    });
  }

  async recordAppraisal(count: AppraisalCount, token: string, at: string): Promise<boolean> {
    assertAppraisalCount(count, token);
    assertInstantText(at, 'at');
    const today = dayOf(at);
    return this.transaction(async (db): Promise<boolean> => {
      await db.query(SQL.forgetOldTokens, [tokensForgottenBefore(at)]);
      if ((await db.query(SQL.insertToken, [token, today])).rowCount !== 1) return false;
      await db.query(SQL.countAppraisal, [count.orgUnit, count.quarter, count.asked, count.signalled, count.notAskedReason ?? '']);
      return true;
    });
  }

  async appraisalCounts(query: AppraisalCountQuery): Promise<AppraisalCountRow[]> {
    const { fromQuarter, toQuarter } = appraisalQuarterRange(query);
    return (await this.pool.query<AppraisalCountRecord>(SQL.selectAppraisalCounts, [fromQuarter, toQuarter])).rows.map(toAppraisalCountRow);
  }
}
