/**
 * The PostgreSQL side of notes key rotation (see notes-key-store.ts): a batch is one transaction
 * that locks the notes it takes and skips those another transaction holds (a hand-over, another
 * rotation), so several instances can rotate at once without waiting on each other.
 */
import type { Pool } from 'pg';
import type { NotesKeyRing } from '../crypto';
import type { NotesKeyCount, ReencryptBatch, SealedNoteRow } from './notes-key-store';
import { assertReencryptBatch, olderKeyIds, resealedRows } from './notes-key-store';
import type { InTransaction } from './postgres-reminders';

const SQL = {
  selectOlder: `SELECT id, case_id, owner_id, key_id, iv, tag, ciphertext FROM notes
    WHERE key_id = ANY ($1::text[]) AND id > $2 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
  // Only the version that was read: a hand-over that sealed it again in between drew a new IV.
  reseal: 'UPDATE notes SET key_id = $1, iv = $2, tag = $3, ciphertext = $4 WHERE id = $5 AND key_id = $6 AND iv = $7',
  perKey: 'SELECT key_id AS "keyId", count(*)::int AS notes FROM notes GROUP BY key_id ORDER BY notes DESC, key_id',
};

export class PostgresNotesKeys {
  constructor(
    private readonly pool: Pool,
    private readonly transaction: InTransaction,
    private readonly notesKeys: NotesKeyRing,
  ) {}

  async reencrypt(afterId: number, limit: number): Promise<ReencryptBatch> {
    assertReencryptBatch(afterId, limit);
    const older = olderKeyIds(this.notesKeys);
    if (older.length === 0) return { reencrypted: 0, failed: 0, lastId: null };
    return this.transaction(async (db) => {
      const rows = (await db.query<SealedNoteRow>(SQL.selectOlder, [older, afterId, limit])).rows;
      const { resealed, batch } = resealedRows(this.notesKeys, rows);
      for (const { row, sealed } of resealed) {
        batch.reencrypted += (await db.query(SQL.reseal, [sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, row.id, row.key_id, row.iv])).rowCount ?? 0;
      }
      return batch;
    });
  }

  async perKey(): Promise<NotesKeyCount[]> {
    return (await this.pool.query<NotesKeyCount>(SQL.perKey)).rows;
  }
}
