/**
 * The reminder and appraisal tables (reminder-store.ts), written once for both stores
 * (store-program.ts). `applyTurn` and `resume` are programs the store runs inside a turn's
 * transaction and inside the one that stores a conversation reference; the other methods are
 * each one transaction (SQLite: `BEGIN IMMEDIATE`, so writers in several processes queue on the
 * file lock).
 *
 * Concurrency, where SQLite has one writer at a time and PostgreSQL has many:
 * - A claim is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING …`: each
 *   PostgreSQL scheduler locks the rows it picks and skips the ones another scheduler (or a turn
 *   cancelling them) holds, so two schedulers never claim the same reminder and never wait for
 *   each other. In SQLite the one statement is atomic.
 * - Ending a claim is fenced by `status = 'sending' AND claimed_by = claimant`: a claim whose lease
 *   ran out and was taken over, or whose reminder a turn cancelled, can no longer be marked sent.
 * - Planning a weekly digest (`setWeeklyDigest`, and `finish` when a digest was sent) first locks
 *   the owner's settings row in PostgreSQL, so the two serialise per owner: the setting read is
 *   the one that counts, and at most one digest is ever waiting.
 * - Appraisal tokens are inserted with ON CONFLICT DO NOTHING: of two clicks with one token, the
 *   second waits for the first and then counts nothing.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
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
import type { ReminderRecord } from './reminder-rows';
import { oneOf, Prepared } from './query-layer';
import type { SqlBoolean, StoreSchema } from './store-schema';
import { firstRow, rows, run } from './store-program';
import type { ProgramRunner, StoreProgram } from './store-program';

// A type, not an interface: Prepared's slots need an index signature.
type NewReminder = { caseId: string | null; ownerId: string; kind: string; dueAt: string; at: string };

/** A new reminder, waiting for its due time: a turn's, compiled once. */
function insertQuery(db: Kysely<StoreSchema>) {
  const insert = Prepared.of<NewReminder & { id: string }, never>((slot) =>
    db.insertInto('reminders').values({
      id: slot('id'),
      case_id: slot('caseId'),
      owner_id: slot('ownerId'),
      kind: slot('kind'),
      due_at: slot('dueAt'),
      status: 'due',
      attempts: 0,
      next_attempt_at: slot('dueAt'),
      created_at: slot('at'),
      updated_at: slot('at'),
    }),
  );
  return (reminder: NewReminder) => insert.with({ ...reminder, id: newReminderId() });
}

/** A turn's cancellation of its case's reminders of some kinds: compiled once, the kinds one list parameter. */
function cancelQuery(store: ProgramRunner) {
  const { db, dialect } = store;
  // A sent reminder of a cancelled kind is cancelled too: a snooze must not bring it back.
  return Prepared.of<{ caseId: string; kinds: readonly string[]; at: string }, never>((slot) =>
    db
      .updateTable('reminders')
      .set({ status: 'cancelled', claimed_until: null, suspended_reason: null, updated_at: slot('at') })
      .where('case_id', '=', slot('caseId'))
      .where('status', 'in', ['due', 'sending', 'sent', 'unknown', 'suspended'])
      .where(oneOf(dialect, 'kind', slot('kinds'))),
  );
}

/** The scheduler's query, every few seconds on every instance: compiled once. */
function claimQuery(store: ProgramRunner) {
  const { db, dialect } = store;
  return Prepared.of<{ claimant: string; leaseUntil: string; now: string; limit: number }, ReminderRecord>((slot) =>
    db
      .updateTable('reminders')
      .set((eb) => ({ status: 'sending', claimed_by: slot('claimant'), claimed_until: slot('leaseUntil'), attempts: eb('attempts', '+', 1), updated_at: slot('now') }))
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('reminders as r')
          .select('r.id')
          .where((w) =>
            w.or([
              w.and([w('r.status', 'in', ['due', 'unknown']), w('r.next_attempt_at', '<=', slot('now'))]),
              w.and([w('r.status', '=', 'sending'), w('r.claimed_until', '<=', slot('now'))]),
            ]),
          )
          // A case's reminder waits while its owner gets the weekly digest instead.
          .where((w) =>
            w.or([
              w('r.case_id', 'is', null),
              w.not(w.exists(w.selectFrom('user_settings as s').select('s.owner_id').whereRef('s.owner_id', '=', 'r.owner_id').where('s.weekly_digest', '=', true))),
            ]),
          )
          .orderBy('r.next_attempt_at')
          .orderBy('r.id')
          .limit(slot('limit'))
          .$if(dialect === 'postgres', (query) => query.forUpdate(['r']).skipLocked()),
      )
      .returning(REMINDER_COLUMNS),
  );
}

export class Reminders {
  private readonly claimDue: ReturnType<typeof claimQuery>;
  private readonly cancelKinds: ReturnType<typeof cancelQuery>;
  private readonly insertReminder: ReturnType<typeof insertQuery>;

  constructor(private readonly store: ProgramRunner) {
    this.claimDue = claimQuery(store);
    this.cancelKinds = cancelQuery(store);
    this.insertReminder = insertQuery(store.db);
  }

