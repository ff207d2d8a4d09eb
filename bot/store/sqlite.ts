/**
 * The embedded case store: one SQLite file (better-sqlite3), so `npm start` needs nothing else.
 *
 * - WAL journal with synchronous=FULL: a turn that `commit` acknowledged survives a crash.
 * - Every write is one `BEGIN IMMEDIATE` transaction, so writers from several processes queue on
 *   the file lock (busy timeout) instead of failing half-way, and the audit chain's head is read
 *   and extended by one writer at a time.
 * - Turns that arrive together are committed together: one transaction and one fsync, each turn in
 *   a savepoint of its own, acknowledged only after the COMMIT (sqlite-group-commit.ts).
 * - secure_delete=ON: purged rows are overwritten, not left in free pages.
 * - The file is created with mode 0600 (SQLite gives the -wal and -shm files the same mode).
 *
 * SQLite errors become StoreError codes (see `storeErrorFrom`); unknown errors pass unchanged.
 */
/* eslint-disable @typescript-eslint/require-await --
   The store's port is asynchronous (PostgreSQL needs it); SQLite answers synchronously, and `async`
   keeps a thrown StoreError a rejected promise, as the contract suite expects of both stores. */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditVerification } from '../audit';
import { walkAuditChain } from './audit-walk';
import { asKeyRing, caseKey, CryptoError } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import { assertStoreKeys, StoreError } from './store-error';
import type { CommitResult, TurnWrite } from './store-rows';
import type { CaseStore } from './case-store';
import { applyMigrations, migrationsFor } from './migrate';
import { SQLITE_DATA_STEPS } from './data-migrations';
import type { Migration, MigrationTarget } from './migrate';
import { SqliteGroupCommit } from './sqlite-group-commit';
import { SqliteRunner } from './query-layer';
import { readSqlite, SqlitePrograms } from './store-program';
import { SqlCaseStore } from './sql-case-store';
import type { StoreDialect } from './sql-case-store';
import { Reminders } from './reminders';
import { TurnCommit } from './turn-commit';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { SqliteHrProjection } from './sqlite-hr';

/** The store's file inside DATA_DIR. */
export const SQLITE_FILE_NAME = 'escalatiewijzer.sqlite';

export function sqliteFileIn(dataDir: string): string {
  return join(dataDir, SQLITE_FILE_NAME);
}

export interface SqliteStoreOptions {
  file: string;
  /** The notes key ring (NOTES_KEYS), or one 32-byte key (NOTES_KEY, the ring of one key `legacy`). */
  notesKey: Buffer | NotesKeyRing;
  /** 32 bytes, different from every notes key; keys the HR case key. */
  caseKeySecret: Buffer;
  /** How long a write waits for another writer's lock before `storeUnavailable`. Default 5000. */
  busyTimeoutMs?: number;
  /** Time for rows the store stamps itself (note reads, conversation refs, migrations). */
  clock?: () => Date;
  /** Defaults to the project's migrations (migrate.ts); tests give others. */
  migrations?: readonly Migration[];
}

/**
 * | cause                                                              | StoreError code  |
 * |--------------------------------------------------------------------|------------------|
 * | SQLITE_READONLY*                                                   | readOnly         |
 * | SQLITE_FULL                                                        | diskFull         |
 * | SQLITE_CORRUPT*, SQLITE_NOTADB                                     | corrupt          |
 * | SQLITE_CANTOPEN*, SQLITE_BUSY*, SQLITE_LOCKED*, SQLITE_IOERR*, SQLITE_PROTOCOL | storeUnavailable |
 * | CryptoError (wrong notes key, tampered note)                       | badKey           |
 * | anything else                                                      | passed unchanged |
 */
export function storeErrorFrom(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  if (error instanceof CryptoError) return new StoreError('badKey', undefined, { cause: error });
  if (isSqliteError(error)) {
    const code = error.code;
    const mapped = code.startsWith('SQLITE_READONLY')
      ? 'readOnly'
      : code === 'SQLITE_FULL'
        ? 'diskFull'
        : code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
          ? 'corrupt'
          : /^SQLITE_(CANTOPEN|BUSY|LOCKED|IOERR|PROTOCOL)/.test(code)
            ? 'storeUnavailable'
            : null;
    if (mapped) return new StoreError(mapped, undefined, { cause: error });
  }
  return error;
}

/**
 * By name, not `instanceof`: the native addon throws instances of whichever SqliteError class was
 * registered last, which is another class (even from another realm, with another `Error`) when the
 * module was loaded twice, as jest does per test file.
 */
function isSqliteError(error: unknown): error is Error & { code: string } {
  return nameOf(error) === 'SqliteError' && typeof (error as { code?: unknown }).code === 'string';
}

/** Creates the folder and an empty file readable by this user only, before SQLite opens it. */
function prepareFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
}

