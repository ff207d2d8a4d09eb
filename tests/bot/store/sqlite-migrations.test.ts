import Database from 'better-sqlite3';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFor } from '../../../bot/store/migrate';
import { openSqliteStore, storeErrorFrom } from '../../../bot/store/sqlite';
import { makeTempDir, migrationsWith, newKeys, sqliteFileAt, turnFor } from './fixtures/store';

const temp = makeTempDir('migrations');
const keys = newKeys();

afterAll(() => temp.remove());

const appliedMigrations = (file: string) => {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
  db.close();
  return rows;
};

const tableNames = (file: string) => {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  db.close();
  return rows.map((r) => r.name);
};

/** The project's own migrations, as schema_migrations lists them. */
const REAL_MIGRATIONS = migrationsFor('sqlite').map(({ version, name }) => ({ version, name }));

describe('migrations', () => {
  it('creates the schema on a fresh file, in WAL mode, readable by its owner only', async () => {
    const file = join(temp.dir, 'fresh', 'store.sqlite');
    const store = await openSqliteStore({ file, ...keys });
    await store.close();
    expect(appliedMigrations(file)).toEqual(REAL_MIGRATIONS);
    expect(tableNames(file)).toEqual([
      'appraisal_counts',
      'appraisal_tokens',
      'audit',
      'audit_anchor',
      'cases',
      'conversation_refs',
      'handover_codes',
      'hr_aggregates',
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
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('applies nothing twice when an existing file is reopened, and keeps its data', async () => {
    const file = join(temp.dir, 'reopen.sqlite');
    const first = await openSqliteStore({ file, ...keys, clock: () => new Date('2026-01-01T00:00:00Z') });
    await first.commit(turnFor('kept', null));
    await first.close();
    const second = await openSqliteStore({ file, ...keys, clock: () => new Date('2026-02-01T00:00:00Z') });
    expect((await second.load('kept'))!.revision).toBe(1);
    await second.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT version, applied_at FROM schema_migrations').all()).toEqual(
      REAL_MIGRATIONS.map(({ version }) => ({ version, applied_at: '2026-01-01T00:00:00.000Z' })),
    );
    db.close();
  });

  it('applies a new migration on the next open, exactly once', async () => {
    const file = join(temp.dir, 'upgrade.sqlite');
    await (await openSqliteStore({ file, ...keys })).close();
    const migrations = migrationsWith('sqlite', { version: 900, name: 'extra', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY, kind TEXT NOT NULL);' });
    await (await openSqliteStore({ file, ...keys, migrations })).close();
    await (await openSqliteStore({ file, ...keys, migrations })).close();
    expect(appliedMigrations(file)).toEqual([...REAL_MIGRATIONS, { version: 900, name: 'extra' }]);
  });

  it('rolls a failing migration back completely and reports migrationFailed', async () => {
    const file = join(temp.dir, 'failing.sqlite');
    await (await openSqliteStore({ file, ...keys })).close();
    const migrations = migrationsWith('sqlite', { version: 900, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); INSERT INTO no_such_table VALUES (1);' });
    await expect(openSqliteStore({ file, ...keys, migrations })).rejects.toMatchObject({
      code: 'migrationFailed',
      field: '900_broken',
    });
    expect(appliedMigrations(file)).toEqual(REAL_MIGRATIONS);
    expect(tableNames(file)).not.toContain('half');
  });

  it('gives existing settings the last use of the bot: their manager’s reference time, or the upgrade’s when there is none (005)', async () => {
    const file = join(temp.dir, 'activity.sqlite');
    const db = sqliteFileAt(file, 4);
    db.exec(`INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES ('aad-with-ref', '{}', '2025-03-04T05:06:07.000Z');
      INSERT INTO user_settings (owner_id, org_unit, locale, weekly_digest) VALUES ('aad-with-ref', 'Beleid', 'nl', 1), ('aad-without-ref', 'Staf', NULL, 0);`);
    db.close();
    const upgradedFrom = new Date().toISOString();

    await (await openSqliteStore({ file, ...keys })).close();
    const settings = new Database(file, { readonly: true });
    const rows = settings.prepare('SELECT owner_id, org_unit, weekly_digest, updated_at FROM user_settings ORDER BY owner_id').all() as { updated_at: string }[];
    settings.close();
    expect(rows).toEqual([
      { owner_id: 'aad-with-ref', org_unit: 'Beleid', weekly_digest: 1, updated_at: '2025-03-04T05:06:07.000Z' },
      { owner_id: 'aad-without-ref', org_unit: 'Staf', weekly_digest: 0, updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
    ]);
    expect(rows[1]!.updated_at >= upgradedFrom && rows[1]!.updated_at <= new Date().toISOString()).toBe(true);
  });

  it('refuses a file migrated by newer code', async () => {
    const file = join(temp.dir, 'newer.sqlite');
    const migrations = migrationsWith('sqlite', { version: 900, name: 'future', sql: 'CREATE TABLE future (id INTEGER);' });
    await (await openSqliteStore({ file, ...keys, migrations })).close();
    await expect(openSqliteStore({ file, ...keys })).rejects.toMatchObject({
      code: 'migrationFailed',
      field: 'schemaNewerThanCode',
    });
  });
});

describe('opening', () => {
  it('refuses keys that are missing, all zeros or the same for both purposes', async () => {
    const file = join(temp.dir, 'keys.sqlite');
    await expect(openSqliteStore({ file, notesKey: Buffer.alloc(16, 1), caseKeySecret: keys.caseKeySecret })).rejects.toMatchObject({
      code: 'badKey',
      field: 'notesKey',
    });
    await expect(openSqliteStore({ file, notesKey: keys.notesKey, caseKeySecret: Buffer.alloc(32) })).rejects.toMatchObject({
      code: 'badKey',
      field: 'caseKeySecret',
    });
    await expect(openSqliteStore({ file, notesKey: keys.notesKey, caseKeySecret: Buffer.from(keys.notesKey) })).rejects.toMatchObject({
      code: 'badKey',
    });
  });

  it('reports a file that is not a database as corrupt', async () => {
    const file = join(temp.dir, 'garbage.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 'not a database '));
    await expect(openSqliteStore({ file, ...keys })).rejects.toMatchObject({ name: 'StoreError', code: 'corrupt' });
  });

  it('reports a path that cannot be opened as storeUnavailable', async () => {
    const file = join(temp.dir, 'a-directory');
    mkdirSync(file);
    await expect(openSqliteStore({ file, ...keys })).rejects.toMatchObject({ name: 'StoreError', code: 'storeUnavailable' });
  });
});

describe('SQLite errors as store error codes', () => {
  const sqliteErrorOf = (work: () => void): unknown => {
    try {
      work();
    } catch (error) {
      return error;
    }
    throw new Error('expected SQLite to fail');
  };

  it('maps a write to a read-only database to readOnly', () => {
    const file = join(temp.dir, 'readonly.sqlite');
    new Database(file).exec('CREATE TABLE t (x)');
    const db = new Database(file, { readonly: true });
    const error = sqliteErrorOf(() => db.exec('INSERT INTO t VALUES (1)'));
    db.close();
    expect(error).toMatchObject({ code: 'SQLITE_READONLY' });
    expect(storeErrorFrom(error)).toMatchObject({ name: 'StoreError', code: 'readOnly' });
  });

  it('maps a full database to diskFull', () => {
    const db = new Database(join(temp.dir, 'full.sqlite'));
    db.exec('CREATE TABLE t (x)');
    db.pragma('max_page_count = 3');
    const error = sqliteErrorOf(() => db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024)));
    db.close();
    expect(error).toMatchObject({ code: 'SQLITE_FULL' });
    expect(storeErrorFrom(error)).toMatchObject({ name: 'StoreError', code: 'diskFull' });
  });

  it('passes other errors through unchanged', () => {
    const error = new RangeError('something else');
    expect(storeErrorFrom(error)).toBe(error);
  });
});
