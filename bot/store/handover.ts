/**
 * Hand-overs (handover-store.ts), written once for both stores (store-program.ts). Every method
 * that writes is one transaction: the code, the case's owner, its reminders, the notes that move,
 * the HR log row and the audit rows change together or not at all.
 *
 * In PostgreSQL the code row and then the case row are locked (`FOR UPDATE`), like a turn locks
 * its case: two managers presenting one code, or a turn and an acceptance on one case, run one
 * after the other, and whichever comes second finds the code gone or the revision moved. SQLite's
 * `BEGIN IMMEDIATE` lets one writer in at a time already.
 */
import type { Kysely } from 'kysely';
import { resealNote } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import type { CaseRow } from './store-rows';
import { assertId } from './store-error';
import type { AcceptHandoverResult, HandoverAcceptance, HandoverProposal, NotesLeftBehind, PendingHandover, ProposeHandoverResult } from './handover-store';
import { assertHandoverAcceptance, assertHandoverLimit, assertHandoverProposal, HANDOVER_SYSTEM_ACTOR, handoverAudit } from './handover-store';
import { assertTokenHash } from './lifecycle-store';
import { assertInstantText } from './reminder-store';
import { openedNotes, toCaseRow } from './sql-rows';
import type { SqlDialect } from './query-layer';
import type { StoreSchema } from './store-schema';
import { appendAudit, firstRow, rows, run, writeHrLog } from './store-program';
import type { ProgramRunner, StoreProgram } from './store-program';

const CODE_COLUMNS = ['code_hash', 'case_id', 'from_owner_id', 'include_notes', 'expires_at'] as const;

/** The case, locked until COMMIT in PostgreSQL. */
function lockCase(db: Kysely<StoreSchema>, dialect: SqlDialect, caseId: string) {
  return firstRow(
    db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId)
      .$if(dialect === 'postgres', (query) => query.forUpdate())
      .compile(),
  );
}

export class Handover {
  constructor(
    private readonly store: ProgramRunner,
    private readonly notesKeys: NotesKeyRing,
  ) {}

  propose(proposal: HandoverProposal, at: string): Promise<ProposeHandoverResult> {
    const { db, dialect } = this.store;
    return this.store.write(function* (): StoreProgram<ProposeHandoverResult> {
      assertHandoverProposal(proposal, at);
      const record = yield* lockCase(db, dialect, proposal.caseId);
      if (!record) return { ok: false, reason: 'notFound' };
      if (record.owner_id !== proposal.fromOwnerId) return { ok: false, reason: 'notOwner' };
      if (record.status !== 'open') return { ok: false, reason: 'notOpen' };
      const replaced = yield* run(db.deleteFrom('handover_codes').where('case_id', '=', proposal.caseId).compile());
      yield* run(
        db
          .insertInto('handover_codes')
          .values({
            code_hash: proposal.codeHash,
            case_id: proposal.caseId,
            from_owner_id: proposal.fromOwnerId,
            include_notes: proposal.includeNotes,
            expires_at: proposal.expiresAt,
            created_at: at,
          })
          .compile(),
      );
      yield* appendAudit(
        ...(replaced > 0 ? [handoverAudit(proposal.proposedBy, proposal.caseId, 'cancelled', at)] : []),
        handoverAudit(proposal.proposedBy, proposal.caseId, proposal.includeNotes ? 'proposedWithNotes' : 'proposed', at),
      );
      return { ok: true };
    });
  }

  pending(codeHash: string, at: string): Promise<PendingHandover | null> {
    const { db } = this.store;
    return this.store.read(function* () {
      assertTokenHash(codeHash);
      assertInstantText(at, 'at');
      const code = yield* firstRow(db.selectFrom('handover_codes').select(CODE_COLUMNS).where('code_hash', '=', codeHash).compile());
      if (!code || code.expires_at <= at) return null;
      return { caseId: code.case_id, fromOwnerId: code.from_owner_id, includeNotes: Boolean(code.include_notes), expiresAt: code.expires_at };
    });
  }