  /** Within a turn's transaction: cancel, then schedule, for the turn's case and owner. */
  *applyTurn(turn: TurnWrite): StoreProgram<void> {
    if (!turn.reminders) return;
    assertReminderChanges(turn.reminders, 'reminders');
    const { schedule, cancel } = turn.reminders;
    if (cancel.length > 0) yield* run(this.cancelKinds.with({ caseId: turn.caseId, kinds: cancel, at: turn.at }));
    for (const reminder of schedule) {
      yield* run(this.insertReminder({ caseId: turn.caseId, ownerId: turn.ownerId, kind: reminder.kind, dueAt: reminder.dueAt, at: turn.at }));
    }
  }

  /** Within the transaction that stores the owner's new conversation reference. */
  *resume(ownerId: string, at: string): StoreProgram<void> {
    yield* run(
      this.store.db
        .updateTable('reminders')
        .set({ status: 'due', suspended_reason: null, attempts: 0, updated_at: at })
        .where('owner_id', '=', ownerId)
        .where('status', '=', 'suspended')
        .compile(),
    );
  }

  async claim(claim: ReminderClaim): Promise<ReminderRow[]> {
    assertReminderClaim(claim);
    const { claimant, leaseUntil, now, limit } = claim;
    const claimed = await this.store.statement(this.claimDue.with({ claimant, leaseUntil, now, limit }));
    return claimed.map(toReminderRow).sort(byNextAttempt);
  }

  finish(id: string, claimant: string, outcome: ReminderOutcome, at: string): Promise<boolean> {
    const { db, dialect } = this.store;
    const { insertReminder } = this;
    const suspendOwner = (owner: string, reason: SuspensionReason) => this.suspendOwner(owner, reason, at);
    return this.store.write(function* () {
      assertId(claimant, 'claimant');
      assertReminderOutcome(outcome);
      assertInstantText(at, 'at');
      const owner = (yield* firstRow(db.selectFrom('reminders').select('owner_id').where('id', '=', id).compile()))?.owner_id;
      if (owner === undefined) return false;
      // Settings row first, then the reminder: the same lock order as setWeeklyDigest.
      const setting =
        outcome.status === 'sent' && outcome.nextDigestAt !== undefined
          ? yield* firstRow(
              db
                .selectFrom('user_settings')
                .select('weekly_digest')
                .where('owner_id', '=', owner)
                .$if(dialect === 'postgres', (query) => query.forUpdate())
                .compile(),
            )
          : undefined;
      const retryAt = outcome.status === 'due' || outcome.status === 'unknown' ? outcome.retryAt : null;
      const ended = yield* run(
        db
          .updateTable('reminders')
          .set((eb) => ({
            status: outcome.status,
            next_attempt_at: eb.fn.coalesce(eb.val(retryAt), eb.ref('next_attempt_at')),
            claimed_until: null,
            delivery_unknown: sql<SqlBoolean>`delivery_unknown OR ${outcome.status === 'unknown'}`,
            suspended_reason: outcome.status === 'suspended' ? outcome.reason : null,
            updated_at: at,
          }))
          .where('id', '=', id)
          .where('status', '=', 'sending')
          .where('claimed_by', '=', claimant)
          .compile(),
      );
      if (ended !== 1) return false;
      if (outcome.status === 'suspended') {
        yield* suspendOwner(owner, outcome.reason);
        return true;
      }
      if (outcome.status !== 'sent') return true;
      if (outcome.digested?.length) {
        yield* run(
          db
            .updateTable('reminders')
            .set({ status: 'sent', updated_at: at })
            .where('owner_id', '=', owner)
            .where('status', 'in', ['due', 'unknown'])
            .where('case_id', 'is not', null)
            .where(oneOf(dialect, 'id', outcome.digested))
            .compile(),
        );
      }
      if (outcome.nextDigestAt && setting?.weekly_digest) {
        yield* run(insertReminder({ caseId: null, ownerId: owner, kind: DIGEST_KIND, dueAt: outcome.nextDigestAt, at }));
      }
      return true;
    });
  }

  update(id: string, ownerId: string, change: ReminderChange, at: string): Promise<{ changed: boolean; reminder: ReminderRow } | null> {
    const { db, dialect } = this.store;
    return this.store.write(function* () {
      assertId(ownerId, 'ownerId');
      assertReminderChange(change);
      assertInstantText(at, 'at');
      const record = yield* firstRow(
        db
          .selectFrom('reminders')
          .select(REMINDER_COLUMNS)
          .where('id', '=', id)
          .$if(dialect === 'postgres', (query) => query.forUpdate())
          .compile(),
      );
      if (!record) return null;
      if (record.owner_id !== ownerId) throw new StoreError('notOwner');
      const updated = yield* firstRow(
        db
          .updateTable('reminders')
          .set(change.status === 'due' ? { status: 'due', next_attempt_at: change.until, attempts: 0, updated_at: at } : { status: 'dismissed', updated_at: at })
          .where('id', '=', id)
          .where('status', 'in', ['sent', 'due', 'unknown'])
          .returning(REMINDER_COLUMNS)
          .compile(),
      );
      return { changed: updated !== undefined, reminder: toReminderRow(updated ?? record) };
    });
  }

