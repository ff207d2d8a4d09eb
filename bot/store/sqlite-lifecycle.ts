/**
 * The SQLite side of retention and data rights (see lifecycle-store.ts). Every method is one
 * `BEGIN IMMEDIATE` transaction, so a purge, a deletion or an export sees and changes one
 * consistent state, and two processes purging at once simply queue: the second finds nothing left.
 * With secure_delete on, what is deleted is overwritten in the file, not left in free pages.
 */
import type Database from 'better-sqlite3';
import type { AuditAnchor } from '../audit';
import type { NotesKeyRing } from '../crypto';
import type { AuditEntry } from './store-rows';
import { assertId, StoreError } from './store-error';
import type { DeleteCaseResult, MyDataLink, OwnerCaseExport, PurgeCounts, PurgeCutoffs, PurgeResult } from './lifecycle-store';
import { assertDeleteCase, assertMyDataLink, assertPurge, assertTokenHash, emptyPurgeCounts, purgeHasMore, retentionTombstone } from './lifecycle-store';
import { assertInstantText } from './reminder-store';
import { REMINDER_COLUMNS, toReminderRow } from './reminder-rows';
import type { ReminderRecord } from './reminder-rows';
import { CASE_COLUMNS, openedNotes, toCaseRow } from './sql-rows';
import type { CaseRecord, NoteRecord } from './sql-rows';

const ENDED_REMINDERS = "('sent', 'cancelled', 'dismissed', 'failed')";

function prepare(db: Database.Database) {
  return {
    selectCase: db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?`),
    selectExpiredCases: db.prepare(
      "SELECT id FROM cases WHERE status IN ('closed', 'routedAway') AND updated_at < ? ORDER BY updated_at, id LIMIT ?",
    ),
    deleteNotesOfCase: db.prepare('DELETE FROM notes WHERE case_id = ?'),
    deleteRemindersOfCase: db.prepare('DELETE FROM reminders WHERE case_id = ?'),
    deleteCase: db.prepare('DELETE FROM cases WHERE id = ?'),
    // Notes of cases that are due to go whole are left to that, so each case gets one tombstone.
    selectOldNotes: db.prepare(
      `SELECT n.id, n.case_id FROM notes n JOIN cases c ON c.id = n.case_id
       WHERE n.created_at < ? AND NOT (c.status IN ('closed', 'routedAway') AND c.updated_at < ?)
       ORDER BY n.created_at, n.id LIMIT ?`,
    ),
    deleteNote: db.prepare('DELETE FROM notes WHERE id = ?'),
    deleteEndedReminders: db.prepare(
      `DELETE FROM reminders WHERE id IN (SELECT id FROM reminders WHERE status IN ${ENDED_REMINDERS} AND updated_at < ? LIMIT ?)`,
    ),
    selectOldestHrQuarter: db.prepare('SELECT min(quarter) AS quarter FROM hr_cases WHERE quarter < ?'),
    deleteHrLogOfQuarter: db.prepare('DELETE FROM hr_log WHERE case_key IN (SELECT case_key FROM hr_cases WHERE quarter = ?)'),
    deleteHrCasesOfQuarter: db.prepare('DELETE FROM hr_cases WHERE quarter = ?'),
    deleteHrAggregatesOfQuarter: db.prepare('DELETE FROM hr_aggregates WHERE quarter = ?'),
    deleteAppraisalCounts: db.prepare('DELETE FROM appraisal_counts WHERE quarter < ?'),
    deleteExpiredLinks: db.prepare('DELETE FROM my_data_links WHERE expires_at <= ?'),
    // Managers who own no case and whose reference and settings were all written before the cutoff.
    selectInactiveManagers: db.prepare(
      `SELECT owner_id FROM (
         SELECT owner_id, updated_at FROM conversation_refs UNION ALL SELECT owner_id, updated_at FROM user_settings) AS seen
       GROUP BY owner_id HAVING max(updated_at) < ? AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.owner_id = seen.owner_id)
       ORDER BY owner_id LIMIT ?`,
    ),
    deleteConversationRef: db.prepare('DELETE FROM conversation_refs WHERE owner_id = ?'),
    deleteUserSettings: db.prepare('DELETE FROM user_settings WHERE owner_id = ?'),
    // A digest being sent is left to end: it plans no next one once the settings are gone.
    deleteDigestsOfOwner: db.prepare("DELETE FROM reminders WHERE owner_id = ? AND case_id IS NULL AND status <> 'sending'"),
    deleteOldTokens: db.prepare('DELETE FROM appraisal_tokens WHERE token IN (SELECT token FROM appraisal_tokens WHERE recorded_on < ? LIMIT ?)'),
    selectAuditFirst: db.prepare('SELECT min(seq) AS seq FROM audit'),
    selectAuditLast: db.prepare('SELECT max(seq) AS seq FROM audit'),
    selectAuditKeptFrom: db.prepare('SELECT seq FROM audit WHERE at >= ? ORDER BY seq LIMIT 1'),
    selectAuditRow: db.prepare('SELECT seq, hash FROM audit WHERE seq = ?'),
    deleteAuditBefore: db.prepare('DELETE FROM audit WHERE seq < ?'),
    upsertAnchor: db.prepare(
      'INSERT INTO audit_anchor (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
    ),
    selectCasesOfOwner: db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE owner_id = ? ORDER BY created_at, id`),
    // The owner's own notes: a case taken over without its notes still holds the earlier owner's (handover-store.ts).
    selectNotes: db.prepare('SELECT step, key_id, iv, tag, ciphertext, created_at FROM notes WHERE case_id = ? AND owner_id = ? ORDER BY id'),
    selectRemindersOfCase: db.prepare(`SELECT ${REMINDER_COLUMNS.join(', ')} FROM reminders WHERE case_id = ? ORDER BY created_at, id`),
    insertLink: db.prepare('INSERT INTO my_data_links (token_hash, owner_id, locale, expires_at, created_at) VALUES (?, ?, ?, ?, ?)'),
    takeLink: db.prepare('DELETE FROM my_data_links WHERE token_hash = ? RETURNING owner_id, locale, expires_at'),
  };
}

