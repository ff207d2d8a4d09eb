/**
 * A turn's write (CaseStore.commit), written once for both stores as a store program
 * (store-program.ts), its statements compiled once: the case row (compare-and-set on the
 * revision), the notes, the HR log rows, a new manager's first unit, the owner's conversation
 * reference, the reminder changes and the audit rows, all or nothing.
 *
 * - SQLite runs it synchronously in the turn's savepoint of the group commit
 *   (sqlite-group-commit.ts): no turn is acknowledged before its COMMIT.
 * - PostgreSQL runs it in a transaction of its own and locks the case row first
 *   (`SELECT … FOR UPDATE`), so of two instances committing the same revision one wins and the
 *   other gets a conflict with the winner's row. The audit rows come last: the audit chain's lock
 *   is taken after the turn's other writes and held only until COMMIT.
 */
import type { NotesKeyRing } from '../crypto';
import { ConversationRefs } from './conversation-refs';
import { ManagerUnits } from './manager-units';
import { assertTurnHeader, conversationRefJson, StoreError } from './store-error';
import type { CommitResult, TurnWrite } from './store-rows';
import { Prepared } from './query-layer';
import type { Reminders } from './reminders';
import { toCaseRow } from './sql-rows';
import type { CaseRecord } from './sql-rows';
import { appendAudit, firstRow, run, writeHrLog } from './store-program';
import type { ProgramRunner, StoreProgram } from './store-program';
import { turnRows } from './turn-rows';

type CaseValues = Pick<TurnWrite, 'caseId' | 'ownerId' | 'machineId' | 'machineVersion' | 'step' | 'status' | 'orgUnit' | 'at'> & { snapshot: string };

function turnQueries(store: ProgramRunner) {
  const { db, dialect } = store;
  return {
    lockCase: Prepared.of<{ caseId: string }, CaseRecord>((slot) =>
      db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', slot('caseId'))
        .$if(dialect === 'postgres', (query) => query.forUpdate()),
    ),
    // Another PostgreSQL instance may create the same id meanwhile: its row wins (see write).
    insertCase: Prepared.of<CaseValues, never>((slot) =>
      db
        .insertInto('cases')
        .values({
          id: slot('caseId'),
          owner_id: slot('ownerId'),
          machine_id: slot('machineId'),
          machine_version: slot('machineVersion'),
          snapshot: slot('snapshot'),
          revision: 1,
          step: slot('step'),
          status: slot('status'),
          org_unit: slot('orgUnit'),
          created_at: slot('at'),
          updated_at: slot('at'),
        })
        .onConflict((conflict) => conflict.column('id').doNothing()),
    ),
    updateCase: Prepared.of<CaseValues & { expectedRevision: number }, never>((slot) =>
      db
        .updateTable('cases')
        .set((eb) => ({
          machine_id: slot('machineId'),
          machine_version: slot('machineVersion'),
          snapshot: slot('snapshot'),
          revision: eb('revision', '+', 1),
          step: slot('step'),
          status: slot('status'),
          org_unit: slot('orgUnit'),
          updated_at: slot('at'),
          past_first_step: true,
        }))
        .where('id', '=', slot('caseId'))
        .where('owner_id', '=', slot('ownerId'))
        .where('revision', '=', slot('expectedRevision')),
    ),
    insertNote: Prepared.of<{ caseId: string; ownerId: string; step: string; keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer; at: string }, never>((slot) =>
      db.insertInto('notes').values({
        case_id: slot('caseId'),
        owner_id: slot('ownerId'),
        step: slot('step'),
        key_id: slot('keyId'),
        iv: slot('iv'),
        tag: slot('tag'),
        ciphertext: slot('ciphertext'),
        created_at: slot('at'),
      }),
    ),
  };
}

export class TurnCommit {
  private readonly queries: ReturnType<typeof turnQueries>;
  private readonly refs: ConversationRefs;
  private readonly units: ManagerUnits;

  constructor(
    store: ProgramRunner,
    private readonly reminders: Reminders,
    private readonly notesKeys: NotesKeyRing,
  ) {
    this.queries = turnQueries(store);
    this.refs = new ConversationRefs(store, reminders);
    this.units = new ManagerUnits(store);
  }

  *write(turn: TurnWrite): StoreProgram<CommitResult> {
    assertTurnHeader(turn);
    const q = this.queries;
    const { caseId, ownerId, machineId, machineVersion, step, status, orgUnit, at } = turn;
    const values: CaseValues = { caseId, ownerId, machineId, machineVersion, step, status, orgUnit, at, snapshot: JSON.stringify(turn.snapshot) };
    const reference = turn.conversationRef === undefined ? null : conversationRefJson(ownerId, turn.conversationRef);
    const existing = yield* firstRow(q.lockCase.with({ caseId }));
    if (existing && existing.owner_id !== ownerId) throw new StoreError('notOwner');
    if (turn.expectedRevision === null) {
      if (existing) return { ok: false, reason: 'conflict', current: toCaseRow(existing) };
      if ((yield* run(q.insertCase.with(values))) !== 1) {
        // Another PostgreSQL instance created the same id while we waited on its insert: it is
        // committed now, so it can be read (and locked) like any existing case.
        const winner = yield* firstRow(q.lockCase.with({ caseId }));
        if (winner && winner.owner_id !== ownerId) throw new StoreError('notOwner');
        return { ok: false, reason: 'conflict', current: winner ? toCaseRow(winner) : null };
      }
    } else {
      if (!existing) return { ok: false, reason: 'conflict', current: null };
      if (existing.revision !== turn.expectedRevision) return { ok: false, reason: 'conflict', current: toCaseRow(existing) };
      yield* run(q.updateCase.with({ ...values, expectedRevision: turn.expectedRevision }));
    }

    const rows = turnRows(turn, this.notesKeys);
    for (const { step: noteStep, sealed } of rows.notes) {
      yield* run(q.insertNote.with({ caseId, ownerId, step: noteStep, keyId: sealed.keyId, iv: sealed.iv, tag: sealed.tag, ciphertext: sealed.ciphertext, at }));
    }
    yield* writeHrLog(caseId, rows.hrLog);
    const unitAudit = turn.firstUnit === undefined ? [] : yield* this.units.setFirst(ownerId, turn.firstUnit, at);
    // Before this turn's reminders, so the owner is reachable again when they are planned.
    if (reference !== null) yield* this.refs.save(ownerId, reference, at);
    yield* this.reminders.applyTurn(turn);
    yield* appendAudit(...rows.audit, ...unitAudit);
    return { ok: true, revision: turn.expectedRevision === null ? 1 : turn.expectedRevision + 1 };
  }
}
