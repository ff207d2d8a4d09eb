/**
 * A store algorithm written once for both stores (issue 20 §1): a "program" is a generator that
 * yields the steps it needs — a compiled query (query-layer.ts), an audit row, HR log rows — and
 * receives each step's answer. Each store drives it its own way:
 *
 * - SQLite synchronously, inside its `BEGIN IMMEDIATE` transaction (or inside the turn's savepoint
 *   of the group commit, sqlite-group-commit.ts), so nothing of another caller interleaves and no
 *   turn is acknowledged before its COMMIT;
 * - PostgreSQL awaiting each step on the transaction's client, with the row locks the program asks
 *   for (`forUpdate` in query-layer.ts) and the audit chain's lock taken where the program yields
 *   its audit rows — last, after its other writes, so the chain lock is held briefly.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, CompiledQuery } from 'kysely';
import type { ClientBase, Pool, PoolClient } from 'pg';
import { ADVISORY_LOCKS, lockUntilCommit as lockUntilCommitOn, tryLockUntilCommit as tryLockUntilCommitOn } from './postgres-locks';
import { postgresRows, postgresRun, Prepared, queryBuilder } from './query-layer';
import type { SqlDialect, SqliteRunner } from './query-layer';
import type { SqlBigint, StoreSchema } from './store-schema';
import { chainAuditRecord } from '../audit';
import type { AuditEntry, HrLogEntry } from './store-rows';

export type StoreStep =
  | { kind: 'rows'; query: CompiledQuery<unknown> }
  | { kind: 'run'; query: CompiledQuery<unknown> }
  /** Extends the audit chain in the program's transaction. */
  | { kind: 'audit'; entries: AuditEntry[] }
  /** A case's HR log rows and their projection, in the program's transaction. */
  | { kind: 'hrLog'; caseId: string; entries: HrLogEntry[] }
  | { kind: 'lock'; lock: StoreLock; wait: boolean };

/**
 * PostgreSQL's transaction-level advisory locks (postgres-locks.ts), held until COMMIT. SQLite's
 * one writer (`BEGIN IMMEDIATE`) holds them all already: there a lock is always taken at once.
 */
export type StoreLock = 'auditChain' | 'purge' | 'hrAggregates';

export type StoreProgram<T> = Generator<StoreStep, T, unknown>;

/** The rows a query returns. */
export function* rows<Row>(query: CompiledQuery<Row>): StoreProgram<Row[]> {
  return (yield { kind: 'rows', query }) as Row[];
}

export function* firstRow<Row>(query: CompiledQuery<Row>): StoreProgram<Row | undefined> {
  return (yield* rows(query))[0];
}

/** A write; the number of rows it changed. */
export function* run(query: CompiledQuery): StoreProgram<number> {
  return (yield { kind: 'run', query }) as number;
}

export function* appendAudit(...entries: AuditEntry[]): StoreProgram<void> {
  if (entries.length > 0) yield { kind: 'audit', entries };
}

export function* writeHrLog(caseId: string, entries: HrLogEntry[]): StoreProgram<void> {
  yield { kind: 'hrLog', caseId, entries };
}

/**
 * A step of a program run on a bare connection, without the store (the audit walk, a migration's
 * data step): a read, or a write when the caller holds a write transaction. Outside one, a write
 * (or an audit row without the chain's lock) is a mistake.
 */
function statementStep(step: StoreStep, writes: boolean): { query: CompiledQuery<unknown>; write: boolean } {
  if (step.kind === 'rows' || (writes && step.kind === 'run')) return { query: step.query, write: step.kind === 'run' };
  throw new Error(`a ${writes ? 'migration' : 'read'} program cannot ${step.kind}`);
}

/** A program synchronously on one SQLite connection, in whatever transaction its caller holds (or none). */
export function readSqlite<T>(runner: SqliteRunner, program: StoreProgram<T>, writes = false): T {
  for (let next = program.next(); ; ) {
    if (next.done) return next.value;
    const { query, write } = statementStep(next.value, writes);
    next = program.next(write ? runner.run(query) : runner.all(query));
  }
}

/** A program on the pool (each statement sees the latest commit) or on a client in its caller's transaction. */
export async function readPostgres<T>(client: Pool | ClientBase, program: StoreProgram<T>, writes = false): Promise<T> {
  for (let next = program.next(); ; ) {
    if (next.done) return next.value;
    const { query, write } = statementStep(next.value, writes);
    next = program.next(write ? await postgresRun(client, query) : await postgresRows(client, query));
  }
}