export class SqliteLifecycle {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Database.Database,
    private readonly notesKeys: NotesKeyRing,
    /** Extends the audit chain; called inside this module's transactions. */
    private readonly appendAudit: (entry: AuditEntry) => void,
  ) {
    this.statements = prepare(db);
  }

  purge(cutoffs: PurgeCutoffs, at: string, limit: number): PurgeResult {
    assertPurge(cutoffs, at, limit);
    const s = this.statements;
    return this.db
      .transaction((): PurgeResult => {
        const purged = emptyPurgeCounts();
        const tombstones: AuditEntry[] = [];
        for (const { id } of s.selectExpiredCases.all(cutoffs.casesChangedBefore, limit) as { id: string }[]) {
          purged.notes += s.deleteNotesOfCase.run(id).changes;
          purged.reminders += s.deleteRemindersOfCase.run(id).changes;
          purged.cases += s.deleteCase.run(id).changes;
          tombstones.push(retentionTombstone(id, 'case', at));
        }
        const oldNotes = s.selectOldNotes.all(cutoffs.notesWrittenBefore, cutoffs.casesChangedBefore, limit) as { id: number; case_id: string }[];
        for (const note of oldNotes) purged.notes += s.deleteNote.run(note.id).changes;
        for (const caseId of new Set(oldNotes.map((note) => note.case_id))) tombstones.push(retentionTombstone(caseId, 'notes', at));
        purged.reminders += s.deleteEndedReminders.run(cutoffs.remindersEndedBefore, limit).changes;
        const { quarter } = s.selectOldestHrQuarter.get(cutoffs.hrBeforeQuarter) as { quarter: string | null };
        if (quarter !== null) {
          purged.hrLog = s.deleteHrLogOfQuarter.run(quarter).changes;
          purged.hrCases = s.deleteHrCasesOfQuarter.run(quarter).changes;
          s.deleteHrAggregatesOfQuarter.run(quarter);
        }
        purged.appraisalCounts = s.deleteAppraisalCounts.run(cutoffs.appraisalBeforeQuarter).changes;
        purged.myDataLinks = s.deleteExpiredLinks.run(at).changes;
        // After the cases: a manager whose last case just went can go in the same round.
        for (const { owner_id: ownerId } of s.selectInactiveManagers.all(cutoffs.managersInactiveBefore, limit) as { owner_id: string }[]) {
          s.deleteConversationRef.run(ownerId);
          s.deleteUserSettings.run(ownerId);
          purged.reminders += s.deleteDigestsOfOwner.run(ownerId).changes;
          purged.managers += 1;
        }
        purged.appraisalTokens = s.deleteOldTokens.run(cutoffs.appraisalTokensBefore, limit).changes;
        for (const entry of tombstones) this.appendAudit(entry);
        const anchor = this.purgeAudit(cutoffs.auditBefore, limit, purged);
        return { purged, anchor, more: purgeHasMore(purged, limit) };
      })
      .immediate();
  }

  deleteCase(caseId: string, ownerId: string, expectedRevision: number, at: string): DeleteCaseResult {
    assertDeleteCase(caseId, ownerId, expectedRevision, at);
    const s = this.statements;
    return this.db
      .transaction((): DeleteCaseResult => {
        const existing = s.selectCase.get(caseId) as CaseRecord | undefined;
        if (!existing) return { ok: false, reason: 'conflict', current: null };
        if (existing.owner_id !== ownerId) throw new StoreError('notOwner');
        if (existing.revision !== expectedRevision) return { ok: false, reason: 'conflict', current: toCaseRow(existing) };
        s.deleteNotesOfCase.run(caseId);
        s.deleteRemindersOfCase.run(caseId);
        s.deleteCase.run(caseId);
        this.appendAudit({ actor: ownerId, action: 'delete', caseId, detail: 'case', at });
        return { ok: true };
      })
      .immediate();
  }

  exportOwnerData(ownerId: string, at: string): OwnerCaseExport[] {
    assertId(ownerId, 'ownerId');
    assertInstantText(at, 'at');
    const s = this.statements;
    const sealed = this.db
      .transaction(() =>
        (s.selectCasesOfOwner.all(ownerId) as CaseRecord[]).map((record) => {
          this.appendAudit({ actor: ownerId, action: 'export', caseId: record.id, detail: 'myData', at });
          return {
            record,
            notes: s.selectNotes.all(record.id, ownerId) as NoteRecord[],
            reminders: (s.selectRemindersOfCase.all(record.id) as ReminderRecord[]).map(toReminderRow),
          };
        }),
      )
      .immediate();
    return sealed.map(({ record, notes, reminders }): OwnerCaseExport => ({
      case: toCaseRow(record),
      notes: openedNotes(this.notesKeys, notes, { caseId: record.id, ownerId }),
      reminders,
    }));
  }

  saveMyDataLink(link: MyDataLink, at: string): void {
    assertMyDataLink(link, at);
    const s = this.statements;
    this.db
      .transaction(() => {
        s.deleteExpiredLinks.run(at);
        s.insertLink.run(link.tokenHash, link.ownerId, link.locale, link.expiresAt, at);
      })
      .immediate();
  }

  takeMyDataLink(tokenHash: string, at: string): { ownerId: string; locale: string } | null {
    assertTokenHash(tokenHash);
    assertInstantText(at, 'at');
    const { takeLink } = this.statements;
    const taken = this.db.transaction(() => takeLink.get(tokenHash)).immediate() as { owner_id: string; locale: string; expires_at: string } | undefined;
    return taken && taken.expires_at > at ? { ownerId: taken.owner_id, locale: taken.locale } : null;
  }

  /**
   * Deletes the oldest audit rows, up to the first one written at or after `before` (at most
   * `limit` of them), and records the last deleted row as the chain's anchor.
   */
  private purgeAudit(before: string, limit: number, purged: PurgeCounts): AuditAnchor | null {
    const s = this.statements;
    const first = (s.selectAuditFirst.get() as { seq: number | null }).seq;
    if (first === null) return null;
    const keptFrom = (s.selectAuditKeptFrom.get(before) as { seq: number } | undefined)?.seq ?? (s.selectAuditLast.get() as { seq: number }).seq + 1;
    const end = Math.min(keptFrom, first + limit);
    if (end <= first) return null;
    const anchor = s.selectAuditRow.get(end - 1) as AuditAnchor;
    purged.audit = s.deleteAuditBefore.run(end).changes;
    s.upsertAnchor.run(anchor.seq, anchor.hash);
    return { seq: anchor.seq, hash: anchor.hash };
  }
}
