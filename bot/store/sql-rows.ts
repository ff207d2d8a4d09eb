/**
 * The rows that SQLite and PostgreSQL store alike (same columns, same names), and how they become
 * the port's types. Columns whose encoding differs per database (HR categories, booleans) are
 * mapped in each store.
 */
import type { AuditAction, ChainedAuditRecord } from '../audit';
import { CryptoError, openNote } from '../crypto';
import type { NoteBinding, NotesKeyRing } from '../crypto';
import type { CaseRow, CaseStatus, Note } from './store-rows';
import { StoreError } from './store-error';

export const CASE_COLUMNS =
  'id, owner_id, machine_id, machine_version, snapshot, revision, step, status, org_unit, created_at, updated_at';
export const AUDIT_COLUMNS = 'seq, at, actor, action, case_id, detail, prev_hash, hash';

export interface CaseRecord {
  id: string;
  owner_id: string;
  machine_id: string;
  machine_version: number;
  /** JSON text. */
  snapshot: string;
  revision: number;
  step: string;
  status: CaseStatus;
  org_unit: string;
  created_at: string;
  updated_at: string;
}

/** A sealed note as stored; the text exists only encrypted. */
export interface NoteRecord {
  step: string;
  /** The id of the notes key that sealed it (migration 013). */
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  created_at: string;
}

export interface AuditRecordRow {
  /** PostgreSQL returns its bigint as a string. */
  seq: number | string;
  at: string;
  actor: string;
  action: AuditAction;
  case_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function toCaseRow(record: CaseRecord): CaseRow {
  return {
    id: record.id,
    ownerId: record.owner_id,
    machineId: record.machine_id,
    machineVersion: record.machine_version,
    snapshot: JSON.parse(record.snapshot) as unknown,
    revision: record.revision,
    step: record.step,
    status: record.status,
    orgUnit: record.org_unit,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
  };
}

export function toChainedAuditRecord(record: AuditRecordRow): ChainedAuditRecord {
  return {
    seq: Number(record.seq),
    at: record.at,
    actor: record.actor,
    action: record.action,
    caseId: record.case_id,
    detail: record.detail,
    prevHash: record.prev_hash,
    hash: record.hash,
  };
}

/**
 * A case's sealed notes, opened with the key each names. A missing or wrong key, or any tampering,
 * is StoreError `badKey` (after the store's transaction: the notes are opened outside it).
 */
export function openedNotes(notesKeys: NotesKeyRing, records: readonly NoteRecord[], binding: NoteBinding): Note[] {
  try {
    return records.map((note) => ({ step: note.step, text: openNote(notesKeys, { ...note, keyId: note.key_id }, binding), at: note.created_at }));
  } catch (error) {
    throw error instanceof CryptoError ? new StoreError('badKey', undefined, { cause: error }) : error;
  }
}
