/**
 * Notes key rotation (notes-key-store.ts) written once for both stores (store-program.ts): a
 * batch is one transaction. PostgreSQL also locks the notes it takes and skips those another
 * transaction holds (a hand-over, another rotation), so several instances rotate at once without
 * waiting on each other; SQLite's one writer holds the whole file already.
 */
import type { NotesKeyRing } from '../crypto';
import type { NotesKeyCount, ReencryptBatch } from './notes-key-store';
import { assertReencryptBatch, olderKeyIds, resealedRows } from './notes-key-store';
import { oneOf } from './query-layer';
import { rows, run } from './store-program';
import type { ProgramRunner } from './store-program';

export class NotesKeys {
  constructor(
    private readonly store: ProgramRunner,
    private readonly notesKeys: NotesKeyRing,
  ) {}

  reencrypt(afterId: number, limit: number): Promise<ReencryptBatch> {
    const { db, dialect } = this.store;
    const ring = this.notesKeys;
    return this.store.write(function* () {
      assertReencryptBatch(afterId, limit);
      const older = olderKeyIds(ring);
      if (older.length === 0) return { reencrypted: 0, failed: 0, lastId: null };
      const taken = yield* rows(
        db
          .selectFrom('notes')
          .select(['id', 'case_id', 'owner_id', 'key_id', 'iv', 'tag', 'ciphertext'])
          .where(oneOf(dialect, 'key_id', older))
          .where('id', '>', afterId)
          .orderBy('id')
          .limit(limit)
          .$if(dialect === 'postgres', (query) => query.forUpdate().skipLocked())
          .compile(),
      );
      const { resealed, batch } = resealedRows(ring, taken);
      for (const { row, sealed } of resealed) {
        // Only the version that was read: a hand-over that sealed it again in between drew a new IV.
        batch.reencrypted += yield* run(
          db
            .updateTable('notes')
            .set({ key_id: sealed.keyId, iv: sealed.iv, tag: sealed.tag, ciphertext: sealed.ciphertext })
            .where('id', '=', row.id)
            .where('key_id', '=', row.key_id)
            .where('iv', '=', row.iv)
            .compile(),
        );
      }
      return batch;
    });
  }

  perKey(): Promise<NotesKeyCount[]> {
    const { db } = this.store;
    return this.store.read(function* () {
      const counts = yield* rows(
        db
          .selectFrom('notes')
          .select((eb) => ['key_id', eb.fn.countAll<number | string>().as('notes')])
          .groupBy('key_id')
          .orderBy('notes', 'desc')
          .orderBy('key_id')
          .compile(),
      );
      // PostgreSQL counts in bigint, which it returns as a string.
      return counts.map((count) => ({ keyId: count.key_id, notes: Number(count.notes) }));
    });
  }
}
