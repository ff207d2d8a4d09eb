/**
 * The PostgreSQL side of retention and data rights (see lifecycle-store.ts), with the same
 * semantics as sqlite-lifecycle.ts. Where several instances share the database:
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
import type { PoolClient } from 'pg';
import type { AuditAnchor } from '../audit';
import type { NotesKeyRing } from '../crypto';
import type { AuditEntry } from './store-rows';
import { StoreError } from './store-error';
import type { DeleteCaseResult, MyDataLink, OwnerCaseExport, PurgeCounts, PurgeCutoffs, PurgeResult } from './lifecycle-store';
import { assertDeleteCase, assertMyDataLink, assertPurge, assertTokenHash, emptyPurgeCounts, purgeHasMore, retentionTombstone } from './lifecycle-store';
import { assertId } from './store-error';
import { AUDIT_CHAIN_LOCK, HR_AGGREGATES_LOCK, LOCK_NAMESPACE, lockUntilCommit, PURGE_LOCK } from './postgres-locks';
import type { InTransaction } from './store-program';
import { assertInstantText } from './reminder-store';
import { REMINDER_COLUMNS, toReminderRow } from './reminder-rows';
import type { ReminderRecord } from './reminder-rows';
import { CASE_COLUMNS, openedNotes, toCaseRow } from './sql-rows';
import type { CaseRecord, NoteRecord } from './sql-rows';

const SQL = {
  tryPurgeLock: 'SELECT pg_try_advisory_xact_lock($1, $2) AS locked',
  lockExpiredCases: `SELECT id FROM cases WHERE status IN ('closed', 'routedAway') AND updated_at < $1
    ORDER BY updated_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
  deleteNotesOfCases: 'DELETE FROM notes WHERE case_id = ANY ($1::text[])',
  deleteRemindersOfCases: 'DELETE FROM reminders WHERE case_id = ANY ($1::text[])',
  deleteCases: 'DELETE FROM cases WHERE id = ANY ($1::text[])',
  // Notes of cases that are due to go whole are left to that, so each case gets one tombstone.
  deleteOldNotes: `DELETE FROM notes WHERE id IN (
      SELECT n.id FROM notes n JOIN cases c ON c.id = n.case_id
      WHERE n.created_at < $1 AND NOT (c.status IN ('closed', 'routedAway') AND c.updated_at < $2)
      ORDER BY n.created_at, n.id LIMIT $3)
    RETURNING case_id`,
  deleteEndedReminders: `DELETE FROM reminders WHERE id IN (
      SELECT id FROM reminders WHERE status IN ('sent', 'cancelled', 'dismissed', 'failed') AND updated_at < $1
      LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  selectOldestHrQuarter: 'SELECT min(quarter) AS quarter FROM hr_cases WHERE quarter < $1',
  deleteHrLogOfQuarter: 'DELETE FROM hr_log WHERE case_key IN (SELECT case_key FROM hr_cases WHERE quarter = $1)',
  deleteHrCasesOfQuarter: 'DELETE FROM hr_cases WHERE quarter = $1',
  deleteHrPartsOfQuarter: 'DELETE FROM hr_aggregate_parts WHERE quarter = $1',
  deleteAppraisalCounts: 'DELETE FROM appraisal_counts WHERE quarter < $1',
  deleteExpiredLinks: 'DELETE FROM my_data_links WHERE expires_at <= $1',
  // Managers who own no case and whose reference and settings were all written before $1.
  selectInactiveManagers: `SELECT owner_id FROM (
      SELECT owner_id, updated_at FROM conversation_refs UNION ALL SELECT owner_id, updated_at FROM user_settings) AS seen
    GROUP BY owner_id HAVING max(updated_at) < $1 AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.owner_id = seen.owner_id)
    ORDER BY owner_id LIMIT $2`,
  lockConversationRefs: 'SELECT owner_id FROM conversation_refs WHERE owner_id = ANY ($1::text[]) ORDER BY owner_id FOR UPDATE',
  lockUserSettings: 'SELECT owner_id FROM user_settings WHERE owner_id = ANY ($1::text[]) ORDER BY owner_id FOR UPDATE',
  // The same test again, on what is committed now that the rows are locked.
  selectStillInactive: `SELECT o.owner_id FROM unnest($1::text[]) AS o (owner_id)
    WHERE NOT EXISTS (SELECT 1 FROM conversation_refs r WHERE r.owner_id = o.owner_id AND r.updated_at >= $2)
      AND NOT EXISTS (SELECT 1 FROM user_settings s WHERE s.owner_id = o.owner_id AND s.updated_at >= $2)
      AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.owner_id = o.owner_id)`,
  // A row written after that check (a turn inserting a first one) is newer than the cutoff and stays.
  deleteConversationRefs: 'DELETE FROM conversation_refs WHERE owner_id = ANY ($1::text[]) AND updated_at < $2',
  deleteUserSettings: 'DELETE FROM user_settings WHERE owner_id = ANY ($1::text[]) AND updated_at < $2',
  // A digest being sent is left to end: it plans no next one once the settings are gone.
  deleteDigestsOfOwners: `DELETE FROM reminders WHERE id IN (
      SELECT id FROM reminders WHERE owner_id = ANY ($1::text[]) AND case_id IS NULL AND status <> 'sending' FOR UPDATE)`,
  deleteOldTokens: `DELETE FROM appraisal_tokens WHERE token IN (
      SELECT token FROM appraisal_tokens WHERE recorded_on < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  selectAuditEnds: 'SELECT min(seq) AS first, max(seq) AS last FROM audit',
  selectAuditKeptFrom: 'SELECT seq FROM audit WHERE at >= $1 ORDER BY seq LIMIT 1',
  selectAuditRow: 'SELECT seq, hash FROM audit WHERE seq = $1',
  deleteAuditBefore: 'DELETE FROM audit WHERE seq < $1',
  upsertAnchor: 'INSERT INTO audit_anchor (id, seq, hash) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
  lockCase: `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`,
  selectCasesOfOwner: `SELECT ${CASE_COLUMNS} FROM cases WHERE owner_id = $1 ORDER BY created_at, id`,
  // The owner's own notes: a case taken over without its notes still holds the earlier owner's (handover-store.ts).
  selectNotesOfCases: 'SELECT case_id, step, key_id, iv, tag, ciphertext, created_at FROM notes WHERE case_id = ANY ($1::text[]) AND owner_id = $2 ORDER BY id',
  selectRemindersOfCases: `SELECT ${REMINDER_COLUMNS.join(', ')} FROM reminders WHERE case_id = ANY ($1::text[]) ORDER BY created_at, id`,
  insertLink: 'INSERT INTO my_data_links (token_hash, owner_id, locale, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)',
  takeLink: 'DELETE FROM my_data_links WHERE token_hash = $1 RETURNING owner_id, locale, expires_at',
} as const;

export class PostgresLifecycle {
  constructor(
    private readonly transaction: InTransaction,
    private readonly notesKeys: NotesKeyRing,
    /** Extends the audit chain inside the caller's transaction (takes the chain lock). */
    private readonly appendAudit: (db: PoolClient, entries: AuditEntry[]) => Promise<void>,
  ) {}

  async purge(cutoffs: PurgeCutoffs, at: string, limit: number): Promise<PurgeResult> {
    assertPurge(cutoffs, at, limit);
    return this.transaction(async (db): Promise<PurgeResult> => {
      const purged = emptyPurgeCounts();
      if (!(await db.query<{ locked: boolean }>(SQL.tryPurgeLock, [LOCK_NAMESPACE, PURGE_LOCK])).rows[0]!.locked) {
        return { purged, anchor: null, more: false };
      }
      const cases = (await db.query<{ id: string }>(SQL.lockExpiredCases, [cutoffs.casesChangedBefore, limit])).rows.map((r) => r.id);
      const tombstones = cases.map((id) => retentionTombstone(id, 'case', at));
      if (cases.length > 0) {
        purged.notes += (await db.query(SQL.deleteNotesOfCases, [cases])).rowCount ?? 0;
        purged.reminders += (await db.query(SQL.deleteRemindersOfCases, [cases])).rowCount ?? 0;
        purged.cases = (await db.query(SQL.deleteCases, [cases])).rowCount ?? 0;
      }
      const oldNotes = (await db.query<{ case_id: string }>(SQL.deleteOldNotes, [cutoffs.notesWrittenBefore, cutoffs.casesChangedBefore, limit])).rows;
      purged.notes += oldNotes.length;
      for (const caseId of new Set(oldNotes.map((note) => note.case_id))) tombstones.push(retentionTombstone(caseId, 'notes', at));
      purged.reminders += (await db.query(SQL.deleteEndedReminders, [cutoffs.remindersEndedBefore, limit])).rowCount ?? 0;
      const { quarter } = (await db.query<{ quarter: string | null }>(SQL.selectOldestHrQuarter, [cutoffs.hrBeforeQuarter])).rows[0]!;
      if (quarter !== null) {
        purged.hrLog = (await db.query(SQL.deleteHrLogOfQuarter, [quarter])).rowCount ?? 0;
        purged.hrCases = (await db.query(SQL.deleteHrCasesOfQuarter, [quarter])).rowCount ?? 0;
        // After any compaction in flight: its sums of this quarter would otherwise outlive the purge.
        await lockUntilCommit(db, HR_AGGREGATES_LOCK);
        await db.query(SQL.deleteHrPartsOfQuarter, [quarter]);
      }
      purged.appraisalCounts = (await db.query(SQL.deleteAppraisalCounts, [cutoffs.appraisalBeforeQuarter])).rowCount ?? 0;
      purged.myDataLinks = (await db.query(SQL.deleteExpiredLinks, [at])).rowCount ?? 0;
      // After the cases: a manager whose last case just went can go in the same round.
      purged.managers = await purgeInactiveManagers(db, cutoffs.managersInactiveBefore, limit, purged);
      purged.appraisalTokens = (await db.query(SQL.deleteOldTokens, [cutoffs.appraisalTokensBefore, limit])).rowCount ?? 0;

      await this.appendAudit(db, tombstones);
      await lockUntilCommit(db, AUDIT_CHAIN_LOCK);
      const anchor = await purgeAudit(db, cutoffs.auditBefore, limit, purged);
      return { purged, anchor, more: purgeHasMore(purged, limit) };
    });
  }

  async deleteCase(caseId: string, ownerId: string, expectedRevision: number, at: string): Promise<DeleteCaseResult> {
    assertDeleteCase(caseId, ownerId, expectedRevision, at);
    return this.transaction(async (db): Promise<DeleteCaseResult> => {
      const existing = (await db.query<CaseRecord>(SQL.lockCase, [caseId])).rows[0];
      if (!existing) return { ok: false, reason: 'conflict', current: null };
      if (existing.owner_id !== ownerId) throw new StoreError('notOwner');
      if (existing.revision !== expectedRevision) return { ok: false, reason: 'conflict', current: toCaseRow(existing) };
      await db.query(SQL.deleteNotesOfCases, [[caseId]]);
      await db.query(SQL.deleteRemindersOfCases, [[caseId]]);
      await db.query(SQL.deleteCases, [[caseId]]);
      await this.appendAudit(db, [{ actor: ownerId, action: 'delete', caseId, detail: 'case', at }]);
      return { ok: true };
    });
  }

  async exportOwnerData(ownerId: string, at: string): Promise<OwnerCaseExport[]> {
    assertId(ownerId, 'ownerId');
    assertInstantText(at, 'at');
    const { cases, notes, reminders } = await this.transaction(async (db) => {
      const records = (await db.query<CaseRecord>(SQL.selectCasesOfOwner, [ownerId])).rows;
      const ids = records.map((record) => record.id);
      const sealed = (await db.query<NoteRecord & { case_id: string }>(SQL.selectNotesOfCases, [ids, ownerId])).rows;
      const due = (await db.query<ReminderRecord>(SQL.selectRemindersOfCases, [ids])).rows;
      await this.appendAudit(db, ids.map((caseId) => ({ actor: ownerId, action: 'export' as const, caseId, detail: 'myData', at })));
      return { cases: records, notes: sealed, reminders: due };
    });
    return cases.map((record) => ({
      case: toCaseRow(record),
      notes: openedNotes(this.notesKeys, notes.filter((note) => note.case_id === record.id), { caseId: record.id, ownerId }),
      reminders: reminders.filter((reminder) => reminder.case_id === record.id).map(toReminderRow),
    }));
  }

  async saveMyDataLink(link: MyDataLink, at: string): Promise<void> {
    assertMyDataLink(link, at);
    await this.transaction(async (db) => {
      await db.query(SQL.deleteExpiredLinks, [at]);
      await db.query(SQL.insertLink, [link.tokenHash, link.ownerId, link.locale, link.expiresAt, at]);
    });
  }

  async takeMyDataLink(tokenHash: string, at: string): Promise<{ ownerId: string; locale: string } | null> {
    assertTokenHash(tokenHash);
    assertInstantText(at, 'at');
    const taken = await this.transaction(async (db) => (await db.query<{ owner_id: string; locale: string; expires_at: string }>(SQL.takeLink, [tokenHash])).rows[0]);
    return taken && taken.expires_at > at ? { ownerId: taken.owner_id, locale: taken.locale } : null;
  }
}

