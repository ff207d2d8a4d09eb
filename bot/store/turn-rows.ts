/**
 * The rows a turn adds besides its case row, as every store writes them: each one checked with the
 * port's validation helpers, notes sealed to their case and owner (the store keys the HR rows with
 * the case key when it writes them), audit rows completed with the turn's case and time. A store calls this inside its
 * transaction, after the case row, so an invalid row aborts the whole turn.
 */
import { sealNote } from '../crypto';
import type { KeyedSealedNote, NotesKeyRing } from '../crypto';
import { assertAuditEntry, assertHrLogEntry, assertNote } from './store-error';
import type { AuditEntry, HrLogEntry, TurnWrite } from './store-rows';

export interface TurnRows {
  notes: Array<{ step: string; sealed: KeyedSealedNote }>;
  hrLog: HrLogEntry[];
  audit: AuditEntry[];
}

export function turnRows(turn: TurnWrite, notesKeys: NotesKeyRing): TurnRows {
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
  return { notes, hrLog: turn.hrLog, audit };
}
