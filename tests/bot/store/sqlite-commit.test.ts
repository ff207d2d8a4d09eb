import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteStore } from '../../../bot/store/sqlite';
import { commitContract } from './contract/commit';
import { sqliteHarness } from './fixtures/harness';
import { makeTempDir, newKeys, turnFor } from './fixtures/store';

commitContract(sqliteHarness);

describe('SQLite availability', () => {
  const temp = makeTempDir('commit-busy');
  const keys = newKeys();
  const file = join(temp.dir, 'store.sqlite');

  afterAll(() => temp.remove());

  it('reports storeUnavailable when another writer holds the lock past the busy timeout, and writes nothing', async () => {
    const impatient = await openSqliteStore({ file, ...keys, busyTimeoutMs: 50 });
    const writer = new Database(file);
    writer.exec('BEGIN IMMEDIATE');
    try {
      await expect(impatient.commit(turnFor('case-busy', null))).rejects.toMatchObject({ code: 'storeUnavailable' });
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(await impatient.load('case-busy')).toBeNull();
    await impatient.close();
  });
});