  cancel(caseId: string, ownerId: string, at: string): Promise<boolean> {
    const { db, dialect } = this.store;
    return this.store.write(function* () {
      assertId(caseId, 'caseId');
      assertId(ownerId, 'ownerId');
      assertInstantText(at, 'at');
      const record = yield* lockCase(db, dialect, caseId);
      if (!record || record.owner_id !== ownerId) return false;
      if ((yield* run(db.deleteFrom('handover_codes').where('case_id', '=', caseId).compile())) === 0) return false;
      yield* appendAudit(handoverAudit(ownerId, caseId, 'cancelled', at));
      return true;
    });
  }

  accept(acceptance: HandoverAcceptance, at: string): Promise<AcceptHandoverResult> {
    const { db, dialect } = this.store;
    const resealNotes = (caseId: string, fromOwnerId: string, toOwnerId: string) => this.resealNotes(caseId, fromOwnerId, toOwnerId);
    return this.store.write(function* (): StoreProgram<AcceptHandoverResult> {
      assertHandoverAcceptance(acceptance, at);
      const { toOwnerId } = acceptance;
      const code = yield* firstRow(
        db
          .selectFrom('handover_codes')
          .select(CODE_COLUMNS)
          .where('code_hash', '=', acceptance.codeHash)
          .$if(dialect === 'postgres', (query) => query.forUpdate())
          .compile(),
      );
      if (!code) return { ok: false, reason: 'codeInvalid' };
      const deleteCode = db.deleteFrom('handover_codes').where('code_hash', '=', code.code_hash).compile();
      if (code.expires_at <= at) {
        yield* run(deleteCode);
        yield* appendAudit(handoverAudit(HANDOVER_SYSTEM_ACTOR, code.case_id, 'expired', at));
        return { ok: false, reason: 'codeInvalid' };
      }
      if (code.from_owner_id === toOwnerId) return { ok: false, reason: 'ownCode' };
      // The code's case exists: deleting a case deletes its code (ON DELETE CASCADE).
      const record = (yield* lockCase(db, dialect, code.case_id))!;
      if (record.owner_id !== code.from_owner_id || record.status !== 'open') {
        yield* run(deleteCode);
        yield* appendAudit(handoverAudit(HANDOVER_SYSTEM_ACTOR, code.case_id, 'cancelled', at));
        return { ok: false, reason: record.status !== 'open' ? 'notOpen' : 'codeInvalid' };
      }
      if (record.revision !== acceptance.expectedRevision) return { ok: false, reason: 'conflict', current: toCaseRow(record) };

      yield* run(deleteCode);
      const changed = (yield* firstRow(
        db
          .updateTable('cases')
          .set((eb) => ({ owner_id: toOwnerId, revision: eb('revision', '+', 1), updated_at: at }))
          .where('id', '=', record.id)
          .returningAll()
          .compile(),
      ))!;
      const remindersMoved = yield* run(db.updateTable('reminders').set({ owner_id: toOwnerId, updated_at: at }).where('case_id', '=', record.id).compile());
      const notesMoved = code.include_notes ? yield* resealNotes(record.id, code.from_owner_id, toOwnerId) : 0;
      yield* writeHrLog(record.id, [acceptance.hrLog]);
      yield* appendAudit(handoverAudit(toOwnerId, record.id, 'accepted', at));
      return { ok: true, case: toCaseRow(changed), notesMoved, remindersMoved };
    });
  }

