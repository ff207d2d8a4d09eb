import { Client } from 'pg';
import { openPostgresStore } from '../../../bot/store/postgres';
import { LOCK_NAMESPACE, PURGE_LOCK } from '../../../bot/store/postgres-locks';
import { createTestDatabase } from '../../helpers/postgres/database';
import { NOTHING, referenceOf, retentionContract } from './contract/retention';
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

describe('forgetting a manager on PostgreSQL while they use the bot again', () => {
  it('waits for the turn that is writing their reference, then keeps their reference and settings', async () => {
    const database = await createTestDatabase('retention-manager-back');
    const clock = { now: new Date('2020-01-10T10:00:00.000Z') };
    const store = await openPostgresStore({ connectionString: database.url, ...newKeys(), clock: () => clock.now });
    const manager = 'aad-manager-returning';
    await store.saveConversationRef(manager, referenceOf(manager));
    await store.saveUserSettings(manager, { orgUnit: 'Beleid' });
    const turn = new Client({ connectionString: database.url });
    const observer = new Client({ connectionString: database.url });
    await Promise.all([turn.connect(), observer.connect()]);
    try {
      // A turn of the manager has written their reference and not committed yet.
      await turn.query('BEGIN');
      await turn.query(`UPDATE conversation_refs SET updated_at = '2026-11-25T02:59:00.000Z' WHERE owner_id = '${manager}'`);
      const purging = store.purgeExpired({ ...NOTHING, managersInactiveBefore: '2024-01-01T00:00:00.000Z' }, '2026-11-25T03:00:00.000Z', 100);
      const waitingOnLock = async () =>
        Number((await observer.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'escalatiewijzer' AND wait_event_type = 'Lock'")).rows[0].n);
      for (let waited = 0; (await waitingOnLock()) === 0; waited += 10) {
        if (waited > 10_000) throw new Error('the purge did not wait for the reference');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await turn.query('COMMIT');
      expect((await purging).purged.managers).toBe(0);
    } finally {
      await turn.end();
      await observer.end();
    }
    expect(await store.conversationRef(manager)).toEqual(referenceOf(manager));
    expect((await store.userSettings(manager)).orgUnit).toBe('Beleid');
    await store.close();
    await database.drop();
  });
});
