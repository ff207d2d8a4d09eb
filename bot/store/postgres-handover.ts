/**
 * The PostgreSQL side of hand-overs (see handover-store.ts), with the same semantics as
 * sqlite-handover.ts. The code row and then the case row are locked (`FOR UPDATE`), like a turn
 * locks its case: two managers presenting one code, or a turn and an acceptance on one case, run
 * one after the other, and whichever comes second finds the code gone or the revision moved.
 */
import type { Pool, PoolClient } from 'pg';
import { resealNote } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import type { AuditEntry, CaseRow, HrLogEntry } from './store-rows';
import { assertId } from './store-error';
import type { AcceptHandoverResult, HandoverAcceptance, HandoverProposal, NotesLeftBehind, PendingHandover, ProposeHandoverResult } from './handover-store';
import { assertHandoverAcceptance, assertHandoverLimit, assertHandoverProposal, HANDOVER_SYSTEM_ACTOR, handoverAudit } from './handover-store';
import { assertTokenHash } from './lifecycle-store';
import type { InTransaction } from './store-program';
import { assertInstantText } from './reminder-store';
import { CASE_COLUMNS, openedNotes, toCaseRow } from './sql-rows';
import type { CaseRecord, NoteRecord } from './sql-rows';

interface CodeRecord {
  code_hash: string;
  case_id: string;
  from_owner_id: string;
  include_notes: boolean;
  expires_at: string;
}

const CODE_COLUMNS = 'code_hash, case_id, from_owner_id, include_notes, expires_at';

const SQL = {
  lockCase: `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1 FOR UPDATE`,
  selectCode: `SELECT ${CODE_COLUMNS} FROM handover_codes WHERE code_hash = $1`,
  lockCode: `SELECT ${CODE_COLUMNS} FROM handover_codes WHERE code_hash = $1 FOR UPDATE`,
  deleteCodeOfCase: 'DELETE FROM handover_codes WHERE case_id = $1 RETURNING code_hash',
  deleteCode: 'DELETE FROM handover_codes WHERE code_hash = $1',
  insertCode: 'INSERT INTO handover_codes (code_hash, case_id, from_owner_id, include_notes, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
  deleteExpired: `DELETE FROM handover_codes WHERE code_hash IN (
      SELECT code_hash FROM handover_codes WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING case_id`,
  changeOwner: `UPDATE cases SET owner_id = $1, revision = revision + 1, updated_at = $2 WHERE id = $3 RETURNING ${CASE_COLUMNS}`,
  moveReminders: 'UPDATE reminders SET owner_id = $1, updated_at = $2 WHERE case_id = $3',
  selectAuthorNotes: 'SELECT id, key_id, iv, tag, ciphertext FROM notes WHERE case_id = $1 AND owner_id = $2 FOR UPDATE',
  resealNote: 'UPDATE notes SET owner_id = $1, key_id = $2, iv = $3, tag = $4, ciphertext = $5 WHERE id = $6',
  selectOrphans: `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.status = 'open'
      AND NOT EXISTS (SELECT 1 FROM conversation_refs r WHERE r.owner_id = c.owner_id AND r.updated_at >= $1)
      AND NOT EXISTS (SELECT 1 FROM user_settings s WHERE s.owner_id = c.owner_id AND s.updated_at >= $1)
    ORDER BY c.updated_at, c.id LIMIT $2`,
  selectNotesLeftBehind: `SELECT n.case_id, n.step, n.key_id, n.iv, n.tag, n.ciphertext, n.created_at FROM notes n JOIN cases c ON c.id = n.case_id
    WHERE n.owner_id = $1 AND c.owner_id <> n.owner_id ORDER BY n.case_id, n.id`,
} as const;

export class PostgresHandover {
  constructor(
    private readonly pool: Pool,
    private readonly transaction: InTransaction,
    private readonly notesKeys: NotesKeyRing,
    /** Extends the audit chain inside the caller's transaction. */
    private readonly appendAudit: (db: PoolClient, entries: AuditEntry[]) => Promise<void>,
    /** Inserts a case's HR log rows and folds its projection inside the caller's transaction. */
    private readonly writeHrLog: (db: PoolClient, caseId: string, entries: HrLogEntry[]) => Promise<void>,
  ) {}

  async propose(proposal: HandoverProposal, at: string): Promise<ProposeHandoverResult> {
    assertHandoverProposal(proposal, at);
    return this.transaction(async (db): Promise<ProposeHandoverResult> => {
      const record = (await db.query<CaseRecord>(SQL.lockCase, [proposal.caseId])).rows[0];
      if (!record) return { ok: false, reason: 'notFound' };
      if (record.owner_id !== proposal.fromOwnerId) return { ok: false, reason: 'notOwner' };
      if (record.status !== 'open') return { ok: false, reason: 'notOpen' };
      const replaced = (await db.query(SQL.deleteCodeOfCase, [proposal.caseId])).rowCount ?? 0;
      await db.query(SQL.insertCode, [proposal.codeHash, proposal.caseId, proposal.fromOwnerId, proposal.includeNotes, proposal.expiresAt, at]);
      await this.appendAudit(db, [
        ...(replaced > 0 ? [handoverAudit(proposal.proposedBy, proposal.caseId, 'cancelled', at)] : []),
        handoverAudit(proposal.proposedBy, proposal.caseId, proposal.includeNotes ? 'proposedWithNotes' : 'proposed', at),
      ]);
      return { ok: true };
    });
  }

