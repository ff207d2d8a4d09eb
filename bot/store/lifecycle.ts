/**
 * Retention and data rights (lifecycle-store.ts), written once for both stores (store-program.ts).
 * Every method is one transaction, so a purge, a deletion or an export sees and changes one
 * consistent state. In SQLite (`BEGIN IMMEDIATE`) two processes purging at once simply queue: the
 * second finds nothing left; with secure_delete on, what is deleted is overwritten in the file.
 *
 * Where several PostgreSQL instances share the database:
 * - A purge round first tries the purge advisory lock: one instance purges, the others skip the
 *   round. Expired cases are locked `FOR UPDATE SKIP LOCKED`, so a case in the middle of a turn
 *   is left for the next round (and a turn that reopened it meanwhile keeps it).
 * - The round writes its audit rows and moves the chain's anchor last, under the audit chain lock,
 *   so other instances' turns wait for that lock only briefly.
 * - Deleting a case locks its row like a turn does: a turn and a deletion on one case run one
 *   after the other, and whichever comes second sees a conflict.
 * - An inactive manager's reference and settings rows are locked before they are checked again and
 *   deleted: a turn of that manager that is writing them right now is waited for (a single short
 *   statement), and one that wrote them since the round began keeps the manager. A turn that comes
 *   after the lock waits for the round and writes a new reference.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { AuditAnchor } from '../audit';
import type { NotesKeyRing } from '../crypto';
import { assertId, StoreError } from './store-error';
import type { DeleteCaseResult, MyDataLink, OwnerCaseExport, PurgeCounts, PurgeCutoffs, PurgeResult } from './lifecycle-store';
import { assertDeleteCase, assertMyDataLink, assertPurge, assertTokenHash, emptyPurgeCounts, purgeHasMore, retentionTombstone } from './lifecycle-store';
import { assertInstantText } from './reminder-store';
import { REMINDER_COLUMNS, toReminderRow } from './reminder-rows';
import { openedNotes, toCaseRow } from './sql-rows';
import { oneOf } from './query-layer';
import type { SqlDialect } from './query-layer';
import type { SqlBigint, StoreSchema } from './store-schema';
import { appendAudit, firstRow, lockUntilCommit, rows, run, tryLockUntilCommit } from './store-program';
import type { ProgramRunner, StoreProgram } from './store-program';

const ENDED_REMINDERS = ['sent', 'cancelled', 'dismissed', 'failed'] as const;
const ENDED_CASES = ['closed', 'routedAway'] as const;

export class Lifecycle {
  constructor(
    private readonly store: ProgramRunner,
    private readonly notesKeys: NotesKeyRing,
  ) {}

  purge(cutoffs: PurgeCutoffs, at: string, limit: number): Promise<PurgeResult> {
    const { db, dialect } = this.store;
    const postgres = dialect === 'postgres';
    return this.store.write(function* (): StoreProgram<PurgeResult> {
      assertPurge(cutoffs, at, limit);
      const purged = emptyPurgeCounts();
      if (!(yield* tryLockUntilCommit('purge'))) return { purged, anchor: null, more: false };
      const expired = yield* rows(
        db
          .selectFrom('cases')
          .select('id')
          .where('status', 'in', ENDED_CASES)
          .where('updated_at', '<', cutoffs.casesChangedBefore)
          .orderBy('updated_at')
          .orderBy('id')
          .limit(limit)
          .$if(postgres, (query) => query.forUpdate().skipLocked())
          .compile(),
      );
      const cases = expired.map((row) => row.id);
      const tombstones = cases.map((id) => retentionTombstone(id, 'case', at));
      if (cases.length > 0) {
        purged.notes += yield* run(db.deleteFrom('notes').where(oneOf(dialect, 'case_id', cases)).compile());
        purged.reminders += yield* run(db.deleteFrom('reminders').where(oneOf(dialect, 'case_id', cases)).compile());
        purged.cases = yield* run(db.deleteFrom('cases').where(oneOf(dialect, 'id', cases)).compile());
      }
      // Notes of cases that are due to go whole are left to that, so each case gets one tombstone.
      const oldNotes = yield* rows(
        db
          .deleteFrom('notes')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('notes as n')
              .innerJoin('cases as c', 'c.id', 'n.case_id')
              .select('n.id')
              .where('n.created_at', '<', cutoffs.notesWrittenBefore)
              .where((w) => w.not(w.and([w('c.status', 'in', ENDED_CASES), w('c.updated_at', '<', cutoffs.casesChangedBefore)])))
              .orderBy('n.created_at')
              .orderBy('n.id')
              .limit(limit),
          )
          .returning('case_id')
          .compile(),
      );
      purged.notes += oldNotes.length;
      for (const caseId of new Set(oldNotes.map((note) => note.case_id))) tombstones.push(retentionTombstone(caseId, 'notes', at));
      purged.reminders += yield* run(
        db
          .deleteFrom('reminders')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('reminders')
              .select('id')
              .where('status', 'in', ENDED_REMINDERS)
              .where('updated_at', '<', cutoffs.remindersEndedBefore)
              .limit(limit)
              .$if(postgres, (query) => query.forUpdate().skipLocked()),
          )
          .compile(),
      );
      yield* purgeHrQuarter(db, dialect, cutoffs.hrBeforeQuarter, purged);
      purged.appraisalCounts = yield* run(db.deleteFrom('appraisal_counts').where('quarter', '<', cutoffs.appraisalBeforeQuarter).compile());
      purged.myDataLinks = yield* run(db.deleteFrom('my_data_links').where('expires_at', '<=', at).compile());
      // After the cases: a manager whose last case just went can go in the same round.
      purged.managers = yield* purgeInactiveManagers(db, dialect, cutoffs.managersInactiveBefore, limit, purged);
      purged.appraisalTokens = yield* run(
        db
          .deleteFrom('appraisal_tokens')
          .where('token', 'in', (eb) =>
            eb
              .selectFrom('appraisal_tokens')
              .select('token')
              .where('recorded_on', '<', cutoffs.appraisalTokensBefore)
              .limit(limit)
              .$if(postgres, (query) => query.forUpdate().skipLocked()),
          )
          .compile(),
      );
      yield* appendAudit(...tombstones);
      yield* lockUntilCommit('auditChain');
      const anchor = yield* purgeAudit(db, cutoffs.auditBefore, limit, purged);
      return { purged, anchor, more: purgeHasMore(purged, limit) };
    });
  }

  deleteCase(caseId: string, ownerId: string, expectedRevision: number, at: string): Promise<DeleteCaseResult> {
    const { db, dialect } = this.store;
    return this.store.write(function* (): StoreProgram<DeleteCaseResult> {
      assertDeleteCase(caseId, ownerId, expectedRevision, at);
      const existing = yield* firstRow(
        db
          .selectFrom('cases')
          .selectAll()
          .where('id', '=', caseId)
          .$if(dialect === 'postgres', (query) => query.forUpdate())
          .compile(),
      );
      if (!existing) return { ok: false, reason: 'conflict', current: null };
      if (existing.owner_id !== ownerId) throw new StoreError('notOwner');
      if (existing.revision !== expectedRevision) return { ok: false, reason: 'conflict', current: toCaseRow(existing) };
      yield* run(db.deleteFrom('notes').where('case_id', '=', caseId).compile());
      yield* run(db.deleteFrom('reminders').where('case_id', '=', caseId).compile());
      yield* run(db.deleteFrom('cases').where('id', '=', caseId).compile());
      yield* appendAudit({ actor: ownerId, action: 'delete', caseId, detail: 'case', at });
      return { ok: true };
    });
  }

  async exportOwnerData(ownerId: string, at: string): Promise<OwnerCaseExport[]> {
    const { db, dialect } = this.store;
    const { cases, notes, reminders } = await this.store.write(function* () {
      assertId(ownerId, 'ownerId');
      assertInstantText(at, 'at');
      const records = yield* rows(db.selectFrom('cases').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').orderBy('id').compile());
      const ids = records.map((record) => record.id);
      // The owner's own notes: a case taken over without its notes still holds the earlier owner's (handover-store.ts).
      const sealed = yield* rows(
        db
          .selectFrom('notes')
          .select(['case_id', 'step', 'key_id', 'iv', 'tag', 'ciphertext', 'created_at'])
          .where(oneOf(dialect, 'case_id', ids))
          .where('owner_id', '=', ownerId)
          .orderBy('id')
          .compile(),
      );
      const due = yield* rows(db.selectFrom('reminders').select(REMINDER_COLUMNS).where(oneOf(dialect, 'case_id', ids)).orderBy('created_at').orderBy('id').compile());
      yield* appendAudit(...ids.map((caseId) => ({ actor: ownerId, action: 'export' as const, caseId, detail: 'myData', at })));
      return { cases: records, notes: sealed, reminders: due };
    });
    return cases.map((record) => ({
      case: toCaseRow(record),
      notes: openedNotes(this.notesKeys, notes.filter((note) => note.case_id === record.id), { caseId: record.id, ownerId }),
      reminders: reminders.filter((reminder) => reminder.case_id === record.id).map(toReminderRow),
    }));
  }

  saveMyDataLink(link: MyDataLink, at: string): Promise<void> {
    const { db } = this.store;
    return this.store.write(function* () {
      assertMyDataLink(link, at);
      yield* run(db.deleteFrom('my_data_links').where('expires_at', '<=', at).compile());
      yield* run(
        db
          .insertInto('my_data_links')
          .values({ token_hash: link.tokenHash, owner_id: link.ownerId, locale: link.locale, expires_at: link.expiresAt, created_at: at })
          .compile(),
      );
    });
  }

  async takeMyDataLink(tokenHash: string, at: string): Promise<{ ownerId: string; locale: string } | null> {
    assertTokenHash(tokenHash);
    assertInstantText(at, 'at');
    const [taken] = await this.store.statement(
      this.store.db.deleteFrom('my_data_links').where('token_hash', '=', tokenHash).returning(['owner_id', 'locale', 'expires_at']).compile(),
    );
    return taken && taken.expires_at > at ? { ownerId: taken.owner_id, locale: taken.locale } : null;
  }
}

/**
 * The HR data of the oldest quarter before `beforeQuarter`. The HR tables belong to the HR
 * projection (sqlite-hr.ts, postgres-hr.ts), whose aggregate strategy differs per store: SQLite
 * keeps one row per quarter and unit, PostgreSQL appends parts that a compaction folds.
 */
