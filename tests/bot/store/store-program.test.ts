/**
 * A store program is written once and run by each store its own way: SQLite synchronously in one
 * `BEGIN IMMEDIATE` transaction, PostgreSQL awaiting each step on one transaction's client. Both
 * must give the same answers, write all or nothing, and pass audit rows to the store's chain.
 */
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import { SqliteRunner } from '../../../bot/store/query-layer';
import { appendAudit, firstRow, PostgresPrograms, readSqlite, rows, run, SqlitePrograms } from '../../../bot/store/store-program';
import type { ProgramRunner, StoreProgram } from '../../../bot/store/store-program';
import type { AuditEntry } from '../../../bot/store/store-rows';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { makeTempDir } from './fixtures/store';

const TABLE = 'CREATE TABLE conversation_refs (owner_id TEXT PRIMARY KEY, ref TEXT NOT NULL, updated_at TEXT NOT NULL)';
const AUDIT_TABLES = [
  'CREATE TABLE audit (seq BIGINT PRIMARY KEY, at TEXT, actor TEXT, action TEXT, case_id TEXT, detail TEXT, prev_hash TEXT, hash TEXT)',
  'CREATE TABLE audit_anchor (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)',
];
const AUDIT: AuditEntry = { actor: 'm1', action: 'settings', caseId: null, detail: 'orgUnitSet', at: '2026-12-01T10:00:00.000Z' };

/** Moves a reference to another owner, audited; fails after its first write when asked to. */
function moveRef(store: ProgramRunner, from: string, to: string, failAfterInsert = false): () => StoreProgram<string | null> {
  const { db } = store;
  return function* () {
    const found = yield* firstRow(db.selectFrom('conversation_refs').select(['ref', 'updated_at']).where('owner_id', '=', from).compile());
    if (!found) return null;
    yield* run(db.insertInto('conversation_refs').values({ owner_id: to, ref: found.ref, updated_at: found.updated_at }).compile());
    if (failAfterInsert) throw new Error('failed half-way');
    yield* run(db.deleteFrom('conversation_refs').where('owner_id', '=', from).compile());
    yield* appendAudit(AUDIT);
    return found.ref;
  };
}

/** The audit rows the programs chained, as entries. */
function audited(store: ProgramRunner): Promise<AuditEntry[]> {
  const { db } = store;
  return store.read(function* () {
    const records = yield* rows(db.selectFrom('audit').select(['actor', 'action', 'case_id', 'detail', 'at']).orderBy('seq').compile());
    return records.map((r) => ({ actor: r.actor, action: r.action, caseId: r.case_id, detail: r.detail, at: r.at }));
  });
}

function refs(store: ProgramRunner): Promise<string[]> {
  const { db } = store;
  return store.read(function* () {
    return (yield* rows(db.selectFrom('conversation_refs').select('owner_id').orderBy('owner_id').compile())).map((row) => row.owner_id);
  });
}

interface Setup {
  store: ProgramRunner;
  exec(sql: string): Promise<void>;
  dispose(): Promise<void>;
}

const mapped = (error: unknown) => new Error(`mapped: ${(error as Error).message}`);

async function sqliteSetup(): Promise<Setup & { sqlite: Database.Database; programs: SqlitePrograms }> {
  const temp = makeTempDir('store-program');
  const sqlite = new Database(`${temp.dir}/store.sqlite`);
  const guard = <X>(work: () => X): X => {
    try {
      return work();
    } catch (error) {
      throw mapped(error);
    }
  };
  const programs = new SqlitePrograms(sqlite, new SqliteRunner(sqlite), { foldHr: () => null }, guard);
  return {
    store: programs,
    programs,
    sqlite,
    exec: async (sql) => void sqlite.exec(sql),
    dispose: async () => {
      sqlite.close();
      temp.remove();
    },
  };
}