/** Waits for `lock` (PostgreSQL), as a statement of its own, so the statements after it see what its holder committed. */
export function* lockUntilCommit(lock: StoreLock): StoreProgram<void> {
  yield { kind: 'lock', lock, wait: true };
}

/** Takes `lock` if nobody holds it (PostgreSQL); false when another transaction does. */
export function* tryLockUntilCommit(lock: StoreLock): StoreProgram<boolean> {
  return (yield { kind: 'lock', lock, wait: false }) as boolean;
}

/**
 * Extends the audit chain (bot/audit.ts) from its last row, or from its anchor when a purge left
 * none, in the program's transaction: PostgreSQL first takes the chain's lock, held until COMMIT
 * (a program yields its audit rows last, so the lock is held briefly); SQLite's one writer holds
 * the chain already.
 */
class AuditChain {
  private readonly head: CompiledQuery<{ seq: SqlBigint; hash: string }>;
  private readonly anchor: CompiledQuery<{ seq: SqlBigint; hash: string }>;

  constructor(private readonly db: Kysely<StoreSchema>) {
    this.head = db.selectFrom('audit').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).compile();
    this.anchor = db.selectFrom('audit_anchor').select(['seq', 'hash']).where('id', '=', 1).compile();
  }

  *append(entries: AuditEntry[]): StoreProgram<void> {
    yield* lockUntilCommit('auditChain');
    const head = (yield* firstRow(this.head)) ?? (yield* firstRow(this.anchor));
    // PostgreSQL returns the bigint seq as a string.
    let previous = head ? { seq: Number(head.seq), hash: head.hash } : null;
    const records = entries.map((entry) => (previous = chainAuditRecord(previous, entry)));
    yield* run(
      this.db
        .insertInto('audit')
        .values(records.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, case_id: r.caseId, detail: r.detail, prev_hash: r.prevHash, hash: r.hash })))
        .compile(),
    );
  }
}

/**
 * A case's HR log rows, once the store folded them into its projection (sqlite-hr.ts,
 * postgres-hr.ts), under the case key. SQLite has no arrays: it keeps the categories as comma text.
 */
class HrLogWriter {
  private readonly insert: Prepared<HrLogValues, never>;

  constructor(
    db: Kysely<StoreSchema>,
    private readonly dialect: SqlDialect,
  ) {
    this.insert = Prepared.of<HrLogValues, never>((slot) =>
      db.insertInto('hr_log').values({
        case_key: slot('caseKey'),
        rung: slot('rung'),
        route: slot('route'),
        transition: slot('transition'),
        outcome: slot('outcome'),
        categories: slot('categories'),
        source: slot('source'),
        org_unit: slot('orgUnit'),
        iso_week: slot('isoWeek'),
        days_since_signal: slot('daysSinceSignal'),
        deadline_met: slot('deadlineMet'),
      }),
    );
  }

  *write(caseKey: string, entries: HrLogEntry[]): StoreProgram<void> {
    for (const entry of entries) {
      const categories = this.dialect === 'sqlite' ? entry.categories.join(',') : entry.categories;
      yield* run(this.insert.with({ ...entry, caseKey, categories }));
    }
  }
}

// A type, not an interface: Prepared's slots need an index signature.
type HrLogValues = Omit<HrLogEntry, 'categories'> & { caseKey: string; categories: string | string[] };

/** What a store module needs of its store: the builder of its dialect, and the two ways to run a program. */
export interface ProgramRunner {
  readonly dialect: SqlDialect;
  readonly db: Kysely<StoreSchema>;
  /** In one write transaction of its own; an error rolls all of it back. */
  write<T>(program: () => StoreProgram<T>): Promise<T>;
  /** Outside a transaction, for programs that only read (each statement sees the latest commit). */
  read<T>(program: () => StoreProgram<T>): Promise<T>;
  /**
   * One statement that may write (an `UPDATE … RETURNING`), atomic on its own: its rows. PostgreSQL
   * runs it without BEGIN/COMMIT round trips; SQLite in `BEGIN IMMEDIATE`, since a write that began
   * as a read fails at once (SQLITE_BUSY) when another process wrote meanwhile, instead of waiting.
   */
  statement<Row>(query: CompiledQuery<Row>): Promise<Row[]>;
}

/**
 * How the SQLite store folds a case's HR log rows into its projection, inside its write lock: the
 * case key to log them under, or null when they must not be logged (a case whose HR history was
 * purged while it stayed open is not counted twice).
 */