function* purgeHrQuarter(db: Kysely<StoreSchema>, dialect: SqlDialect, beforeQuarter: string, purged: PurgeCounts): StoreProgram<void> {
  const oldest = yield* firstRow(sql<{ quarter: string | null }>`SELECT min(quarter) AS quarter FROM hr_cases WHERE quarter < ${beforeQuarter}`.compile(db));
  const quarter = oldest?.quarter ?? null;
  if (quarter === null) return;
  purged.hrLog = yield* run(sql`DELETE FROM hr_log WHERE case_key IN (SELECT case_key FROM hr_cases WHERE quarter = ${quarter})`.compile(db));
  purged.hrCases = yield* run(sql`DELETE FROM hr_cases WHERE quarter = ${quarter}`.compile(db));
  if (dialect === 'sqlite') {
    yield* run(sql`DELETE FROM hr_aggregates WHERE quarter = ${quarter}`.compile(db));
    return;
  }
  // After any compaction in flight: its sums of this quarter would otherwise outlive the purge.
  yield* lockUntilCommit('hrAggregates');
  yield* run(sql`DELETE FROM hr_aggregate_parts WHERE quarter = ${quarter}`.compile(db));
}

/**
 * Deletes the reference, settings and weekly digests of up to `limit` managers who own no case and
 * have not used the bot since `before`; returns how many managers went. In PostgreSQL their rows
 * are locked first (references, then settings, each in owner order; no turn holds both) and the
 * test is made again on what is committed then.
 */