  suspend(ownerId: string, reason: SuspensionReason, at: string): Promise<number> {
    return this.store.write(() => {
      assertId(ownerId, 'ownerId');
      assertSuspensionReason(reason);
      return this.suspendOwner(ownerId, reason, at);
    });
  }

  pending(ownerId: string): Promise<ReminderRow[]> {
    const { db } = this.store;
    return this.store.read(function* () {
      const waiting = yield* rows(
        db
          .selectFrom('reminders')
          .select(REMINDER_COLUMNS)
          .where('owner_id', '=', ownerId)
          .where('status', 'in', ['due', 'unknown'])
          .where('case_id', 'is not', null)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .compile(),
      );
      return waiting.map(toReminderRow);
    });
  }

  setWeeklyDigest(ownerId: string, nextDigestAt: string | null, at: string): Promise<void> {
    const { db } = this.store;
    const { insertReminder } = this;
    return this.store.write(function* () {
      assertId(ownerId, 'ownerId');
      if (nextDigestAt !== null) assertInstantText(nextDigestAt, 'nextDigestAt');
      assertInstantText(at, 'at');
      // Locks the owner's settings row until COMMIT in PostgreSQL (see finish).
      yield* run(
        db
          .insertInto('user_settings')
          .values({ owner_id: ownerId, weekly_digest: nextDigestAt !== null, updated_at: at })
          .onConflict((conflict) =>
            conflict.column('owner_id').doUpdateSet((eb) => ({ weekly_digest: eb.ref('excluded.weekly_digest'), updated_at: eb.ref('excluded.updated_at') })),
          )
          .compile(),
      );
      yield* run(
        db
          .updateTable('reminders')
          .set({ status: 'cancelled', claimed_until: null, suspended_reason: null, updated_at: at })
          .where('owner_id', '=', ownerId)
          .where('kind', '=', DIGEST_KIND)
          .where('status', 'in', ['due', 'sending', 'unknown', 'suspended'])
          .compile(),
      );
      if (nextDigestAt !== null) yield* run(insertReminder({ caseId: null, ownerId, kind: DIGEST_KIND, dueAt: nextDigestAt, at }));
    });
  }

  recordAppraisal(count: AppraisalCount, token: string, at: string): Promise<boolean> {
    const { db } = this.store;
    return this.store.write(function* () {
      assertAppraisalCount(count, token);
      assertInstantText(at, 'at');
      yield* run(db.deleteFrom('appraisal_tokens').where('recorded_on', '<', tokensForgottenBefore(at)).compile());
      const inserted = yield* run(
        db
          .insertInto('appraisal_tokens')
          .values({ token, recorded_on: dayOf(at) })
          .onConflict((conflict) => conflict.column('token').doNothing())
          .compile(),
      );
      if (inserted !== 1) return false;
      yield* run(
        db
          .insertInto('appraisal_counts')
          .values({ org_unit: count.orgUnit, quarter: count.quarter, asked: count.asked, signalled: count.signalled, not_asked_reason: count.notAskedReason ?? '', count: 1 })
          .onConflict((conflict) =>
            conflict.columns(['org_unit', 'quarter', 'asked', 'signalled', 'not_asked_reason']).doUpdateSet((eb) => ({ count: eb('appraisal_counts.count', '+', 1) })),
          )
          .compile(),
      );
      return true;
    });
  }

  appraisalCounts(query: AppraisalCountQuery): Promise<AppraisalCountRow[]> {
    const { db } = this.store;
    return this.store.read(function* () {
      const { fromQuarter, toQuarter } = appraisalQuarterRange(query);
      const counts = yield* rows(
        db
          .selectFrom('appraisal_counts')
          .select((eb) => ['org_unit', 'quarter', 'asked', 'signalled', 'not_asked_reason', eb.fn.sum<number | string>('count').as('count')])
          .where('quarter', '>=', fromQuarter)
          .where('quarter', '<=', toQuarter)
          .groupBy(['org_unit', 'quarter', 'asked', 'signalled', 'not_asked_reason'])
          .orderBy('quarter')
          .orderBy('org_unit')
          .orderBy('asked', 'desc')
          .orderBy('signalled', 'desc')
          .orderBy('not_asked_reason')
          .compile(),
      );
      return counts.map(toAppraisalCountRow);
    });
  }

  /** Drops the owner's conversation reference and suspends their waiting reminders; within the caller's transaction. */
  private *suspendOwner(ownerId: string, reason: SuspensionReason, at: string): StoreProgram<number> {
    const { db } = this.store;
    yield* run(db.deleteFrom('conversation_refs').where('owner_id', '=', ownerId).compile());
    // A reminder being sent is left to its claimant, whose send ends it.
    return yield* run(
      db
        .updateTable('reminders')
        .set({ status: 'suspended', suspended_reason: reason, updated_at: at })
        .where('owner_id', '=', ownerId)
        .where('status', 'in', ['due', 'unknown'])
        .compile(),
    );
  }
}
