/**
 * The schema a fresh database gets from the migrations, pinned: each dialect's dump is committed in
 * schema-dumps/, so a migration that changes a table, column, index or constraint by accident
 * fails here, and so does one renumbered or renamed (existing databases know them by version and
 * name, and would apply it again). A deliberate change is a new migration and a new dump (EW_WRITE_SCHEMA_DUMPS=1 writes
 * them; read the diff before committing it).
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { openPostgresStore } from '../../../bot/store/postgres';
import { openSqliteStore } from '../../../bot/store/sqlite';
import { createTestDatabase } from '../../helpers/postgres/database';
import { makeTempDir, newKeys } from './fixtures/store';
import { postgresSchema, sqliteSchema } from './fixtures/schema-dump';

const temp = makeTempDir('schema');
const keys = newKeys();

afterAll(() => temp.remove());

function expectPinned(dialect: 'sqlite' | 'postgres', dump: string): void {
  const file = join(__dirname, 'schema-dumps', `${dialect}.txt`);
  if (process.env.EW_WRITE_SCHEMA_DUMPS === '1') writeFileSync(file, dump);
  expect(dump).toBe(readFileSync(file, 'utf8'));
}

describe('the schema a new database gets', () => {
  it('on SQLite is the pinned one', async () => {
    const file = join(temp.dir, 'store.sqlite');
    await (await openSqliteStore({ file, ...keys })).close();
    const db = new Database(file, { readonly: true });
    try {
      expectPinned('sqlite', sqliteSchema(db));
    } finally {
      db.close();
    }
  });

  it('on PostgreSQL is the pinned one', async () => {
    const database = await createTestDatabase('schema');
    try {
      await (await openPostgresStore({ connectionString: database.url, ...keys })).close();
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        expectPinned('postgres', await postgresSchema(client));
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });
});
