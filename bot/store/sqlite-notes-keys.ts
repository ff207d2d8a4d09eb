/** The SQLite side of notes key rotation (see notes-key-store.ts): a batch is one `BEGIN IMMEDIATE` transaction. */
import type Database from 'better-sqlite3';
import type { NotesKeyRing } from '../crypto';
import type { NotesKeyCount, ReencryptBatch, SealedNoteRow } from './notes-key-store';
import { assertReencryptBatch, olderKeyIds, resealedRows } from './notes-key-store';

function prepare(db: Database.Database) {
  return {
    selectOlder: db.prepare(
      `SELECT id, case_id, owner_id, key_id, iv, tag, ciphertext FROM notes
       WHERE key_id IN (SELECT value FROM json_each(?)) AND id > ? ORDER BY id LIMIT ?`,
    ),
    // Only the version that was read: a hand-over that sealed it again in between drew a new IV.
    reseal: db.prepare('UPDATE notes SET key_id = ?, iv = ?, tag = ?, ciphertext = ? WHERE id = ? AND key_id = ? AND iv = ?'),
    perKey: db.prepare('SELECT key_id AS keyId, count(*) AS notes FROM notes GROUP BY key_id ORDER BY notes DESC, key_id'),
  };
}

export class SqliteNotesKeys {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Database.Database,
    private readonly notesKeys: NotesKeyRing,
  ) {
    this.statements = prepare(db);
  }

  reencrypt(afterId: number, limit: number): ReencryptBatch {
    assertReencryptBatch(afterId, limit);
    const older = olderKeyIds(this.notesKeys);
    if (older.length === 0) return { reencrypted: 0, failed: 0, lastId: null };
    const s = this.statements;
    return this.db
      .transaction((): ReencryptBatch => {
        const rows = s.selectOlder.all(JSON.stringify(older), afterId, limit) as SealedNoteRow[];
        const { resealed, batch } = resealedRows(this.notesKeys, rows);
        for (const { row, sealed } of resealed) {
          batch.reencrypted += s.reseal.run(sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, row.id, row.key_id, row.iv).changes;
        }
        return batch;
      })
      .immediate();
  }

  perKey(): NotesKeyCount[] {
    return this.statements.perKey.all() as NotesKeyCount[];
  }
}