function* purgeInactiveManagers(db: Kysely<StoreSchema>, dialect: SqlDialect, before: string, limit: number, purged: PurgeCounts): StoreProgram<number> {
  const seen = db
    .selectFrom('conversation_refs')
    .select(['owner_id', 'updated_at'])
    .unionAll(db.selectFrom('user_settings').select(['owner_id', 'updated_at']))
    .as('seen');
  const inactive = yield* rows(
    db
      .selectFrom(seen)
      .select('seen.owner_id')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('cases as c').select('c.id').whereRef('c.owner_id', '=', 'seen.owner_id'))))
      .groupBy('seen.owner_id')
      .having((eb) => eb.fn.max('seen.updated_at'), '<', before)
      .orderBy('seen.owner_id')
      .limit(limit)
      .compile(),
  );
  const candidates = inactive.map((row) => row.owner_id);
  if (candidates.length === 0) return 0;
  if (dialect === 'postgres') {
    yield* rows(db.selectFrom('conversation_refs').select('owner_id').where(oneOf(dialect, 'owner_id', candidates)).orderBy('owner_id').forUpdate().compile());
    yield* rows(db.selectFrom('user_settings').select('owner_id').where(oneOf(dialect, 'owner_id', candidates)).orderBy('owner_id').forUpdate().compile());
  }
  const active = yield* rows(
    db
      .selectFrom('conversation_refs')
      .select('owner_id')
      .where(oneOf(dialect, 'owner_id', candidates))
      .where('updated_at', '>=', before)
      .union(db.selectFrom('user_settings').select('owner_id').where(oneOf(dialect, 'owner_id', candidates)).where('updated_at', '>=', before))
      .union(db.selectFrom('cases').select('owner_id').where(oneOf(dialect, 'owner_id', candidates)))
      .compile(),
  );
  const stillActive = new Set(active.map((row) => row.owner_id));
  const owners = candidates.filter((owner) => !stillActive.has(owner));
  if (owners.length === 0) return 0;
  // A row written after that check (a turn inserting a first one) is newer than the cutoff and stays.
  yield* run(db.deleteFrom('conversation_refs').where(oneOf(dialect, 'owner_id', owners)).where('updated_at', '<', before).compile());
  yield* run(db.deleteFrom('user_settings').where(oneOf(dialect, 'owner_id', owners)).where('updated_at', '<', before).compile());
  // A digest being sent is left to end: it plans no next one once the settings are gone.
  purged.reminders += yield* run(
    db
      .deleteFrom('reminders')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('reminders')
          .select('id')
          .where(oneOf(dialect, 'owner_id', owners))
          .where('case_id', 'is', null)
          .where('status', '<>', 'sending')
          .$if(dialect === 'postgres', (query) => query.forUpdate()),
      )
      .compile(),
  );
  return owners.length;
}