/** Each migration in `BEGIN IMMEDIATE`: processes that open the file together queue on its lock. */
function sqliteMigrationTarget(db: Database.Database, now: () => string): MigrationTarget {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const recorded = () => db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  return {
    recorded: async () => recorded(),
    apply: async (migration) =>
      db
        .transaction(() => {
          // Checked inside the write lock: another process may have applied it meanwhile.
          if (recorded().includes(migration.version)) return;
          db.exec(migration.sql);
          SQLITE_DATA_STEPS[migration.version]?.(db);
          record.run(migration.version, migration.name, now());
        })
        .immediate(),
    errorFrom: storeErrorFrom,
  };
}

/** The audit walk (audit-walk.ts) in one read transaction: one version of the table and its anchor. */
function verifyAuditTable(db: Database.Database): AuditVerification {
  return db.transaction(() => readSqlite(new SqliteRunner(db), walkAuditChain('sqlite')))();
}

/** What the SQLite store does its own way (sql-case-store.ts has the rest of the port). */
class SqliteStore implements StoreDialect {
  private closed = false;
  readonly reminders: Reminders;
  readonly programs: SqlitePrograms;
  private readonly hr: SqliteHrProjection;
  private readonly turns: SqliteGroupCommit<TurnWrite, CommitResult>;

  constructor(
    private readonly db: Database.Database,
    notesKeys: NotesKeyRing,
    caseKeySecret: Buffer,
  ) {
    this.hr = new SqliteHrProjection(db);
    this.programs = new SqlitePrograms(
      db,
      new SqliteRunner(db),
      {
        foldHr: (caseId, entries) => {
          const key = caseKey(caseKeySecret, caseId);
          return this.hr.fold(key, entries) ? key : null;
        },
      },
      <X>(work: () => X) => this.guard(work),
    );
    this.reminders = new Reminders(this.programs);
    this.hr.repair();
    const turnCommit = new TurnCommit(this.programs, this.reminders, notesKeys);
    // Each turn in a savepoint of its own: its transaction nests in the batch's.
    const writeTurn = (turn: TurnWrite) => db.transaction(() => this.programs.now(turnCommit.write(turn))).immediate();
    this.turns = new SqliteGroupCommit(db, writeTurn, <X>(work: () => X) => this.guard(work));
  }

  /** Turns that arrive together share one transaction and one fsync (sqlite-group-commit.ts). */
  async commit(turn: TurnWrite): Promise<CommitResult> {
    return this.turns.run(turn);
  }

  async verifyAudit(): Promise<AuditVerification> {
    return this.guard(() => verifyAuditTable(this.db));
  }

  async hrAggregates(quarters: string[]): Promise<HrAggregateRow[]> {
    return this.guard(() => this.hr.aggregates(quarters));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }

  private guard<T>(work: () => T): T {
    if (this.closed) throw new StoreError('storeUnavailable', 'closed');
    try {
      return work();
    } catch (error) {
      throw storeErrorFrom(error);
    }
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<CaseStore> {
  const notesKeys = asKeyRing(options.notesKey);
  assertStoreKeys(notesKeys, options.caseKeySecret);
  const clock = options.clock ?? (() => new Date());
  const migrations = options.migrations ?? migrationsFor('sqlite');
  let db: Database.Database | undefined;
  try {
    prepareFile(options.file);
    db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    await applyMigrations(sqliteMigrationTarget(db, () => clock().toISOString()), migrations);
    return new SqlCaseStore(new SqliteStore(db, notesKeys, options.caseKeySecret), notesKeys, clock);
  } catch (error) {
    db?.close();
    const mapped = storeErrorFrom(error);
    if (mapped instanceof StoreError) throw mapped;
    if (nameOf(error) === 'TypeError') throw new StoreError('storeUnavailable', undefined, { cause: error });
    const fsCode = errnoCodeOf(error);
    if (fsCode) throw new StoreError(fsErrorCode(fsCode), undefined, { cause: error });
    throw error;
  }
}

/** better-sqlite3 reports a missing folder or a closed connection as a TypeError. */
function nameOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
}

/** `ENOSPC`, `EACCES`, … from node:fs; by shape, since such errors may come from another realm. */
function errnoCodeOf(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

function fsErrorCode(code: string): 'readOnly' | 'diskFull' | 'storeUnavailable' {
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'readOnly';
  if (code === 'ENOSPC') return 'diskFull';
  return 'storeUnavailable';
}

/**
 * Verifies the audit chain of a store file without keys and without writing (for
 * `npm run verify-audit`). Throws StoreError `storeUnavailable` when the file does not exist.
 */
export function verifySqliteAuditFile(file: string): AuditVerification {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return verifyAuditTable(db);
  } catch (error) {
    const mapped = storeErrorFrom(error);
    if (mapped instanceof StoreError) throw mapped;
    if (nameOf(error) === 'TypeError') throw new StoreError('storeUnavailable', undefined, { cause: error });
    throw error;
  } finally {
    db?.close();
  }
}
