import fc from 'fast-check';
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import { aggregatesOfCases, HR_AGGREGATE_SIGNATURE } from '../../../flows/hr/cells';
import type { HrAggregateRow } from '../../../flows/hr/cells';
import { projectHrCase } from '../../../flows/hr/projection';
import { caseKey } from '../../../bot/crypto';
import type { CaseStore, HrLogEntry } from '../../../bot/store/case-store';
import { hrCaseValues, HR_CASE_SQL_COLUMNS } from '../../../bot/store/hr-sql';
import { migrationsFor } from '../../../bot/store/migrate';
import { migratePostgres, openPostgresStore } from '../../../bot/store/postgres';
import { PostgresHrProjection } from '../../../bot/store/postgres-hr';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { randomWalkEntries } from '../hr/helpers/hr-entries';
import { commitHrCase, hrContract } from './contract/hr';
import { migrationsUpTo, newKeys } from './fixtures/store';
import { postgresHarness } from './fixtures/harness';
import type { StoreHarness } from './fixtures/harness';

hrContract(postgresHarness);

const YEAR = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
const UNITS = ['Beleid', 'Staf', 'Toezicht', 'Uitvoering'];
const keys = newKeys();
const byQuarterAndUnit = (rows: HrAggregateRow[]) => [...rows].sort((a, b) => `${a.quarter}/${a.orgUnit}`.localeCompare(`${b.quarter}/${b.orgUnit}`));
/** `n` walks of HR entries (none empty), a unit each: deterministic, so a failure can be replayed. */
const walks = (n: number, seed: number) =>
  fc
    .sample(fc.array(fc.nat(40), { minLength: 1, maxLength: 12 }).map(randomWalkEntries).filter((walk) => walk.length > 0), { numRuns: n, seed })
    .map((walk, index) => walk.map((entry) => ({ ...entry, orgUnit: UNITS[index % UNITS.length]! })));
/** What the aggregates must be: the pure fold of every case's entries. */
const expectedOf = (cases: Array<[string, HrLogEntry[]]>) => aggregatesOfCases(cases.map(([id, entries]) => projectHrCase(null, caseKey(keys.caseKeySecret, id), entries)!));

