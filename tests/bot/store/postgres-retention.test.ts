import { Client } from 'pg';
import { openPostgresStore } from '../../../bot/store/postgres';
import { LOCK_NAMESPACE, PURGE_LOCK } from '../../../bot/store/postgres-locks';
import { createTestDatabase } from '../../helpers/postgres/database';
import { NOTHING, retentionContract } from './contract/retention';
import { postgresHarness } from './fixtures/harness';
import { newKeys, turnFor } from './fixtures/store';

retentionContract(postgresHarness);

describe('purging on PostgreSQL while another instance purges', () => {
  it('skips the round instead of waiting, and purges once the other is done', async () => {
    const database = await createTestDatabase('retention-locked');
    const store = await openPostgresStore({ connectionString: database.url, ...newKeys(), statementTimeoutMs: 500 });
    await store.commit(turnFor('closed-long-ago', null, { at: '2020-01-10T10:00:00.000Z', status: 'closed', step: 'closed' }));
    const cutoffs = { ...NOTHING, casesChangedBefore: '2024-01-01T00:00:00.000Z' };
    const other = new Client({ connectionString: database.url });
    await other.connect();
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, PURGE_LOCK]);
    try {
      expect(await store.purgeExpired(cutoffs, '2026-11-25T03:00:00.000Z', 100)).toMatchObject({ purged: { cases: 0 }, more: false });
      expect(await store.load('closed-long-ago')).not.toBeNull();
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    expect((await store.purgeExpired(cutoffs, '2026-11-25T03:00:00.000Z', 100)).purged.cases).toBe(1);
    await store.close();
    await database.drop();
  });
});
