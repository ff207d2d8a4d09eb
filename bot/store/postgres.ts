/**
 * The case store on PostgreSQL (pg), chosen when DATABASE_URL is set, so several bot instances
 * behind a load balancer share one database. It keeps the port's contract exactly as the SQLite
 * store does: the same validation helpers, the same StoreError codes, the same audit chain.
 *
 * - A turn is one transaction. The case row is locked (`SELECT … FOR UPDATE`) and its revision
 *   compared before it is written, so of two instances committing the same revision one wins and
 *   the other gets a conflict with the winner's row: turns on one case are serialised across
 *   instances, and the loser writes nothing.
 * - The audit chain is global: every transaction that extends it first takes one
 *   transaction-level advisory lock, then reads the head. The lock is taken last, after the
 *   turn's other writes, and released by COMMIT, so the chain is held only briefly.
 * - Reminders are claimed with `FOR UPDATE SKIP LOCKED` (see reminders.ts), so the
 *   schedulers of all instances share the due reminders without ever claiming one twice.
 * - The numbered migrations (migrate.ts) are applied at start-up on a
 *   connection of their own, under a session advisory lock, so instances starting together
 *   apply each migration once.
 * - The pool bounds connections, the wait for one, statement run time (server side, with a client
 *   side backstop) and idle time, so a turn fails in seconds rather than hangs.
 *
 * PostgreSQL and connection errors become StoreError codes (see `postgresStoreErrorFrom`).
 */
import { Client, Pool } from 'pg';
import type { ClientBase, PoolClient } from 'pg';
import type { AuditVerification } from '../audit';
import { walkAuditChain } from './audit-walk';
import { asKeyRing, caseKey, CryptoError } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import { assertStoreKeys, StoreError } from './store-error';
import type { CommitResult, TurnWrite } from './store-rows';
import type { StoreErrorCode } from './store-error';
import type { CaseStore } from './case-store';
import { applyMigrations, migrationsFor } from './migrate';
import { POSTGRES_DATA_STEPS } from './data-migrations';
import type { Migration } from './migrate';
import { PostgresHrProjection } from './postgres-hr';
import { LOCK_NAMESPACE, MIGRATIONS_LOCK } from './postgres-locks';
import { PostgresPrograms, readPostgres } from './store-program';
import { SqlCaseStore } from './sql-case-store';
import type { StoreDialect } from './sql-case-store';
import { Reminders } from './reminders';
import { TurnCommit } from './turn-commit';
import type { HrAggregateRow } from '../../flows/hr/cells';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. Never logged, never in an error message. */
  connectionString: string;
  /** The notes key ring (NOTES_KEYS), or one 32-byte key (NOTES_KEY, the ring of one key `legacy`). */
  notesKey: Buffer | NotesKeyRing;
  /** 32 bytes, different from every notes key; keys the HR case key. */
  caseKeySecret: Buffer;
  /** Connections this instance opens at most. Default 10. */
  poolMax?: number;
  /** How long to wait for a connection (a new one, or a free one from the pool). Default 5000. */
  connectTimeoutMs?: number;
  /** How long one statement may run, waiting for locks included. Default 5000. */
  statementTimeoutMs?: number;
  /** How long an unused connection stays open. Default 30000. */
  idleTimeoutMs?: number;
  /** Time for rows the store stamps itself (note reads, conversation refs, migrations). */
  clock?: () => Date;
  /** Defaults to the project's migrations (migrate.ts); tests give others. */
  migrations?: readonly Migration[];
}

/** Messages of the pg client's own connection failures, which carry no code. */
const PG_CONNECTION_FAILURE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Query read timeout)/;

/**
 * | cause                                                                        | StoreError code  |
 * |------------------------------------------------------------------------------|------------------|
 * | 25006 read-only transaction (a standby, default_transaction_read_only)       | readOnly         |
 * | 53100 disk full                                                              | diskFull         |
 * | XX001 data corrupted, XX002 index corrupted                                  | corrupt          |
 * | class 08 connection, 28 authorisation, 53 resources, 57P0x shutdown;         | storeUnavailable |
 * | 57014 statement timeout, 55P03 lock not available, 40001/40P01 serialisation |                  |
 * | or deadlock, 3D000 no such database                                          |                  |
 * | socket errors (ECONNREFUSED, ECONNRESET, …), pool and client timeouts        | storeUnavailable |
 * | CryptoError (wrong notes key, tampered note)                                 | badKey           |
 * | anything else                                                                | passed unchanged |
 */