describe('HR aggregate parts on PostgreSQL', () => {
  const harnesses: StoreHarness[] = [];
  const pools: Pool[] = [];
  const databases: TestDatabase[] = [];

  async function fresh(label: string): Promise<{ harness: StoreHarness; store: CaseStore }> {
    const harness = await postgresHarness(label);
    harnesses.push(harness);
    return { harness, store: await harness.open(keys) };
  }

  /** A projection with its own pool and a low compaction threshold, on the harness's database. */
  function projection(url: string, compactAboveParts: number, options: { readOnly?: boolean } = {}): PostgresHrProjection {
    const pool = new Pool({ connectionString: url, ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}) });
    pools.push(pool);
    const transaction = async <T>(work: (db: PoolClient) => Promise<T>): Promise<T> => {
      const db = await pool.connect();
      try {
        await db.query('BEGIN');
        const result = await work(db);
        await db.query('COMMIT');
        return result;
      } catch (error) {
        await db.query('ROLLBACK');
        throw error;
      } finally {
        db.release();
      }
    };
    return new PostgresHrProjection(pool, transaction, compactAboveParts);
  }

  afterAll(async () => {
    for (const pool of pools) await pool.end();
    for (const harness of harnesses) await harness.dispose();
    for (const database of databases) await database.drop();
  });

  it('adds up turns that commit at the same moment, on several connections and two instances', async () => {
    const { harness, store } = await fresh('hr-parts-concurrent');
    const second = await harness.open(keys);
    const cases = walks(40, 7).map((entries, index): [string, HrLogEntry[]] => [`concurrent-${index}`, entries]);
    await Promise.all(cases.map(([id, entries], index) => commitHrCase(index % 2 === 0 ? store : second, id, entries)));
    expect(byQuarterAndUnit(await store.hrAggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(cases)));
    expect(byQuarterAndUnit(await second.hrAggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(cases)));
    await second.close();
    await store.close();
  });

  it('compacts many parts into one per quarter and unit, losing nothing that commits meanwhile', async () => {
    const { harness, store } = await fresh('hr-parts-compact');
    const all = walks(60, 11).map((entries, index): [string, HrLogEntry[]] => [`compact-${index}`, entries]);
    const [before, during] = [all.slice(0, 30), all.slice(30)];
    for (const [id, entries] of before) await commitHrCase(store, id, entries);
    const partsBefore = await harness.count('hr_aggregate_parts');
    expect(partsBefore).toBeGreaterThan(30);

    const compacting = projection(harness.workerEnv.WORKER_DATABASE_URL!, 10);
    // Compactions race the turns of thirty more cases, and each other.
    await Promise.all([...during.map(([id, entries]) => commitHrCase(store, id, entries)), compacting.compact(YEAR), compacting.compact(YEAR), compacting.compact(YEAR)]);
    expect(byQuarterAndUnit(await store.hrAggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(all)));

    // Reading with more parts than the threshold compacts them: one part per (quarter, unit) is left.
    expect(byQuarterAndUnit(await compacting.aggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(all)));
    expect(await harness.count('hr_aggregate_parts')).toBe(expectedOf(all).length);
    expect(byQuarterAndUnit(await store.hrAggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(all)));
    await store.close();
  });

  it('answers in full when compacting fails, and keeps the parts for the next read', async () => {
    const { harness, store } = await fresh('hr-parts-read-only');
    const cases = walks(24, 13).map((entries, index): [string, HrLogEntry[]] => [`read-only-${index}`, entries]);
    for (const [id, entries] of cases) await commitHrCase(store, id, entries);
    const parts = await harness.count('hr_aggregate_parts');
    expect(parts).toBeGreaterThan(2 * expectedOf(cases).length);
    // A standby: reading works, writing does not, so the compaction the read starts fails.
    const standby = projection(harness.workerEnv.WORKER_DATABASE_URL!, 1, { readOnly: true });
    expect(byQuarterAndUnit(await standby.aggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(cases)));
    expect(await harness.count('hr_aggregate_parts')).toBe(parts);
    await store.close();
  });

  it('stores only counts per quarter and unit: no case key, no owner', async () => {
    const { harness, store } = await fresh('hr-parts-columns');
    await commitHrCase(store, 'columns', walks(1, 3)[0]!);
    expect((await harness.columns('hr_aggregate_parts')).sort()).toEqual(['counts', 'days', 'id', 'org_unit', 'quarter', 'signature']);
    await store.close();
  });

  it('recomputes the parts from the projection when they follow another cell catalogue', async () => {
    const { harness, store } = await fresh('hr-parts-signature');
    const cases = walks(12, 5).map((entries, index): [string, HrLogEntry[]] => [`signature-${index}`, entries]);
    for (const [id, entries] of cases) await commitHrCase(store, id, entries);
    await store.close();
    // Parts written by code with another catalogue: their counts mean something else.
    await harness.exec(`UPDATE hr_aggregate_parts SET signature = 'an-older-one', counts = replace(counts, '1', '7')`);

    const reopened = await harness.open(keys);
    expect(byQuarterAndUnit(await reopened.hrAggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(cases)));
    expect(await harness.rows(`SELECT DISTINCT signature FROM hr_aggregate_parts`)).toEqual([{ signature: HR_AGGREGATE_SIGNATURE }]);
    await reopened.close();
  });

  it('are filled from the projection when a database from before migration 006 opens', async () => {
    const database = await createTestDatabase('hr-parts-upgrade');
    databases.push(database);
    // Before 006, but with the projection's columns of 009, so the cases keep every field the
    // cells count (the route kind, the outcomes of the new steps).
    const migrations = [...migrationsUpTo('postgres', 5), ...migrationsFor('postgres').filter(({ version }) => version === 9)];
    await migratePostgres({ connectionString: database.url, migrations });
    const cases = walks(10, 9).map((entries, index): [string, HrLogEntry[]] => [`upgrade-${index}`, entries]);
    const pool = new Pool({ connectionString: database.url });
    pools.push(pool);
    for (const [id, entries] of cases) {
      const values = hrCaseValues(projectHrCase(null, caseKey(keys.caseKeySecret, id), entries)!);
      await pool.query(`INSERT INTO hr_cases (${HR_CASE_SQL_COLUMNS.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    }
    const store = await openPostgresStore({ connectionString: database.url, ...keys });
    expect(byQuarterAndUnit(await store.hrAggregates(YEAR))).toEqual(byQuarterAndUnit(expectedOf(cases)));
    await store.close();
  });
});