  expire(at: string, limit: number): Promise<number> {
    const { db, dialect } = this.store;
    return this.store.write(function* () {
      assertInstantText(at, 'at');
      assertHandoverLimit(limit);
      const expired = yield* rows(
        db
          .deleteFrom('handover_codes')
          .where('code_hash', 'in', (eb) =>
            eb
              .selectFrom('handover_codes')
              .select('code_hash')
              .where('expires_at', '<=', at)
              .orderBy('expires_at')
              .limit(limit)
              .$if(dialect === 'postgres', (query) => query.forUpdate().skipLocked()),
          )
          .returning('case_id')
          .compile(),
      );
      yield* appendAudit(...expired.map((row) => handoverAudit(HANDOVER_SYSTEM_ACTOR, row.case_id, 'expired', at)));
      return expired.length;
    });
  }

  orphans(inactiveBefore: string, limit: number): Promise<CaseRow[]> {
    const { db } = this.store;
    return this.store.read(function* () {
      assertInstantText(inactiveBefore, 'inactiveBefore');
      assertHandoverLimit(limit);
      const records = yield* rows(
        db
          .selectFrom('cases as c')
          .selectAll('c')
          .where('c.status', '=', 'open')
          .where((eb) =>
            eb.not(eb.exists(eb.selectFrom('conversation_refs as r').select('r.owner_id').whereRef('r.owner_id', '=', 'c.owner_id').where('r.updated_at', '>=', inactiveBefore))),
          )
          .where((eb) =>
            eb.not(eb.exists(eb.selectFrom('user_settings as s').select('s.owner_id').whereRef('s.owner_id', '=', 'c.owner_id').where('s.updated_at', '>=', inactiveBefore))),
          )
          .orderBy('c.updated_at')
          .orderBy('c.id')
          .limit(limit)
          .compile(),
      );
      return records.map(toCaseRow);
    });
  }

  async notesLeftBehind(authorId: string, at: string): Promise<NotesLeftBehind[]> {
    const { db } = this.store;
    const sealed = await this.store.write(function* () {
      assertId(authorId, 'authorId');
      assertInstantText(at, 'at');
      const notes = yield* rows(
        db
          .selectFrom('notes as n')
          .innerJoin('cases as c', 'c.id', 'n.case_id')
          .select(['n.case_id', 'n.step', 'n.key_id', 'n.iv', 'n.tag', 'n.ciphertext', 'n.created_at'])
          .where('n.owner_id', '=', authorId)
          .whereRef('c.owner_id', '<>', 'n.owner_id')
          .orderBy('n.case_id')
          .orderBy('n.id')
          .compile(),
      );
      yield* appendAudit(...[...new Set(notes.map((note) => note.case_id))].map((caseId) => ({ actor: authorId, action: 'export' as const, caseId, detail: 'handedOverNotes', at })));
      return notes;
    });
    const caseIds = [...new Set(sealed.map((row) => row.case_id))];
    return caseIds.map((caseId) => ({ caseId, notes: openedNotes(this.notesKeys, sealed.filter((row) => row.case_id === caseId), { caseId, ownerId: authorId }) }));
  }

  /** The author's notes of the case, opened and sealed again to the new owner (the AAD binds the owner). */
  private *resealNotes(caseId: string, fromOwnerId: string, toOwnerId: string): StoreProgram<number> {
    const { db, dialect } = this.store;
    const notes = yield* rows(
      db
        .selectFrom('notes')
        .select(['id', 'key_id', 'iv', 'tag', 'ciphertext'])
        .where('case_id', '=', caseId)
        .where('owner_id', '=', fromOwnerId)
        .$if(dialect === 'postgres', (query) => query.forUpdate())
        .compile(),
    );
    for (const note of notes) {
      const sealed = resealNote(this.notesKeys, { ...note, keyId: note.key_id }, { caseId, ownerId: fromOwnerId }, { caseId, ownerId: toOwnerId });
      yield* run(
        db
          .updateTable('notes')
          .set({ owner_id: toOwnerId, key_id: sealed.keyId, iv: sealed.iv, tag: sealed.tag, ciphertext: sealed.ciphertext })
          .where('id', '=', note.id)
          .compile(),
      );
    }
    return notes.length;
  }
}
