import { Client } from 'pg';
import { openPostgresStore } from '../../../bot/store/postgres';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { remindersContract } from './contract/reminders';
import { postgresHarness } from './fixtures/harness';
import { newKeys, turnFor } from './fixtures/store';

remindersContract(postgresHarness);

describe('claiming on PostgreSQL while other sessions hold reminders', () => {
  const keys = newKeys();
  const AT = '2026-11-24T10:00:00.000Z';
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('reminders-locked');
  });
  afterAll(() => database.drop());

  it('skips a reminder another transaction has locked instead of waiting for it, and claims it once that is over', async () => {
    const store = await openPostgresStore({ connectionString: database.url, ...keys, statementTimeoutMs: 500 });
    for (const caseId of ['locked-a', 'locked-b']) {
      await store.commit(turnFor(caseId, null, { reminders: { schedule: [{ kind: 'staleCase', dueAt: AT }], cancel: [] } }));
    }
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query("SELECT 1 FROM reminders WHERE case_id = 'locked-a' FOR UPDATE");
    const claim = { claimant: 'scheduler-a', now: AT, leaseUntil: '2026-11-24T10:05:00.000Z', limit: 10 };
    try {
      // Waiting would run into the 500 ms statement timeout; skipping answers at once.
      expect((await store.claimDueReminders(claim)).map((r) => r.caseId)).toEqual(['locked-b']);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await store.claimDueReminders(claim)).map((r) => r.caseId)).toEqual(['locked-a']);
    await store.close();
  });
});
