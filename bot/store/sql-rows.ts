/**
 * The rows that SQLite and PostgreSQL store alike (same columns, same names), and how they become
 * the port's types. Columns whose encoding differs per database (HR categories, booleans) are
 * mapped in each store.
 */
import type { AuditAction, ChainedAuditRecord } from '../audit';
import { CryptoError, openNote } from '../crypto';
import type { NoteBinding, NotesKeyRing } from '../crypto';
import { ESCALATION_MACHINE_VERSION } from '../../flows/escalation/machine';
import { UnknownMachineVersionError } from '../../flows/escalation/migrations';
import type { StoredSnapshot } from '../../flows/escalation/migrations';
import { STEP_IDS } from '../../flows/escalation/types';
import type { StepId } from '../../flows/escalation/types';
import { CASE_STATUSES } from './store-rows';
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

const isStepId = (step: string): step is StepId => (STEP_IDS as readonly string[]).includes(step);

/** The snapshot column parsed: an object with a state value, a context and a status, or StoreError `corrupt`. */
function storedSnapshotOf(json: string): StoredSnapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new StoreError('corrupt', 'cases.snapshot', { cause: error });
  }
  const snapshot = parsed as Partial<StoredSnapshot> | null;
  if (typeof snapshot !== 'object' || snapshot === null || !('value' in snapshot) || typeof snapshot.context !== 'object' || snapshot.context === null) {
    throw new StoreError('corrupt', 'cases.snapshot');
  }
  if (snapshot.status !== 'active' && snapshot.status !== 'done') throw new StoreError('corrupt', 'cases.snapshot');
  return { value: snapshot.value, context: snapshot.context, status: snapshot.status };
}

/**
 * A case row as the port gives it, validated here once so no reader casts. A case saved by a newer
 * machine (a rolling deploy) is refused with UnknownMachineVersionError before its step is judged:
 * its step and snapshot may be ones this machine does not know, and the bot answers "try again
 * shortly" (503, Retry-After). At this machine's version or an older one, a step, status or snapshot
 * the machine cannot hold is StoreError `corrupt`.
 */
export function toCaseRow(record: CaseRecord): CaseRow {
  const version = record.machine_version;
  if (!Number.isInteger(version) || version < 1 || version > ESCALATION_MACHINE_VERSION) throw new UnknownMachineVersionError(version);
  if (!isStepId(record.step)) throw new StoreError('corrupt', 'cases.step');
  if (!CASE_STATUSES.includes(record.status)) throw new StoreError('corrupt', 'cases.status');
  return {
    id: record.id,
    ownerId: record.owner_id,
    machineId: record.machine_id,
    machineVersion: record.machine_version,
    snapshot: storedSnapshotOf(record.snapshot),
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
