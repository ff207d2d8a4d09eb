/**
 * The query layer compiles a query once and fills its slots per call, for both dialects; SQLite
 * runs it synchronously with one prepared statement per SQL text.
 */
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { Prepared, queryBuilder, SqliteRunner } from '../../../bot/store/query-layer';

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
      expect(run.first(byOwner.with({ owner: 'someone else' }))).toBeUndefined();
    } finally {
      sqlite.close();
    }
  });
});
