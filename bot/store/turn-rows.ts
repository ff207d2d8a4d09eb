/**
 * The rows a turn adds besides its case row, as every store writes them: each one checked with the
 * port's validation helpers, notes sealed to their case and owner, HR rows under the keyed case
 * key, audit rows completed with the turn's case and time. A store calls this inside its
 * transaction, after the case row, so an invalid row aborts the whole turn.
 */
import { caseKey, sealNote } from '../crypto';
import type { KeyedSealedNote, NotesKeyRing } from '../crypto';
import { assertAuditEntry, assertHrLogEntry, assertNote } from './store-error';
import type { AuditEntry, HrLogEntry, TurnWrite } from './store-rows';

export interface TurnRows {
  notes: Array<{ step: string; sealed: KeyedSealedNote }>;
  /** The HR log's pseudonymous key of the turn's case. */
  caseKey: string;
  hrLog: HrLogEntry[];
  audit: AuditEntry[];
}

export function turnRows(turn: TurnWrite, notesKeys: NotesKeyRing, caseKeySecret: Buffer): TurnRows {
  const binding = { caseId: turn.caseId, ownerId: turn.ownerId };
  const notes = turn.notes.map((note, index) => {
    assertNote(note, `notes[${index}]`);
    return { step: note.step, sealed: sealNote(notesKeys, note.text, binding) };
  });
  turn.hrLog.forEach((entry, index) => assertHrLogEntry(entry, `hrLog[${index}]`));
  const audit = turn.audit.map((partial, index) => {
    const entry: AuditEntry = { ...partial, caseId: turn.caseId, at: turn.at };
    assertAuditEntry(entry, `audit[${index}]`);
    return entry;
  });
  return { notes, caseKey: caseKey(caseKeySecret, turn.caseId), hrLog: turn.hrLog, audit };
}