/**
 * Deletes the oldest audit rows, up to the first one written at or after `before` (at most
 * `limit` of them), and records the last deleted row as the chain's anchor. The caller holds the
 * audit chain lock. PostgreSQL returns the bigint `seq` as a string.
 */
function* purgeAudit(db: Kysely<StoreSchema>, before: string, limit: number, purged: PurgeCounts): StoreProgram<AuditAnchor | null> {
  const ends = yield* firstRow(db.selectFrom('audit').select((eb) => [eb.fn.min<SqlBigint | null>('seq').as('first'), eb.fn.max<SqlBigint | null>('seq').as('last')]).compile());
  if (!ends || ends.first === null) return null;
  const first = Number(ends.first);
  const keptFrom = yield* firstRow(db.selectFrom('audit').select('seq').where('at', '>=', before).orderBy('seq').limit(1).compile());
  const end = Math.min(keptFrom ? Number(keptFrom.seq) : Number(ends.last) + 1, first + limit);
  if (end <= first) return null;
  const row = (yield* firstRow(db.selectFrom('audit').select(['seq', 'hash']).where('seq', '=', end - 1).compile()))!;
  purged.audit = yield* run(db.deleteFrom('audit').where('seq', '<', end).compile());
  yield* run(
    db
      .insertInto('audit_anchor')
      .values({ id: 1, seq: row.seq, hash: row.hash })
      .onConflict((conflict) => conflict.column('id').doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), hash: eb.ref('excluded.hash') })))
      .compile(),
  );
  return { seq: Number(row.seq), hash: row.hash };
}
