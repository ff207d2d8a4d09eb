/**
 * The query layer compiles a query once and fills its slots per call, for both dialects; SQLite
 * runs it synchronously with one prepared statement per SQL text.
 */
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { inByteOrder, oneOf, Prepared, queryBuilder, SqliteRunner } from '../../../bot/store/query-layer';

describe('the query layer', () => {
  it.each([
    ['sqlite', 'select "id", "step" from "cases" where "owner_id" = ? and "revision" > ?'],
    ['postgres', 'select "id", "step" from "cases" where "owner_id" = $1 and "revision" > $2'],
  ] as const)('compiles a query once for %s and fills its slots per call', (dialect, sql) => {
    const db = queryBuilder(dialect);
    const byOwner = Prepared.of<{ owner: string }, { id: string; step: string }>((slot) =>
      db.selectFrom('cases').select(['id', 'step']).where('owner_id', '=', slot('owner')).where('revision', '>', 1),
    );
    expect(byOwner.with({ owner: 'a' })).toMatchObject({ sql, parameters: ['a', 1] });
    expect(byOwner.with({ owner: 'b' }).parameters).toEqual(['b', 1]);
  });

  it('runs compiled queries on SQLite, with booleans stored as 1 and 0', () => {
    const sqlite = new Database(':memory:');
    try {
      sqlite.exec('CREATE TABLE cases (id TEXT PRIMARY KEY, owner_id TEXT, revision INTEGER)');
      const db = queryBuilder('sqlite');
      const run = new SqliteRunner(sqlite);
      expect(run.run(sql`INSERT INTO cases (id, owner_id, revision) VALUES (${'c1'}, ${'m1'}, ${true})`.compile(db))).toBe(1);
      const byOwner = Prepared.of<{ owner: string }, { id: string; revision: number }>((slot) =>
        db.selectFrom('cases').select(['id', 'revision']).where('owner_id', '=', slot('owner')),
      );
      expect(run.all(byOwner.with({ owner: 'm1' }))).toEqual([{ id: 'c1', revision: 1 }]);
      expect(run.all(byOwner.with({ owner: 'someone else' }))).toEqual([]);
    } finally {
      sqlite.close();
    }
  });

  it.each([
    ['sqlite', 'select "id" from "notes" where "key_id" IN (SELECT value FROM json_each(?)) and "created_at" >= ?', [['k1', 'k2'], 'x']],
    ['postgres', 'select "id" from "notes" where "key_id" = ANY ($1::text[]) and "created_at" COLLATE "C" >= $2', [['k1', 'k2'], 'x']],
  ] as const)('names the dialects’ differences in %s: a list in one parameter whatever its length, instants in byte order', (dialect, sql, parameters) => {
    const db = queryBuilder(dialect);
    const query = db.selectFrom('notes').select('id').where(oneOf(dialect, 'key_id', ['k1', 'k2'])).where(inByteOrder(dialect, 'created_at'), '>=', 'x').compile();
    expect(query).toMatchObject({ sql, parameters });
  });

  it('reads a list from one JSON parameter on SQLite, for any length, and runs a write asked for its rows', () => {
    const sqlite = new Database(':memory:');
    try {
      sqlite.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, key_id TEXT); INSERT INTO notes (key_id) VALUES ('a'), ('b'), ('c')");
      const db = queryBuilder('sqlite');
      const run = new SqliteRunner(sqlite);
      const ids = (keys: string[]) => run.all(db.selectFrom('notes').select('key_id').where(oneOf('sqlite', 'key_id', keys)).orderBy('id').compile()).map((row) => row.key_id);
      expect(ids(['a', 'c'])).toEqual(['a', 'c']);
      expect(ids([])).toEqual([]);
      // A write without RETURNING answers no rows (and is done), where better-sqlite3's own `all` refuses it.
      expect(run.all(db.deleteFrom('notes').where('key_id', '=', 'a').compile())).toEqual([]);
      expect(ids(['a', 'b'])).toEqual(['b']);
    } finally {
      sqlite.close();
    }
  });
});
