import { Client } from 'pg';
import { openPostgresStore } from '../../../bot/store/postgres';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { commitContract } from './contract/commit';
import { postgresHarness } from './fixtures/harness';
import { newKeys, OWNER, turnFor } from './fixtures/store';

commitContract(postgresHarness);

describe('PostgreSQL availability', () => {
  const keys = newKeys();
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('commit-locked');
  });
  afterAll(() => database.drop());

  it('reports storeUnavailable when another session holds the case row past the statement timeout, and writes nothing', async () => {
    const store = await openPostgresStore({ connectionString: database.url, ...keys, statementTimeoutMs: 200 });
    await store.commit(turnFor('case-locked', null));
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query("SELECT 1 FROM cases WHERE id = 'case-locked' FOR UPDATE");
    try {
      await expect(store.commit(turnFor('case-locked', 1))).rejects.toMatchObject({ name: 'StoreError', code: 'storeUnavailable' });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await store.load('case-locked'))!.revision).toBe(1);
    expect(await store.readNotes('case-locked', OWNER)).toHaveLength(1);
    // Nothing is left locked or broken: the same turn goes through now.
    expect(await store.commit(turnFor('case-locked', 1))).toEqual({ ok: true, revision: 2 });
    await store.close();
  });
});