export function postgresStoreErrorFrom(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof CryptoError) return new StoreError('badKey', undefined, { cause: error });
  const mapped = storeErrorCodeOf(error);
  return mapped ? new StoreError(mapped, undefined, { cause: error }) : error;
}

function storeErrorCodeOf(error: unknown): StoreErrorCode | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, severity, message } = error as { code?: unknown; severity?: unknown; message?: unknown };
  if (typeof code === 'string' && typeof severity === 'string') return sqlStateCode(code);
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return 'storeUnavailable';
  if (typeof message === 'string' && PG_CONNECTION_FAILURE.test(message)) return 'storeUnavailable';
  return null;
}

function sqlStateCode(sqlState: string): StoreErrorCode | null {
  if (sqlState === '25006') return 'readOnly';
  if (sqlState === '53100') return 'diskFull';
  if (sqlState === 'XX001' || sqlState === 'XX002') return 'corrupt';
  if (/^(08|28|53|57P0)/.test(sqlState) || ['57014', '55P03', '40001', '40P01', '3D000'].includes(sqlState)) {
    return 'storeUnavailable';
  }
  return null;
}

const ignore = () => undefined;

/** `begin` … COMMIT, or ROLLBACK on any error. */
async function inTransaction<T>(db: ClientBase, begin: string, work: () => Promise<T>): Promise<T> {
  await db.query(begin);
  try {
    const result = await work();
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK').catch(ignore);
    throw error;
  }
}

/**
 * The audit walk (audit-walk.ts) in one read-only REPEATABLE READ transaction: one version of the
 * table and its anchor while other instances keep appending (or purging).
 */
function verifyAuditChain(db: ClientBase): Promise<AuditVerification> {
  return inTransaction(db, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', () => readPostgres(db, walkAuditChain('postgres')));
}

/** What the PostgreSQL store does its own way (sql-case-store.ts has the rest of the port). */
class PostgresStore implements StoreDialect {
  private closed = false;
  readonly reminders: Reminders;
  readonly programs: PostgresPrograms;
  private readonly turnCommit: TurnCommit;
  private readonly hr: PostgresHrProjection;

  constructor(
    private readonly pool: Pool,
    notesKeys: NotesKeyRing,
    caseKeySecret: Buffer,
  ) {
    this.programs = new PostgresPrograms(
      pool,
      (work) => this.transaction(work),
      {
        foldHr: async (db, caseId, entries) => {
          const key = caseKey(caseKeySecret, caseId);
          return (await this.hr.fold(db, key, entries)) ? key : null;
        },
      },
      (work) => this.guard(work),
    );
    this.reminders = new Reminders(this.programs);
    this.turnCommit = new TurnCommit(this.programs, this.reminders, notesKeys);
    this.hr = new PostgresHrProjection(pool, (work) => this.transaction(work));
  }

  async commit(turn: TurnWrite): Promise<CommitResult> {
    return this.programs.write(() => this.turnCommit.write(turn));
  }

  async verifyAudit(): Promise<AuditVerification> {
    return this.guard(() => this.withConnection(verifyAuditChain));
  }

  async hrAggregates(quarters: string[]): Promise<HrAggregateRow[]> {
    return this.guard(() => this.hr.aggregates(quarters));
  }

  /** Brings derived tables up to date when the store opens (see PostgresHrProjection.repair). */
  async repair(): Promise<void> {
    await this.guard(() => this.hr.repair());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError('storeUnavailable', 'closed');
    try {
      return await work();
    } catch (error) {
      throw postgresStoreErrorFrom(error);
    }
  }

  /** One pooled connection for `work`; a connection that failed is destroyed, not given back. */
  private async withConnection<T>(work: (db: PoolClient) => Promise<T>): Promise<T> {
    const db = await this.pool.connect();
    try {
      const result = await work(db);
      db.release();
      return result;
    } catch (error) {
      db.release(storeErrorCodeOf(error) === 'storeUnavailable');
      throw error;
    }
  }

  /**
   * `work` in a transaction. A pooled connection whose session the server ended while it sat idle
   * (a restart, an administrator, a fail-over) fails on BEGIN, before any of `work` ran: that one
   * is retried once, on a new connection, instead of failing the turn.
   */
  private async transaction<T>(work: (db: PoolClient) => Promise<T>): Promise<T> {
    let started = false;
    const run = () =>
      this.withConnection((db) =>
        inTransaction(db, 'BEGIN', () => {
          started = true;
          return work(db);
        }),
      );
    try {
      return await run();
    } catch (error) {
      if (started || storeErrorCodeOf(error) !== 'storeUnavailable') throw error;
      return run();
    }
  }
}

/** `work` on a connection of its own, outside the pool, closed afterwards; errors become StoreErrors. */
async function onOwnConnection<T>(connectionString: string, connectTimeoutMs: number, applicationName: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString, connectionTimeoutMillis: connectTimeoutMs, application_name: applicationName });
  client.on('error', ignore);
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    throw postgresStoreErrorFrom(error);
  } finally {
    await client.end().catch(ignore);
  }
}

