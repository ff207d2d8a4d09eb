import { Client } from 'pg';
import { CryptoError } from '../../../bot/crypto';
import { migrationsFor } from '../../../bot/store/migrate';
import { migratePostgres, openPostgresStore, postgresStoreErrorFrom } from '../../../bot/store/postgres';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { migrationsUpTo, migrationsWith, newKeys, OWNER, turnFor } from './fixtures/store';

const keys = newKeys();
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('migrations');
  databases.push(database);
  return database;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The project's own migrations, as schema_migrations lists them. */
const REAL_MIGRATIONS = migrationsFor('postgres').map(({ version, name }) => ({ version, name }));

const appliedMigrations = (url: string) => query(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
const tableNames = async (url: string) =>
  (await query<{ tablename: string }>(url, 'SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename')).map((t) => t.tablename);

describe('PostgreSQL migrations', () => {
  it('create the schema in a fresh database', async () => {
    const { url } = await freshDatabase();
    await (await openPostgresStore({ connectionString: url, ...keys })).close();
    expect(await appliedMigrations(url)).toEqual(REAL_MIGRATIONS);
    expect(await tableNames(url)).toEqual([
      'appraisal_counts',
      'appraisal_tokens',
      'audit',
      'audit_anchor',
      'cases',
      'conversation_refs',
      'handover_codes',
      'hr_aggregate_parts',
      'hr_cases',
      'hr_log',
      'my_data_links',
      'notes',
      'reminders',
      'schema_migrations',
      'team_posts',
      'team_references',
      'user_settings',
    ]);
  });

  it('are applied once when several instances start on a fresh database at the same moment', async () => {
    const { url } = await freshDatabase();
    const migrations = migrationsWith('postgres', { version: 900, name: 'extra', sql: 'CREATE TABLE extra (id bigint PRIMARY KEY);' });
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore({ connectionString: url, ...keys, migrations })));
    await Promise.all(stores.map((store) => store.close()));
    expect(await appliedMigrations(url)).toEqual([...REAL_MIGRATIONS, { version: 900, name: 'extra' }]);
  });

  it('apply nothing twice when a database is reopened, and keep its data', async () => {
    const { url } = await freshDatabase();
    const first = await openPostgresStore({ connectionString: url, ...keys, clock: () => new Date('2026-01-01T00:00:00Z') });
    await first.commit(turnFor('kept', null));
    await first.close();
    const second = await openPostgresStore({ connectionString: url, ...keys, clock: () => new Date('2026-02-01T00:00:00Z') });
    expect((await second.load('kept'))!.revision).toBe(1);
    await second.close();
    expect(await query(url, 'SELECT version, applied_at FROM schema_migrations ORDER BY version')).toEqual(
      REAL_MIGRATIONS.map(({ version }) => ({ version, applied_at: '2026-01-01T00:00:00.000Z' })),
    );
  });

  it('roll a failing migration back completely and report migrationFailed', async () => {
    const { url } = await freshDatabase();
    await (await openPostgresStore({ connectionString: url, ...keys })).close();
    const migrations = migrationsWith('postgres', { version: 900, name: 'broken', sql: 'CREATE TABLE half (id integer); INSERT INTO no_such_table VALUES (1);' });
    await expect(openPostgresStore({ connectionString: url, ...keys, migrations })).rejects.toMatchObject({
      code: 'migrationFailed',
      field: '900_broken',
    });
    expect(await appliedMigrations(url)).toEqual(REAL_MIGRATIONS);
    expect(await tableNames(url)).not.toContain('half');
  });

  it('give existing settings the last use of the bot: their manager’s reference time, or the upgrade’s when there is none (005)', async () => {
    const { url } = await freshDatabase();
    await migratePostgres({ connectionString: url, migrations: migrationsUpTo('postgres', 4) });
    await query(
      url,
      `INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES ('aad-with-ref', '{}', '2025-03-04T05:06:07.000Z');
       INSERT INTO user_settings (owner_id, org_unit, locale, weekly_digest) VALUES ('aad-with-ref', 'Beleid', 'nl', true), ('aad-without-ref', 'Staf', NULL, false);`,
    );
    const upgradedFrom = new Date().toISOString();

    await (await openPostgresStore({ connectionString: url, ...keys })).close();
    const rows = await query<{ updated_at: string }>(url, 'SELECT owner_id, org_unit, weekly_digest, updated_at FROM user_settings ORDER BY owner_id');
    expect(rows).toEqual([
      { owner_id: 'aad-with-ref', org_unit: 'Beleid', weekly_digest: true, updated_at: '2025-03-04T05:06:07.000Z' },
      { owner_id: 'aad-without-ref', org_unit: 'Staf', weekly_digest: false, updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
    ]);
    expect(rows[1]!.updated_at >= upgradedFrom && rows[1]!.updated_at <= new Date().toISOString()).toBe(true);
    // A row that code from before the upgrade inserts during a rolling upgrade is stamped too.
    await query(url, "INSERT INTO user_settings (owner_id, org_unit) VALUES ('aad-old-code', 'Staf')");
    const [stamped] = await query<{ updated_at: string }>(url, "SELECT updated_at FROM user_settings WHERE owner_id = 'aad-old-code'");
    expect(stamped!.updated_at >= upgradedFrom).toBe(true);
  });

  it('refuse a database migrated by newer code', async () => {
    const { url } = await freshDatabase();
    const migrations = migrationsWith('postgres', { version: 900, name: 'future', sql: 'CREATE TABLE future (id integer);' });
    await (await openPostgresStore({ connectionString: url, ...keys, migrations })).close();
    await expect(openPostgresStore({ connectionString: url, ...keys })).rejects.toMatchObject({ code: 'migrationFailed', field: 'schemaNewerThanCode' });
  });
});