async function postgresSetup(): Promise<Setup> {
  const database: TestDatabase = await createTestDatabase('store-program');
  const pool = new Pool({ connectionString: database.url, max: 2 });
  // Dropping the database ends idle connections; as in the store, that must not end the test process.
  pool.on('error', () => undefined);
  const transaction = async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  const guard = async <X>(work: () => Promise<X>): Promise<X> => {
    try {
      return await work();
    } catch (error) {
      throw mapped(error);
    }
  };
  return {
    store: new PostgresPrograms(pool, transaction, { foldHr: async () => null }, guard),
    exec: async (sql) => void (await pool.query(sql)),
    dispose: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

describe.each([
  ['SQLite', sqliteSetup],
  ['PostgreSQL', postgresSetup],
])('a store program on %s', (_name, setup) => {
  let context: Setup;

  beforeEach(async () => {
    context = await setup();
    for (const table of [TABLE, ...AUDIT_TABLES]) await context.exec(table);
    await context.exec("INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES ('a', '{\"id\":1}', '2026-12-01T09:00:00.000Z')");
  });
  afterEach(() => context.dispose());

  it('reads, writes and extends the audit chain in one transaction, and answers what the program returns', async () => {
    await expect(context.store.write(moveRef(context.store, 'a', 'b'))).resolves.toBe('{"id":1}');
    expect(await refs(context.store)).toEqual(['b']);
    expect(await audited(context.store)).toEqual([AUDIT]);
  });

  it('writes nothing when the program fails half-way, and the error passes through the store guard', async () => {
    await expect(context.store.write(moveRef(context.store, 'a', 'b', true))).rejects.toThrow('mapped: failed half-way');
    expect(await refs(context.store)).toEqual(['a']);
    expect(await audited(context.store)).toEqual([]);
  });

  it('maps a database error through the store guard', async () => {
    await context.exec("INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES ('b', '{}', '2026-12-01T09:00:00.000Z')");
    await expect(context.store.write(moveRef(context.store, 'a', 'b'))).rejects.toThrow(/^mapped: .*(UNIQUE|unique)/);
    expect(await refs(context.store)).toEqual(['a', 'b']);
  });

  it('refuses a write in a program that was meant to read only', async () => {
    await expect(context.store.read(moveRef(context.store, 'a', 'b'))).rejects.toThrow('a read program cannot run');
    expect(await refs(context.store)).toEqual(['a']);
  });
});

describe('a store program inside a SQLite transaction that is already open', () => {
  it('runs synchronously, so the caller (a turn in the group commit) commits or rolls back all of it', async () => {
    const context = await sqliteSetup();
    try {
      for (const table of [TABLE, ...AUDIT_TABLES]) await context.exec(table);
      context.sqlite.exec("INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES ('a', '{}', '2026-12-01T09:00:00.000Z')");
      const moved = context.sqlite.transaction(() => context.programs.now(moveRef(context.store, 'a', 'b')()));
      expect(moved.immediate()).toBe('{}');
      const failing = context.sqlite.transaction(() => {
        context.programs.now(moveRef(context.store, 'b', 'c')());
        throw new Error('the turn failed after the program');
      });
      expect(() => failing.immediate()).toThrow('the turn failed');
      expect(await refs(context.store)).toEqual(['b']);
    } finally {
      await context.dispose();
    }
  });
});

describe('a program on a bare SQLite connection (the audit walk, a migration data step)', () => {
  it('writes only when its caller holds a write transaction, rolled back with it, and never audits there', async () => {
    const context = await sqliteSetup();
    try {
      for (const table of [TABLE, ...AUDIT_TABLES]) await context.exec(table);
      context.sqlite.exec("INSERT INTO conversation_refs (owner_id, ref, updated_at) VALUES ('a', '{}', '2026-12-01T09:00:00.000Z')");
      const runner = new SqliteRunner(context.sqlite);
      const { db } = context.store;
      const rename = (from: string, to: string) => run(db.updateTable('conversation_refs').set({ owner_id: to }).where('owner_id', '=', from).compile());
      expect(() => readSqlite(runner, rename('a', 'b'))).toThrow('a read program cannot run');
      expect(context.sqlite.transaction(() => readSqlite(runner, rename('a', 'b'), true)).immediate()).toBe(1);
      const audits = context.sqlite.transaction(() => readSqlite(runner, moveRef(context.store, 'b', 'c')(), true));
      expect(() => audits.immediate()).toThrow('a migration program cannot audit');
      expect(await refs(context.store)).toEqual(['b']);
      expect(await audited(context.store)).toEqual([]);
    } finally {
      await context.dispose();
    }
  });
});