  async pending(codeHash: string, at: string): Promise<PendingHandover | null> {
    assertTokenHash(codeHash);
    assertInstantText(at, 'at');
    const code = (await this.pool.query<CodeRecord>(SQL.selectCode, [codeHash])).rows[0];
    if (!code || code.expires_at <= at) return null;
    return { caseId: code.case_id, fromOwnerId: code.from_owner_id, includeNotes: code.include_notes, expiresAt: code.expires_at };
  }

  async cancel(caseId: string, ownerId: string, at: string): Promise<boolean> {
    assertId(caseId, 'caseId');
    assertId(ownerId, 'ownerId');
    assertInstantText(at, 'at');
    return this.transaction(async (db): Promise<boolean> => {
      const record = (await db.query<CaseRecord>(SQL.lockCase, [caseId])).rows[0];
      if (!record || record.owner_id !== ownerId) return false;
      if (((await db.query(SQL.deleteCodeOfCase, [caseId])).rowCount ?? 0) === 0) return false;
      await this.appendAudit(db, [handoverAudit(ownerId, caseId, 'cancelled', at)]);
      return true;
    });
  }

  async accept(acceptance: HandoverAcceptance, at: string): Promise<AcceptHandoverResult> {
    assertHandoverAcceptance(acceptance, at);
    const { toOwnerId } = acceptance;
    return this.transaction(async (db): Promise<AcceptHandoverResult> => {
      const code = (await db.query<CodeRecord>(SQL.lockCode, [acceptance.codeHash])).rows[0];
      if (!code) return { ok: false, reason: 'codeInvalid' };
      if (code.expires_at <= at) {
        await db.query(SQL.deleteCode, [code.code_hash]);
        await this.appendAudit(db, [handoverAudit(HANDOVER_SYSTEM_ACTOR, code.case_id, 'expired', at)]);
        return { ok: false, reason: 'codeInvalid' };
      }
      if (code.from_owner_id === toOwnerId) return { ok: false, reason: 'ownCode' };
      const record = (await db.query<CaseRecord>(SQL.lockCase, [code.case_id])).rows[0]!;
      if (record.owner_id !== code.from_owner_id || record.status !== 'open') {
        await db.query(SQL.deleteCode, [code.code_hash]);
        await this.appendAudit(db, [handoverAudit(HANDOVER_SYSTEM_ACTOR, code.case_id, 'cancelled', at)]);
        return { ok: false, reason: record.status !== 'open' ? 'notOpen' : 'codeInvalid' };
      }
      if (record.revision !== acceptance.expectedRevision) return { ok: false, reason: 'conflict', current: toCaseRow(record) };

      await db.query(SQL.deleteCode, [code.code_hash]);
      const changed = (await db.query<CaseRecord>(SQL.changeOwner, [toOwnerId, at, record.id])).rows[0]!;
      const remindersMoved = (await db.query(SQL.moveReminders, [toOwnerId, at, record.id])).rowCount ?? 0;
      const notesMoved = code.include_notes ? await this.resealNotes(db, record.id, code.from_owner_id, toOwnerId) : 0;
      await this.writeHrLog(db, record.id, [acceptance.hrLog]);
      await this.appendAudit(db, [handoverAudit(toOwnerId, record.id, 'accepted', at)]);
      return { ok: true, case: toCaseRow(changed), notesMoved, remindersMoved };
    });
  }

  async expire(at: string, limit: number): Promise<number> {
    assertInstantText(at, 'at');
    assertHandoverLimit(limit);
    return this.transaction(async (db): Promise<number> => {
      const expired = (await db.query<{ case_id: string }>(SQL.deleteExpired, [at, limit])).rows;
      await this.appendAudit(db, expired.map((row) => handoverAudit(HANDOVER_SYSTEM_ACTOR, row.case_id, 'expired', at)));
      return expired.length;
    });
  }

  async orphans(inactiveBefore: string, limit: number): Promise<CaseRow[]> {
    assertInstantText(inactiveBefore, 'inactiveBefore');
    assertHandoverLimit(limit);
    return (await this.pool.query<CaseRecord>(SQL.selectOrphans, [inactiveBefore, limit])).rows.map(toCaseRow);
  }

  async notesLeftBehind(authorId: string, at: string): Promise<NotesLeftBehind[]> {
    assertId(authorId, 'authorId');
    assertInstantText(at, 'at');
    const sealed = await this.transaction(async (db) => {
      const rows = (await db.query<NoteRecord & { case_id: string }>(SQL.selectNotesLeftBehind, [authorId])).rows;
      await this.appendAudit(db, [...new Set(rows.map((row) => row.case_id))].map((caseId) => ({ actor: authorId, action: 'export' as const, caseId, detail: 'handedOverNotes', at })));
      return rows;
    });
    const caseIds = [...new Set(sealed.map((row) => row.case_id))];
    return caseIds.map((caseId) => ({ caseId, notes: openedNotes(this.notesKeys, sealed.filter((row) => row.case_id === caseId), { caseId, ownerId: authorId }) }));
  }

  /** The author's notes of the case, opened and sealed again to the new owner (the AAD binds the owner). */
  private async resealNotes(db: PoolClient, caseId: string, fromOwnerId: string, toOwnerId: string): Promise<number> {
    const notes = (await db.query<{ id: string; key_id: string; iv: Buffer; tag: Buffer; ciphertext: Buffer }>(SQL.selectAuthorNotes, [caseId, fromOwnerId])).rows;
    for (const note of notes) {
      const sealed = resealNote(this.notesKeys, { ...note, keyId: note.key_id }, { caseId, ownerId: fromOwnerId }, { caseId, ownerId: toOwnerId });
      await db.query(SQL.resealNote, [toOwnerId, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, note.id]);
    }
    return notes.length;
  }
}
