/**
 * The SQLite side of hand-overs (see handover-store.ts). Every method is one `BEGIN IMMEDIATE`
 * transaction: the code, the case's owner, its reminders, the notes that move, the HR log row and
 * the audit rows change together or not at all.
 */
import type Database from 'better-sqlite3';
import { resealNote } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import type { AuditEntry, HrLogEntry } from './store-rows';
import { assertId } from './store-error';
import type { AcceptHandoverResult, HandoverAcceptance, HandoverProposal, NotesLeftBehind, PendingHandover, ProposeHandoverResult } from './handover-store';
import { assertHandoverAcceptance, assertHandoverLimit, assertHandoverProposal, HANDOVER_SYSTEM_ACTOR, handoverAudit } from './handover-store';
import { assertTokenHash } from './lifecycle-store';
import { assertInstantText } from './reminder-store';
import { CASE_COLUMNS, openedNotes, toCaseRow } from './sql-rows';
import type { CaseRecord, NoteRecord } from './sql-rows';

interface CodeRecord {
  code_hash: string;
  case_id: string;
  from_owner_id: string;
  include_notes: number;
  expires_at: string;
}

function prepare(db: Database.Database) {
  return {
    selectCase: db.prepare(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ?`),
    selectCode: db.prepare('SELECT code_hash, case_id, from_owner_id, include_notes, expires_at FROM handover_codes WHERE code_hash = ?'),
    deleteCodeOfCase: db.prepare('DELETE FROM handover_codes WHERE case_id = ? RETURNING code_hash'),
    deleteCode: db.prepare('DELETE FROM handover_codes WHERE code_hash = ?'),
    insertCode: db.prepare(
      'INSERT INTO handover_codes (code_hash, case_id, from_owner_id, include_notes, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    selectExpired: db.prepare('SELECT code_hash, case_id, from_owner_id FROM handover_codes WHERE expires_at <= ? ORDER BY expires_at LIMIT ?'),
    changeOwner: db.prepare('UPDATE cases SET owner_id = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?'),
    moveReminders: db.prepare('UPDATE reminders SET owner_id = ?, updated_at = ? WHERE case_id = ?'),
    selectAuthorNotes: db.prepare('SELECT id, key_id, iv, tag, ciphertext FROM notes WHERE case_id = ? AND owner_id = ?'),
    resealNote: db.prepare('UPDATE notes SET owner_id = ?, key_id = ?, iv = ?, tag = ?, ciphertext = ? WHERE id = ?'),
    selectOrphans: db.prepare(
      `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.status = 'open'
         AND NOT EXISTS (SELECT 1 FROM conversation_refs r WHERE r.owner_id = c.owner_id AND r.updated_at >= ?)
         AND NOT EXISTS (SELECT 1 FROM user_settings s WHERE s.owner_id = c.owner_id AND s.updated_at >= ?)
       ORDER BY c.updated_at, c.id LIMIT ?`,
    ),
    selectNotesLeftBehind: db.prepare(
      `SELECT n.case_id, n.step, n.key_id, n.iv, n.tag, n.ciphertext, n.created_at FROM notes n JOIN cases c ON c.id = n.case_id
       WHERE n.owner_id = ? AND c.owner_id <> n.owner_id ORDER BY n.case_id, n.id`,
    ),
  };
}

export class SqliteHandover {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Database.Database,
    private readonly notesKeys: NotesKeyRing,
    /** Extends the audit chain; called inside this module's transactions. */
    private readonly appendAudit: (entry: AuditEntry) => void,
    /** Inserts a case's HR log rows and folds its projection; called inside this module's transactions. */
    private readonly writeHrLog: (caseId: string, entries: HrLogEntry[]) => void,
  ) {
    this.statements = prepare(db);
  }

  propose(proposal: HandoverProposal, at: string): ProposeHandoverResult {
    assertHandoverProposal(proposal, at);
    const s = this.statements;
    return this.db
      .transaction((): ProposeHandoverResult => {
        const record = s.selectCase.get(proposal.caseId) as CaseRecord | undefined;
        if (!record) return { ok: false, reason: 'notFound' };
        if (record.owner_id !== proposal.fromOwnerId) return { ok: false, reason: 'notOwner' };
        if (record.status !== 'open') return { ok: false, reason: 'notOpen' };
        if (s.deleteCodeOfCase.all(proposal.caseId).length > 0) this.appendAudit(handoverAudit(proposal.proposedBy, proposal.caseId, 'cancelled', at));
        s.insertCode.run(proposal.codeHash, proposal.caseId, proposal.fromOwnerId, proposal.includeNotes ? 1 : 0, proposal.expiresAt, at);
        this.appendAudit(handoverAudit(proposal.proposedBy, proposal.caseId, proposal.includeNotes ? 'proposedWithNotes' : 'proposed', at));
        return { ok: true };
      })
      .immediate();
  }

  pending(codeHash: string, at: string): PendingHandover | null {
    assertTokenHash(codeHash);
    assertInstantText(at, 'at');
    const code = this.statements.selectCode.get(codeHash) as CodeRecord | undefined;
    if (!code || code.expires_at <= at) return null;
    return { caseId: code.case_id, fromOwnerId: code.from_owner_id, includeNotes: code.include_notes === 1, expiresAt: code.expires_at };
  }

  cancel(caseId: string, ownerId: string, at: string): boolean {
    assertId(caseId, 'caseId');
    assertId(ownerId, 'ownerId');
    assertInstantText(at, 'at');
    const s = this.statements;
    return this.db
      .transaction((): boolean => {
        const record = s.selectCase.get(caseId) as CaseRecord | undefined;
        if (!record || record.owner_id !== ownerId || s.deleteCodeOfCase.all(caseId).length === 0) return false;
        this.appendAudit(handoverAudit(ownerId, caseId, 'cancelled', at));
        return true;
      })
      .immediate();
  }

  accept(acceptance: HandoverAcceptance, at: string): AcceptHandoverResult {
    assertHandoverAcceptance(acceptance, at);
    const s = this.statements;
    const { toOwnerId } = acceptance;
    return this.db
      .transaction((): AcceptHandoverResult => {
        const code = s.selectCode.get(acceptance.codeHash) as CodeRecord | undefined;
        if (!code) return { ok: false, reason: 'codeInvalid' };
        if (code.expires_at <= at) {
          s.deleteCode.run(code.code_hash);
          this.appendAudit(handoverAudit(HANDOVER_SYSTEM_ACTOR, code.case_id, 'expired', at));
          return { ok: false, reason: 'codeInvalid' };
        }
        if (code.from_owner_id === toOwnerId) return { ok: false, reason: 'ownCode' };
        const record = s.selectCase.get(code.case_id) as CaseRecord;
        if (record.owner_id !== code.from_owner_id || record.status !== 'open') {
          s.deleteCode.run(code.code_hash);
          this.appendAudit(handoverAudit(HANDOVER_SYSTEM_ACTOR, code.case_id, 'cancelled', at));
          return { ok: false, reason: record.status !== 'open' ? 'notOpen' : 'codeInvalid' };
        }
        if (record.revision !== acceptance.expectedRevision) return { ok: false, reason: 'conflict', current: toCaseRow(record) };

        s.deleteCode.run(code.code_hash);
        s.changeOwner.run(toOwnerId, at, record.id, record.revision);
        const remindersMoved = s.moveReminders.run(toOwnerId, at, record.id).changes;
        const notesMoved = code.include_notes === 1 ? this.resealNotes(record.id, code.from_owner_id, toOwnerId) : 0;
        this.writeHrLog(record.id, [acceptance.hrLog]);
        this.appendAudit(handoverAudit(toOwnerId, record.id, 'accepted', at));
        return { ok: true, case: toCaseRow(s.selectCase.get(record.id) as CaseRecord), notesMoved, remindersMoved };
      })
      .immediate();
  }

  expire(at: string, limit: number): number {
    assertInstantText(at, 'at');
    assertHandoverLimit(limit);
    const s = this.statements;
    return this.db
      .transaction((): number => {
        const expired = s.selectExpired.all(at, limit) as CodeRecord[];
        for (const code of expired) {
          s.deleteCode.run(code.code_hash);
          this.appendAudit(handoverAudit(HANDOVER_SYSTEM_ACTOR, code.case_id, 'expired', at));
        }
        return expired.length;
      })
      .immediate();
  }

  orphans(inactiveBefore: string, limit: number) {
    assertInstantText(inactiveBefore, 'inactiveBefore');
    assertHandoverLimit(limit);
    return (this.statements.selectOrphans.all(inactiveBefore, inactiveBefore, limit) as CaseRecord[]).map(toCaseRow);
  }

  notesLeftBehind(authorId: string, at: string): NotesLeftBehind[] {
    assertId(authorId, 'authorId');
    assertInstantText(at, 'at');
    const sealed = this.db
      .transaction(() => {
        const rows = this.statements.selectNotesLeftBehind.all(authorId) as Array<NoteRecord & { case_id: string }>;
        for (const caseId of new Set(rows.map((row) => row.case_id))) this.appendAudit({ actor: authorId, action: 'export', caseId, detail: 'handedOverNotes', at });
        return rows;
      })
      .immediate();
    const caseIds = [...new Set(sealed.map((row) => row.case_id))];
    return caseIds.map((caseId) => ({ caseId, notes: openedNotes(this.notesKeys, sealed.filter((row) => row.case_id === caseId), { caseId, ownerId: authorId }) }));
  }

  /** The author's notes of the case, opened and sealed again to the new owner (the AAD binds the owner). */
  private resealNotes(caseId: string, fromOwnerId: string, toOwnerId: string): number {
    const s = this.statements;
    const notes = s.selectAuthorNotes.all(caseId, fromOwnerId) as Array<{ id: number; key_id: string; iv: Buffer; tag: Buffer; ciphertext: Buffer }>;
    for (const note of notes) {
      const sealed = resealNote(this.notesKeys, { ...note, keyId: note.key_id }, { caseId, ownerId: fromOwnerId }, { caseId, ownerId: toOwnerId });
      s.resealNote.run(toOwnerId, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, note.id);
    }
    return notes.length;
  }
}