/** The schema, brought up to date on a connection of its own; instances starting together queue on the lock. */
async function migrateOn(client: Client, migrations: readonly Migration[], now: () => string): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, MIGRATIONS_LOCK]);
  // Created only when missing, so an up-to-date database that is read-only still opens (and reads).
  if (!(await client.query<{ present: string | null }>("SELECT to_regclass('schema_migrations') AS present")).rows[0]!.present) {
    await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
  }
  await applyMigrations(
    {
      recorded: async () => (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version),
      // PostgreSQL's DDL is transactional: a failing migration leaves nothing behind.
      apply: (migration) =>
        inTransaction(client, 'BEGIN', async () => {
          await client.query(migration.sql);
          await POSTGRES_DATA_STEPS[migration.version]?.(client);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, now()]);
        }),
      errorFrom: postgresStoreErrorFrom,
    },
    migrations,
  );
}

/**
 * Applies the migrations a database lacks, under the migrations lock. Migrations may run longer
 * than a turn's statements: no statement timeout on their connection; ending its session also
 * releases the lock.
 */
export async function migratePostgres(options: Pick<PostgresStoreOptions, 'connectionString' | 'migrations' | 'connectTimeoutMs' | 'clock'>): Promise<void> {
  const clock = options.clock ?? (() => new Date());
  const migrations = options.migrations ?? migrationsFor('postgres');
  await onOwnConnection(options.connectionString, options.connectTimeoutMs ?? 5000, 'escalatiewijzer-migrations', (client) =>
    migrateOn(client, migrations, () => clock().toISOString()),
  );
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<CaseStore> {
  const notesKeys = asKeyRing(options.notesKey);
  assertStoreKeys(notesKeys, options.caseKeySecret);
  const clock = options.clock ?? (() => new Date());
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const statementTimeoutMs = options.statementTimeoutMs ?? 5000;

  await migratePostgres(options);

  const pool = new Pool({
    connectionString: options.connectionString,
    application_name: 'escalatiewijzer',
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    statement_timeout: statementTimeoutMs,
    // The server cancels a slow statement; this catches a server that no longer answers at all.
    query_timeout: statementTimeoutMs + connectTimeoutMs,
    // A session stuck inside a transaction (its process frozen) would hold the audit chain lock.
    idle_in_transaction_session_timeout: 2 * statementTimeoutMs,
    keepAlive: true,
  });
  // A connection that fails while idle (a restart, a network cut) is dropped by the pool; the next
  // query opens a new one. Without these listeners the 'error' event would end the process.
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  const store = new PostgresStore(pool, notesKeys, options.caseKeySecret);
  try {
    await store.repair();
  } catch (error) {
    await store.close();
    throw error;
  }
  return new SqlCaseStore(store, notesKeys, clock);
}

/**
 * Verifies the audit chain of a PostgreSQL store without keys and without writing (for
 * `npm run verify-audit` with DATABASE_URL). Throws StoreError when the database cannot be read.
 */
export function verifyPostgresAuditTrail(connectionString: string): Promise<AuditVerification> {
  return onOwnConnection(connectionString, 5000, 'escalatiewijzer-verify-audit', verifyAuditChain);
}
