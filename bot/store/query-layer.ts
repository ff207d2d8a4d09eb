/**
 * One query layer for both stores (issue 20 §1). A query is written once with Kysely's builder and
 * compiled for the store's dialect; each store then runs the compiled SQL its own way:
 *
 * - SQLite synchronously on its better-sqlite3 connection, so a turn's writes and the group commit
 *   stay one synchronous task (sqlite-group-commit.ts) — Kysely's own SQLite driver would await
 *   between statements and let other statements of the same connection interleave;
 * - PostgreSQL on a pool or on the turn's client, inside the store's own transactions and locks.
 *
 * Kysely here only builds and compiles (its DummyDriver never connects). Compiling costs CPU on
 * every call, and better-sqlite3 would prepare each statement anew: a `Prepared` query is
 * compiled once with named slots, and SQLite prepares each distinct SQL text once.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  sql,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Compilable, CompiledQuery, RawBuilder, SqlBool } from 'kysely';
import type { ClientBase, Pool } from 'pg';
import type { StoreSchema } from './store-schema';

export type SqlDialect = 'sqlite' | 'postgres';

/** A query builder for the dialect that compiles and never connects. */
export function queryBuilder(dialect: SqlDialect): Kysely<StoreSchema> {
  const sqlite = dialect === 'sqlite';
  return new Kysely<StoreSchema>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

/**
 * `column` is one of `values`, in one SQL text whatever the list's length (one prepared statement):
 * SQLite reads the list from JSON (`json_each`), PostgreSQL binds it as one array (`= ANY`).
 */
export function oneOf(dialect: SqlDialect, column: string, values: readonly string[]): RawBuilder<SqlBool> {
  return dialect === 'sqlite'
    ? sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${sql.val(values)}))`
    : sql<SqlBool>`${sql.ref(column)} = ANY (${sql.val(values)}::text[])`;
}

/**
 * A text column compared in byte order, as instants are: SQLite compares text so; PostgreSQL
 * needs the "C" collation where the column has the database's (its index is on that expression).
 */
export function inByteOrder(dialect: SqlDialect, column: string): RawBuilder<string> {
  return dialect === 'sqlite' ? sql<string>`${sql.ref(column)}` : sql<string>`${sql.ref(column)} COLLATE "C"`;
}

/** A slot's marker while compiling: a value no caller passes, so it cannot be confused with data. */
const SLOT = Symbol('slot');
interface SlotMarker {
  [SLOT]: string;
}

function isSlot(value: unknown): value is SlotMarker {
  return typeof value === 'object' && value !== null && SLOT in value;
}

/**
 * A query compiled once, with named slots filled per call:
 * `prepare(db, (slot) => db.selectFrom('cases').selectAll().where('id', '=', slot('id')))`, then
 * `query.with({ id })`. A parameter that is no slot keeps the value it was compiled with.
 */
export class Prepared<Params extends Record<string, unknown>, Row> {
  private constructor(private readonly compiled: CompiledQuery<Row>) {}

  static of<Params extends Record<string, unknown>, Row>(
    build: (slot: <K extends keyof Params & string>(name: K) => Params[K]) => Compilable<Row>,
  ): Prepared<Params, Row> {
    const slot = (name: string) => ({ [SLOT]: name }) as unknown;
    return new Prepared<Params, Row>(build(slot as <K extends keyof Params & string>(name: K) => Params[K]).compile());
  }

  /** The compiled query with this call's values in its slots. */
  with(params: Params): CompiledQuery<Row> {
    return {
      ...this.compiled,
      parameters: this.compiled.parameters.map((value) => (isSlot(value) ? params[value[SLOT]] : value)),
    };
  }
}

/**
 * better-sqlite3 binds no booleans and no arrays: SQLite stores booleans as 1 and 0, and a list
 * goes as JSON text (which `oneOf` reads with json_each) — bound per call, so a list can be a slot.
 */
function sqliteValue(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : Array.isArray(value) ? JSON.stringify(value) : value;
}

/** Runs compiled queries on one better-sqlite3 connection, preparing each SQL text once. */
export class SqliteRunner {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  /** The rows of a query; none of a write without RETURNING (better-sqlite3 would refuse `all` there). */
  all<Row>(query: CompiledQuery<Row>): Row[] {
    const statement = this.statement(query);
    const values = query.parameters.map(sqliteValue);
    if (!statement.reader) {
      statement.run(...values);
      return [];
    }
    return statement.all(...values) as Row[];
  }

  /** A write; the number of rows it changed. */
  run(query: CompiledQuery): number {
    return this.statement(query).run(...query.parameters.map(sqliteValue)).changes;
  }

  private statement(query: CompiledQuery): BetterSqlite3.Statement {
    let statement = this.statements.get(query.sql);
    if (!statement) {
      statement = this.db.prepare(query.sql);
      this.statements.set(query.sql, statement);
    }
    return statement;
  }
}

/** Runs a compiled query on the pool or on a transaction's client. */
export async function postgresRows<Row>(client: Pool | ClientBase, query: CompiledQuery<Row>): Promise<Row[]> {
  const result = await client.query(query.sql, [...query.parameters]);
  return result.rows as Row[];
}

/** A write on the pool or a transaction's client; the number of rows it changed. */
export async function postgresRun(client: Pool | ClientBase, query: CompiledQuery): Promise<number> {
  const result = await client.query(query.sql, [...query.parameters]);
  return result.rowCount ?? 0;
}