export interface SqliteSteps {
  foldHr(caseId: string, entries: HrLogEntry[]): string | null;
}

export class SqlitePrograms implements ProgramRunner {
  readonly dialect = 'sqlite';
  readonly db = queryBuilder('sqlite');
  private readonly audit = new AuditChain(this.db);
  private readonly hrLog = new HrLogWriter(this.db, 'sqlite');

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly runner: SqliteRunner,
    private readonly steps: SqliteSteps,
    /** The store's error mapping and closed check. */
    private readonly guard: <X>(work: () => X) => X,
  ) {}

  /** Synchronously, in the caller's transaction (a turn's savepoint in the group commit). */
  now<T>(program: StoreProgram<T>): T {
    for (let next = program.next(); ; ) {
      if (next.done) return next.value;
      next = program.next(this.step(next.value));
    }
  }

  /** `BEGIN IMMEDIATE`: writers of several processes queue on the file lock instead of failing half-way. */
  write<T>(program: () => StoreProgram<T>): Promise<T> {
    return this.settled(() => this.sqlite.transaction(() => this.now(program())).immediate());
  }

  read<T>(program: () => StoreProgram<T>): Promise<T> {
    return this.settled(() => readSqlite(this.runner, program()));
  }

  statement<Row>(query: CompiledQuery<Row>): Promise<Row[]> {
    return this.settled(() => this.sqlite.transaction(() => this.runner.all(query)).immediate());
  }

  /** SQLite answers synchronously; a thrown (guarded) error becomes a rejected promise, as of PostgreSQL. */
  private settled<T>(work: () => T): Promise<T> {
    return new Promise((resolve) => resolve(this.guard(work)));
  }

  private step(step: StoreStep): unknown {
    switch (step.kind) {
      case 'rows':
        return this.runner.all(step.query);
      case 'run':
        return this.runner.run(step.query);
      case 'audit':
        return this.now(this.audit.append(step.entries));
      case 'hrLog': {
        const key = this.steps.foldHr(step.caseId, step.entries);
        return key === null ? undefined : this.now(this.hrLog.write(key, step.entries));
      }
      case 'lock':
        return true;
    }
  }
}

/** SqliteSteps of PostgreSQL, on the transaction's client (which holds the case row's lock). */
export interface PostgresSteps {
  foldHr(client: PoolClient, caseId: string, entries: HrLogEntry[]): Promise<string | null>;
}

/** BEGIN … COMMIT on one pooled connection (postgres.ts retries a connection that was already dead). */
export type InTransaction = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

export class PostgresPrograms implements ProgramRunner {
  readonly dialect = 'postgres';
  readonly db = queryBuilder('postgres');
  private readonly audit = new AuditChain(this.db);
  private readonly hrLog = new HrLogWriter(this.db, 'postgres');

  constructor(
    private readonly pool: Pool,
    private readonly transaction: InTransaction,
    private readonly steps: PostgresSteps,
    /** The store's error mapping and closed check. */
    private readonly guard: <X>(work: () => Promise<X>) => Promise<X>,
  ) {}

  /** Awaiting each step on `client`, in the caller's transaction. */
  async on<T>(client: PoolClient, program: StoreProgram<T>): Promise<T> {
    for (let next = program.next(); ; ) {
      if (next.done) return next.value;
      next = program.next(await this.step(client, next.value));
    }
  }

  write<T>(program: () => StoreProgram<T>): Promise<T> {
    return this.guard(() => this.transaction((client) => this.on(client, program())));
  }

  read<T>(program: () => StoreProgram<T>): Promise<T> {
    return this.guard(() => readPostgres(this.pool, program()));
  }

  statement<Row>(query: CompiledQuery<Row>): Promise<Row[]> {
    return this.guard(() => postgresRows(this.pool, query));
  }

  private async step(client: PoolClient, step: StoreStep): Promise<unknown> {
    switch (step.kind) {
      case 'rows':
        return postgresRows(client, step.query);
      case 'run':
        return postgresRun(client, step.query);
      case 'audit':
        return this.on(client, this.audit.append(step.entries));
      case 'hrLog': {
        const key = await this.steps.foldHr(client, step.caseId, step.entries);
        return key === null ? undefined : this.on(client, this.hrLog.write(key, step.entries));
      }
      case 'lock':
        return step.wait ? lockUntilCommitOn(client, ADVISORY_LOCKS[step.lock]) : tryLockUntilCommitOn(client, ADVISORY_LOCKS[step.lock]);
    }
  }
}
