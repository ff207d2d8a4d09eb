/**
 * Migration 015 on both stores: what older turns logged of the conversation card's "Ik heb
 * geluisterd" box (issue 18) is forgotten — the conversation row's outcome and the projection's
 * `listened` — while the row itself, and every other row's outcome, stay.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client } from 'pg';
import { migratePostgres, openPostgresStore } from '../../../bot/store/postgres';
import { openSqliteStore } from '../../../bot/store/sqlite';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { makeTempDir, migrationsUpTo, newKeys, sqliteFileAt } from './fixtures/store';

const temp = makeTempDir('forget-listened');
const keys = newKeys();
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const database of databases) await database.drop();
  temp.remove();
});

const CASE_KEY = 'a'.repeat(64);
/** hr_log rows as older code logged them: transition, outcome. */
const LOGGED: Array<[string, string | null]> = [
  ['signalRecorded', null],
  ['conversationRecorded', 'notListened'],
  ['addressHeld', 'stopped'],
];
const HR_LOG_INSERT = (p: (n: number) => string, categories: string) =>
  `INSERT INTO hr_log (case_key, rung, transition, outcome, categories, source, org_unit, iso_week, days_since_signal) VALUES (${p(1)}, 'signal', ${p(2)}, ${p(3)}, ${categories}, 'affectedEmployee', 'Beleid', '2026-W40', 0)`;
const HR_CASE_INSERT = (p: (n: number) => string) =>
  `INSERT INTO hr_cases (case_key, org_unit, signal_week, quarter, highest, listened) VALUES (${p(1)}, 'Beleid', '2026-W40', '2026-Q4', 'address', 'notListened')`;

/** After the migration: the outcomes by transition, and the projection's listened. */
const FORGOTTEN = { outcomes: [['signalRecorded', null], ['conversationRecorded', null], ['addressHeld', 'stopped']], listened: [null] };

describe('migration 015 forgets the listened box of older turns', () => {
  it('on SQLite', async () => {
    const file = join(temp.dir, 'store.sqlite');
    const db = sqliteFileAt(file, 14);
    const insertLog = db.prepare(HR_LOG_INSERT(() => '?', "'remarkOrJoke'"));
    for (const [transition, outcome] of LOGGED) insertLog.run(CASE_KEY, transition, outcome);
    db.prepare(HR_CASE_INSERT(() => '?')).run(CASE_KEY);
    db.close();

    await (await openSqliteStore({ file, ...keys })).close();

    const migrated = new Database(file, { readonly: true });
    try {
      const outcomes = migrated.prepare('SELECT transition, outcome FROM hr_log ORDER BY id').raw().all();
      const listened = migrated.prepare('SELECT listened FROM hr_cases').raw().all().flat();
      expect({ outcomes, listened }).toEqual(FORGOTTEN);
    } finally {
      migrated.close();
    }
  });

  it('on PostgreSQL', async () => {
    const database = await createTestDatabase('forget-listened');
    databases.push(database);
    await migratePostgres({ connectionString: database.url, migrations: migrationsUpTo('postgres', 14) });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const [transition, outcome] of LOGGED) await client.query(HR_LOG_INSERT((n) => `$${n}`, "ARRAY['remarkOrJoke']"), [CASE_KEY, transition, outcome]);
      await client.query(HR_CASE_INSERT((n) => `$${n}`), [CASE_KEY]);

      await (await openPostgresStore({ connectionString: database.url, ...keys })).close();

      const outcomes = (await client.query({ text: 'SELECT transition, outcome FROM hr_log ORDER BY id', rowMode: 'array' })).rows;
      const listened = (await client.query({ text: 'SELECT listened FROM hr_cases', rowMode: 'array' })).rows.flat();
      expect({ outcomes, listened }).toEqual(FORGOTTEN);
    } finally {
      await client.end();
    }
  });
});
