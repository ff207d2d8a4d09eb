/**
 * The SQLite side of the reminder and appraisal tables (see reminder-store.ts). The case store
 * calls these inside its own transactions: `applyTurn` within a turn's commit, the others each as
 * one `BEGIN IMMEDIATE` transaction, so writers in several processes queue on the file lock and a
 * claim is one atomic UPDATE … RETURNING.
 */
import type Database from 'better-sqlite3';
import { dayOf } from '../../flows/calendar';
import { DIGEST_KIND } from '../../flows/reminders';
import { assertId, StoreError } from './store-error';
import type { TurnWrite } from './store-rows';
import {
  assertAppraisalCount,
  appraisalQuarterRange,
  assertReminderChange,
  assertReminderChanges,
  assertReminderClaim,
  assertReminderOutcome,
  assertInstantText,
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

function prepare(db: Database.Database) {
  return {
    insert: db.prepare(
      `INSERT INTO reminders (id, case_id, owner_id, kind, due_at, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'due', 0, ?, ?, ?)`,
    ),
    // A sent reminder of a cancelled kind is cancelled too: a snooze must not bring it back.
    cancelKinds: db.prepare(
      `UPDATE reminders SET status = 'cancelled', claimed_until = NULL, suspended_reason = NULL, updated_at = ?
       WHERE case_id = ? AND status IN ('due', 'sending', 'sent', 'unknown', 'suspended') AND kind IN (SELECT value FROM json_each(?))`,
    ),
    claim: db.prepare(
      `UPDATE reminders SET status = 'sending', claimed_by = @claimant, claimed_until = @leaseUntil, attempts = attempts + 1,
         updated_at = @now
       WHERE id IN (
         SELECT r.id FROM reminders r
         WHERE ((r.status IN ('due', 'unknown') AND r.next_attempt_at <= @now) OR (r.status = 'sending' AND r.claimed_until <= @now))
           AND (r.case_id IS NULL OR NOT EXISTS (
             SELECT 1 FROM user_settings s WHERE s.owner_id = r.owner_id AND s.weekly_digest = 1))
         ORDER BY r.next_attempt_at, r.id
         LIMIT @limit)
       RETURNING ${REMINDER_COLUMNS}`,
    ),
    finish: db.prepare(
      `UPDATE reminders SET status = @status, next_attempt_at = COALESCE(@retryAt, next_attempt_at), claimed_until = NULL,
         delivery_unknown = MAX(delivery_unknown, @deliveryUnknown), suspended_reason = @suspendedReason, updated_at = @at
       WHERE id = @id AND status = 'sending' AND claimed_by = @claimant`,
    ),
    // A reminder being sent is left to its claimant, whose send ends it.
    suspendOwner: db.prepare(
      `UPDATE reminders SET status = 'suspended', suspended_reason = ?, updated_at = ? WHERE owner_id = ? AND status IN ('due', 'unknown')`,
    ),
    resumeOwner: db.prepare(
      `UPDATE reminders SET status = 'due', suspended_reason = NULL, attempts = 0, updated_at = ? WHERE owner_id = ? AND status = 'suspended'`,
    ),
    deleteConversationRef: db.prepare('DELETE FROM conversation_refs WHERE owner_id = ?'),
    selectOwnerOf: db.prepare('SELECT owner_id FROM reminders WHERE id = ?'),
    markDigested: db.prepare(
      `UPDATE reminders SET status = 'sent', updated_at = ?
       WHERE owner_id = ? AND status IN ('due', 'unknown') AND case_id IS NOT NULL AND id IN (SELECT value FROM json_each(?))`,
    ),
    selectDigestSetting: db.prepare('SELECT weekly_digest FROM user_settings WHERE owner_id = ?'),
    select: db.prepare(`SELECT ${REMINDER_COLUMNS} FROM reminders WHERE id = ?`),
    snooze: db.prepare(
      `UPDATE reminders SET status = 'due', next_attempt_at = ?, attempts = 0, updated_at = ? WHERE id = ? AND status IN ('sent', 'due', 'unknown')`,
    ),
    dismiss: db.prepare(`UPDATE reminders SET status = 'dismissed', updated_at = ? WHERE id = ? AND status IN ('sent', 'due', 'unknown')`),
    selectPending: db.prepare(
      `SELECT ${REMINDER_COLUMNS} FROM reminders WHERE owner_id = ? AND status IN ('due', 'unknown') AND case_id IS NOT NULL
       ORDER BY next_attempt_at, id`,
    ),
    upsertDigestSetting: db.prepare(
      `INSERT INTO user_settings (owner_id, weekly_digest, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (owner_id) DO UPDATE SET weekly_digest = excluded.weekly_digest, updated_at = excluded.updated_at`,
    ),
    cancelDigests: db.prepare(
      `UPDATE reminders SET status = 'cancelled', claimed_until = NULL, suspended_reason = NULL, updated_at = ?
       WHERE owner_id = ? AND kind = '${DIGEST_KIND}' AND status IN ('due', 'sending', 'unknown', 'suspended')`,
    ),
    forgetOldTokens: db.prepare('DELETE FROM appraisal_tokens WHERE recorded_on < ?'),
    insertToken: db.prepare('INSERT INTO appraisal_tokens (token, recorded_on) VALUES (?, ?) ON CONFLICT (token) DO NOTHING'),
    countAppraisal: db.prepare(
      `INSERT INTO appraisal_counts (org_unit, quarter, asked, signalled, not_asked_reason, count) VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (org_unit, quarter, asked, signalled, not_asked_reason) DO UPDATE SET count = count + 1`,
    ),
    selectAppraisalCounts: db.prepare(
      `SELECT org_unit, quarter, asked, signalled, not_asked_reason, SUM(count) AS count FROM appraisal_counts
       WHERE quarter >= ? AND quarter <= ?
       GROUP BY org_unit, quarter, asked, signalled, not_asked_reason
       ORDER BY quarter, org_unit, asked DESC, signalled DESC, not_asked_reason`,
    ),
  };
}

export class SqliteReminders {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepare(db);
  }

  /** Within a turn's transaction: cancel, then schedule, for the turn's case and owner. */
  applyTurn(turn: TurnWrite): void {
    if (!turn.reminders) return;
    assertReminderChanges(turn.reminders, 'reminders');
    const { schedule, cancel } = turn.reminders;
    if (cancel.length > 0) this.statements.cancelKinds.run(turn.at, turn.caseId, JSON.stringify(cancel));
    for (const reminder of schedule) {
      this.statements.insert.run(newReminderId(), turn.caseId, turn.ownerId, reminder.kind, reminder.dueAt, reminder.dueAt, turn.at, turn.at);
    }
  }

  claim(claim: ReminderClaim): ReminderRow[] {
    assertReminderClaim(claim);
    const claimed = this.db.transaction(() => this.statements.claim.all(claim) as ReminderRecord[]).immediate();
    return claimed.map(toReminderRow).sort(byNextAttempt);
  }

  finish(id: string, claimant: string, outcome: ReminderOutcome, at: string): boolean {
    assertId(claimant, 'claimant');
    assertReminderOutcome(outcome);
    assertInstantText(at, 'at');
    const { statements } = this;
    return this.db
      .transaction((): boolean => {
        const retryAt = outcome.status === 'due' || outcome.status === 'unknown' ? outcome.retryAt : null;
        const deliveryUnknown = outcome.status === 'unknown' ? 1 : 0;
        const suspendedReason = outcome.status === 'suspended' ? outcome.reason : null;
        const { changes } = statements.finish.run({ id, claimant, status: outcome.status, retryAt, deliveryUnknown, suspendedReason, at });
        if (changes !== 1) return false;
        if (outcome.status !== 'sent' && outcome.status !== 'suspended') return true;
        const owner = (statements.selectOwnerOf.get(id) as { owner_id: string }).owner_id;
        if (outcome.status === 'suspended') {
          this.suspendOwner(owner, outcome.reason, at);
          return true;
        }
        if (outcome.digested?.length) statements.markDigested.run(at, owner, JSON.stringify(outcome.digested));
        const setting = statements.selectDigestSetting.get(owner) as { weekly_digest: number } | undefined;
        if (outcome.nextDigestAt && setting?.weekly_digest === 1) {
          statements.insert.run(newReminderId(), null, owner, DIGEST_KIND, outcome.nextDigestAt, outcome.nextDigestAt, at, at);
        }
        return true;
      })
      .immediate();
  }

  update(id: string, ownerId: string, change: ReminderChange, at: string): { changed: boolean; reminder: ReminderRow } | null {
    assertId(ownerId, 'ownerId');
    assertReminderChange(change);
    assertInstantText(at, 'at');
    const { statements } = this;
    return this.db
      .transaction(() => {
        const record = statements.select.get(id) as ReminderRecord | undefined;
        if (!record) return null;
        if (record.owner_id !== ownerId) throw new StoreError('notOwner');
        const { changes } = change.status === 'due' ? statements.snooze.run(change.until, at, id) : statements.dismiss.run(at, id);
        return { changed: changes === 1, reminder: toReminderRow(statements.select.get(id) as ReminderRecord) };
      })
      .immediate();
  }

  /** Drops the owner's conversation reference and suspends their waiting reminders; within the caller's transaction. */
  private suspendOwner(ownerId: string, reason: SuspensionReason, at: string): number {
    this.statements.deleteConversationRef.run(ownerId);
    return this.statements.suspendOwner.run(reason, at, ownerId).changes;
  }

  suspend(ownerId: string, reason: SuspensionReason, at: string): number {
    assertId(ownerId, 'ownerId');
    assertSuspensionReason(reason);
    return this.db.transaction(() => this.suspendOwner(ownerId, reason, at)).immediate();
  }

  /** Within the transaction that stores the owner's new conversation reference. */
  resume(ownerId: string, at: string): void {
    this.statements.resumeOwner.run(at, ownerId);
  }

  pending(ownerId: string): ReminderRow[] {
    return (this.statements.selectPending.all(ownerId) as ReminderRecord[]).map(toReminderRow);
  }

  setWeeklyDigest(ownerId: string, nextDigestAt: string | null, at: string): void {
    assertId(ownerId, 'ownerId');
    if (nextDigestAt !== null) assertInstantText(nextDigestAt, 'nextDigestAt');
    assertInstantText(at, 'at');
    const { statements } = this;
    this.db
      .transaction(() => {
        statements.upsertDigestSetting.run(ownerId, nextDigestAt === null ? 0 : 1, at);
        statements.cancelDigests.run(at, ownerId);
        if (nextDigestAt !== null) statements.insert.run(newReminderId(), null, ownerId, DIGEST_KIND, nextDigestAt, nextDigestAt, at, at);
      })
      .immediate();
  }

  recordAppraisal(count: AppraisalCount, token: string, at: string): boolean {
    assertAppraisalCount(count, token);
    assertInstantText(at, 'at');
    const { statements } = this;
    const today = dayOf(at);
    return this.db
      .transaction((): boolean => {
        statements.forgetOldTokens.run(tokensForgottenBefore(at));
        if (statements.insertToken.run(token, today).changes !== 1) return false;
        statements.countAppraisal.run(count.orgUnit, count.quarter, count.asked ? 1 : 0, count.signalled ? 1 : 0, count.notAskedReason ?? '');
        return true;
      })
      .immediate();
  }

  appraisalCounts(query: AppraisalCountQuery): AppraisalCountRow[] {
    const { fromQuarter, toQuarter } = appraisalQuarterRange(query);
    const rows = this.statements.selectAppraisalCounts.all(fromQuarter, toQuarter) as AppraisalCountRecord[];
    return rows.map(toAppraisalCountRow);
  }
}