/**
 * Deletes the reference, settings and weekly digests of up to `limit` managers who own no case and
 * have not used the bot since `before`; returns how many managers went. Their rows are locked
 * (references, then settings, each in owner order; no turn holds both) and checked again first.
 */
async function purgeInactiveManagers(db: PoolClient, before: string, limit: number, purged: PurgeCounts): Promise<number> {
  const candidates = (await db.query<{ owner_id: string }>(SQL.selectInactiveManagers, [before, limit])).rows.map((row) => row.owner_id);
  if (candidates.length === 0) return 0;
  await db.query(SQL.lockConversationRefs, [candidates]);
  await db.query(SQL.lockUserSettings, [candidates]);
  const owners = (await db.query<{ owner_id: string }>(SQL.selectStillInactive, [candidates, before])).rows.map((row) => row.owner_id);
  if (owners.length === 0) return 0;
  await db.query(SQL.deleteConversationRefs, [owners, before]);
  await db.query(SQL.deleteUserSettings, [owners, before]);
  purged.reminders += (await db.query(SQL.deleteDigestsOfOwners, [owners])).rowCount ?? 0;
  return owners.length;
}

/**
 * Deletes the oldest audit rows, up to the first one written at or after `before` (at most
 * `limit` of them), and records the last deleted row as the chain's anchor. The caller holds the
 * audit chain lock.
 */
async function purgeAudit(db: PoolClient, before: string, limit: number, purged: PurgeCounts): Promise<AuditAnchor | null> {
  const ends = (await db.query<{ first: string | null; last: string | null }>(SQL.selectAuditEnds)).rows[0]!;
  if (ends.first === null) return null;
  const first = Number(ends.first);
  const keptFrom = (await db.query<{ seq: string }>(SQL.selectAuditKeptFrom, [before])).rows[0];
  const end = Math.min(keptFrom ? Number(keptFrom.seq) : Number(ends.last) + 1, first + limit);
  if (end <= first) return null;
  const row = (await db.query<{ seq: string; hash: string }>(SQL.selectAuditRow, [end - 1])).rows[0]!;
  purged.audit = (await db.query(SQL.deleteAuditBefore, [end])).rowCount ?? 0;
  await db.query(SQL.upsertAnchor, [row.seq, row.hash]);
  return { seq: Number(row.seq), hash: row.hash };
}