describe('PostgreSQL failures as store error codes', () => {
  const admin = () => new URL(process.env.EW_TEST_POSTGRES_URL!);

  it('reports a server that does not answer, a wrong password and a missing database as storeUnavailable', async () => {
    const closedPort = admin();
    closedPort.port = '1';
    const wrongPassword = admin();
    wrongPassword.password = 'not-the-password';
    const missing = admin();
    missing.pathname = '/no_such_database';
    for (const url of [closedPort, wrongPassword, missing]) {
      const error = await openPostgresStore({ connectionString: url.toString(), ...keys, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StoreError', code: 'storeUnavailable' });
      expect((error as Error).message).toBe('storeUnavailable');
    }
  });

  it('reports a database that became read-only (a standby, default_transaction_read_only) as readOnly, and writes nothing', async () => {
    const database = await freshDatabase();
    const store = await openPostgresStore({ connectionString: database.url, ...keys, idleTimeoutMs: 1000 });
    await store.commit(turnFor('before-read-only', null));
    await store.close();
    await query(process.env.EW_TEST_POSTGRES_URL!, `ALTER DATABASE "${database.name}" SET default_transaction_read_only = on`);

    const readOnly = await openPostgresStore({ connectionString: database.url, ...keys });
    await expect(readOnly.commit(turnFor('before-read-only', 1))).rejects.toMatchObject({ name: 'StoreError', code: 'readOnly' });
    await expect(readOnly.recordAudit({ actor: OWNER, action: 'read', caseId: null, detail: 'case', at: '2026-11-25T08:00:00.000Z' })).rejects.toMatchObject({
      code: 'readOnly',
    });
    expect((await readOnly.load('before-read-only'))!.revision).toBe(1);
    expect(await readOnly.verifyAudit()).toEqual({ ok: true, rows: 1 });
    await readOnly.close();
  });

  it('gets a new connection after the server ended the old ones (admin shutdown of the sessions)', async () => {
    const database = await freshDatabase();
    const store = await openPostgresStore({ connectionString: database.url, ...keys });
    await store.commit(turnFor('survivor', null));
    const [terminated] = await query<{ ended: string }>(
      process.env.EW_TEST_POSTGRES_URL!,
      `SELECT count(pg_terminate_backend(pid)) AS ended FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`,
    );
    expect(Number(terminated!.ended)).toBeGreaterThan(0);
    expect(await store.commit(turnFor('survivor', 1))).toEqual({ ok: true, revision: 2 });
    await store.close();
  });

  it.each([
    ['25006', 'readOnly'],
    ['53100', 'diskFull'],
    ['XX001', 'corrupt'],
    ['57P01', 'storeUnavailable'],
    ['08006', 'storeUnavailable'],
    ['57014', 'storeUnavailable'],
    ['40P01', 'storeUnavailable'],
  ])('maps SQLSTATE %s to %s', (code, mapped) => {
    expect(postgresStoreErrorFrom(Object.assign(new Error('server said no'), { code, severity: 'ERROR' }))).toMatchObject({ name: 'StoreError', code: mapped });
  });

  it('maps socket errors and the client\'s own connection failures to storeUnavailable, a CryptoError to badKey, and passes others through', () => {
    expect(postgresStoreErrorFrom(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ code: 'storeUnavailable' });
    expect(postgresStoreErrorFrom(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'storeUnavailable' });
    expect(postgresStoreErrorFrom(new Error('timeout exceeded when trying to connect'))).toMatchObject({ code: 'storeUnavailable' });
    expect(postgresStoreErrorFrom(new CryptoError('decryptFailed'))).toMatchObject({ code: 'badKey' });
    const uniqueViolation = Object.assign(new Error('duplicate key'), { code: '23505', severity: 'ERROR' });
    expect(postgresStoreErrorFrom(uniqueViolation)).toBe(uniqueViolation);
    const other = new RangeError('something else');
    expect(postgresStoreErrorFrom(other)).toBe(other);
  });
});
