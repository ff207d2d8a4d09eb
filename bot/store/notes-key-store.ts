/**
 * Rotating the notes key (issue 19 §6): every note records the id of the key that sealed it, so
 * notes under an older key of the ring can be found and sealed again under the current one, a
 * batch at a time, while the bot keeps running.
 *
 * A batch re-encrypts a note only if it is still the version that was read (same key id and IV:
 * every sealing draws a fresh IV), so a hand-over or a purge that touched the note in between
 * wins, and several rotations at once never write a note twice (PostgreSQL also skips rows that
 * another transaction holds, FOR UPDATE SKIP LOCKED). Stopping between batches loses nothing:
 * the next run finds what is left by its key id.
 */
import { CryptoError, resealNote } from '../crypto';
import type { KeyedSealedNote, NotesKeyRing } from '../crypto';
import { StoreError } from './store-error';

export interface ReencryptBatch {
  /** Notes now sealed with the current key. */
  reencrypted: number;
  /** Notes whose key is in the ring but does not open them (wrong key for the id, tampering): left as they are. */
  failed: number;
  /** The last note id looked at; pass it as `afterId` for the next batch. Null when nothing was left. */
  lastId: number | null;
}

/** How many notes each key id seals; ids outside the ring mark notes that nobody can read any more. */
export interface NotesKeyCount {
  keyId: string;
  notes: number;
}

export interface NotesKeyStore {
  /**
   * Re-encrypts under the current key up to `limit` notes with id above `afterId` that are sealed
   * with another key of the ring, in one transaction. Notes under key ids outside the ring are not
   * touched (they cannot be opened).
   */
  reencryptNotes(afterId: number, limit: number): Promise<ReencryptBatch>;
  /** Notes per key id, most first. Counts only: nothing is decrypted. */
  notesPerKey(): Promise<NotesKeyCount[]>;
}

export const REENCRYPT_BATCH_SIZE = 200;
const MAX_REENCRYPT_BATCH = 10_000;

/** A stored note as a rotation reads it. PostgreSQL returns its bigint id as a string. */
export interface SealedNoteRow {
  id: number | string;
  case_id: string;
  owner_id: string;
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export interface ResealedNote {
  row: SealedNoteRow;
  sealed: KeyedSealedNote;
}

export function assertReencryptBatch(afterId: number, limit: number): void {
  if (!Number.isSafeInteger(afterId) || afterId < 0) throw new StoreError('invalidCode', 'afterId');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REENCRYPT_BATCH) throw new StoreError('invalidCode', 'limit');
}

/** The ids of the ring's older keys: the notes sealed with one of these are due for re-encryption. */
export function olderKeyIds(ring: NotesKeyRing): string[] {
  return [...ring.keys.keys()].filter((id) => id !== ring.currentId);
}

/**
 * Rows read for a batch, each sealed again with the current key to the same case and owner. A note
 * its key does not open is counted as failed and left alone: one damaged note must not stop the
 * rotation of all the others.
 */
export function resealedRows(ring: NotesKeyRing, rows: readonly SealedNoteRow[]): { resealed: ResealedNote[]; batch: ReencryptBatch } {
  const resealed: ResealedNote[] = [];
  let failed = 0;
  for (const row of rows) {
    const binding = { caseId: row.case_id, ownerId: row.owner_id };
    try {
      resealed.push({ row, sealed: resealNote(ring, { ...row, keyId: row.key_id }, binding) });
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      failed += 1;
    }
  }
  const last = rows.at(-1);
  return { resealed, batch: { reencrypted: 0, failed, lastId: last ? Number(last.id) : null } };
}

export interface RotationReport {
  /** Notes sealed again with the current key in this run. */
  reencrypted: number;
  /** Notes under an older key of the ring that are still there: its key did not open them. */
  remaining: NotesKeyCount[];
  /** Notes under key ids the ring no longer holds: nobody can read them any more. */
  lost: NotesKeyCount[];
}

/** Passes over the notes at most; a pass that re-encrypts nothing ends the run earlier. */
const MAX_PASSES = 10;

/**
 * Re-encrypts every note of an older key of `ring` under its current key, a batch (one
 * transaction) at a time. Passes are repeated while they find work, because a note that another
 * transaction held was skipped and an instance that still seals with the old key may add notes.
 */
export async function rotateNotesKey(store: NotesKeyStore, ring: NotesKeyRing, batchSize: number = REENCRYPT_BATCH_SIZE): Promise<RotationReport> {
  let reencrypted = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let inPass = 0;
    for (let afterId = 0; ; ) {
      const batch = await store.reencryptNotes(afterId, batchSize);
      inPass += batch.reencrypted;
      if (batch.lastId === null) break;
      afterId = batch.lastId;
    }
    reencrypted += inPass;
    if (inPass === 0) break;
  }
  const perKey = await store.notesPerKey();
  return {
    reencrypted,
    remaining: perKey.filter((count) => count.keyId !== ring.currentId && ring.keys.has(count.keyId)),
    lost: perKey.filter((count) => !ring.keys.has(count.keyId)),
  };
}
