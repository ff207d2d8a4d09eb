/**
 * The PostgreSQL side of the HR tables: the per-case projection (`hr_cases`) folded inside the
 * turn's transaction, exactly as in SQLite (flows/hr/projection.ts), and HR's aggregates kept as
 * additive parts (`hr_aggregate_parts`, migration 006).
 *
 * SQLite keeps one aggregate row per (quarter, unit) and rewrites it in every turn; here every
 * turn of a unit would then write that one row, and the instances would queue on its lock. So the
 * turn inserts a *part* instead — what its change adds to the row (aggregateChange in
 * flows/hr/cells.ts) — in the same statement that saves the projection. Reading sums the parts of
 * the quarters asked for, and when they have become many, replaces them by their sums in one
 * transaction: parts that turns insert meanwhile stay as they are, so nothing is counted twice or
 * lost, however instances interleave.
 */
import { sql } from 'kysely';
import type { ClientBase, Pool, PoolClient } from 'pg';
import { aggregateChange, aggregatesOfCases, HR_AGGREGATE_SIGNATURE, isEmptyAggregate, sumAggregates } from '../../flows/hr/cells';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { projectHrCase, startsHrCase } from '../../flows/hr/projection';
import type { HrCase } from '../../flows/hr/projection';
import type { HrLogEntry } from './store-rows';
import { aggregateFromRecord, aggregateValues, assertQuarters, HR_LOG_COLUMNS, hrCaseFromRecord, projectionsFromLog, selectHrCases, upsertHrCase } from './hr-sql';
import type { HrLogRecord } from './hr-sql';
import { HR_AGGREGATES_LOCK, lockUntilCommit } from './postgres-locks';
import { postgresRows, postgresRun, queryBuilder } from './query-layer';
import type { InTransaction } from './store-program';

/** The default of PostgresHrProjection's compactAboveParts (a year of 200 units has 800 rows). */
const COMPACT_ABOVE_PARTS = 2_000;

/** Compiles this store's statements (query-layer.ts). */
const builder = queryBuilder('postgres');

const SQL = {
  lockProjection: 'LOCK TABLE hr_cases IN SHARE ROW EXCLUSIVE MODE',
  projectionIsEmpty: 'SELECT NOT EXISTS (SELECT 1 FROM hr_cases) AND EXISTS (SELECT 1 FROM hr_log) AS missing',
  aggregatesAreStale: `SELECT EXISTS (SELECT 1 FROM hr_aggregate_parts WHERE signature <> $1)
    OR (EXISTS (SELECT 1 FROM hr_cases) AND NOT EXISTS (SELECT 1 FROM hr_aggregate_parts)) AS stale`,
  selectLog: `SELECT ${HR_LOG_COLUMNS} FROM hr_log ORDER BY id`,
  deleteAllParts: 'DELETE FROM hr_aggregate_parts',
  selectParts: 'SELECT quarter, org_unit, counts, days FROM hr_aggregate_parts WHERE quarter = ANY ($1::text[])',
  takeParts: 'DELETE FROM hr_aggregate_parts WHERE quarter = ANY ($1::text[]) RETURNING quarter, org_unit, counts, days',
  insertParts: `INSERT INTO hr_aggregate_parts (quarter, org_unit, signature, counts, days)
    SELECT quarter, org_unit, $5, counts, days FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS part (quarter, org_unit, counts, days)`,
} as const;

interface PartRecord {
  quarter: string;
  org_unit: string;
  counts: string;
  days: string;
}

export class PostgresHrProjection {
  constructor(
    private readonly pool: Pool,
    private readonly transaction: InTransaction,
    /** More parts than this for the quarters read (and more than two per row), and reading compacts them. */
    private readonly compactAboveParts = COMPACT_ABOVE_PARTS,
  ) {}

  /**
   * Folds a turn's HR log rows into the case's projection; call inside the turn's transaction,
   * which holds the case row's lock, so turns on one case fold one after the other. False, and
   * nothing folded, when the rows must not be logged (startsHrCase).
   */
  async fold(client: PoolClient, caseKey: string, entries: readonly HrLogEntry[]): Promise<boolean> {
    if (entries.length === 0) return false;
    const [record] = await postgresRows(client, selectHrCases(caseKey).compile(builder));
    const previous = record ? hrCaseFromRecord(record) : null;
    if (!previous && !startsHrCase(entries)) return false;
    const next = projectHrCase(previous, caseKey, entries)!;
    const part = aggregateChange(previous, next);
    const { counts, days } = aggregateValues(part);
    // One round trip for both: a data-modifying WITH runs whether or not its result is read.
    const saved = isEmptyAggregate(part)
      ? upsertHrCase(next)
      : sql`WITH saved AS (${upsertHrCase(next)} RETURNING 1) INSERT INTO hr_aggregate_parts (quarter, org_unit, signature, counts, days)
          VALUES (${part.quarter}, ${part.orgUnit}, ${HR_AGGREGATE_SIGNATURE}, ${counts}, ${days})`;
    await postgresRun(client, saved.compile(builder));
    return true;
  }

  /**
   * On open: fills the projection from the HR log when it is empty but the log is not (a database
   * from before migration 003), and recomputes the aggregate parts from the projection when they
   * follow another cell catalogue (HR_AGGREGATE_SIGNATURE) or are missing (before migration 006).
   * The table lock stops turns from folding meanwhile and makes instances that open together do
   * it once.
   */
  async repair(): Promise<void> {
    const needed = async (db: Pool | PoolClient) => ({
      cases: (await db.query<{ missing: boolean }>(SQL.projectionIsEmpty)).rows[0]!.missing,
      aggregates: (await db.query<{ stale: boolean }>(SQL.aggregatesAreStale, [HR_AGGREGATE_SIGNATURE])).rows[0]!.stale,
    });
    const first = await needed(this.pool);
    if (!first.cases && !first.aggregates) return;
    await this.transaction(async (db) => {
      await lockHrForRecount(db);
      const now = await needed(db);
      if (now.cases) await saveHrCases(db, projectionsFromLog((await db.query<HrLogRecord>(SQL.selectLog)).rows));
      if (now.cases || now.aggregates) await recomputeParts(db);
    });
  }

  /** The aggregate rows of some quarters: the sums of their parts. */
  async aggregates(quarters: string[]): Promise<HrAggregateRow[]> {
    assertQuarters(quarters);
    const parts = (await this.pool.query<PartRecord>(SQL.selectParts, [quarters])).rows;
    const rows = sumAggregates(parts.map(aggregateFromRecord));
    if (parts.length > Math.max(this.compactAboveParts, 2 * rows.length)) {
      // Best effort: a compaction that fails (a read-only standby, a statement timeout) rolls back
      // and changes nothing; the parts stay and the next read tries again. The answer is complete.
      await this.compact(quarters).catch(() => undefined);
    }
    return rows;
  }

  /**
   * Replaces the parts of some quarters by one part per (quarter, unit): their sum. Only the parts
   * this transaction deletes are summed and written back, so a part a turn commits meanwhile is
   * either among them or left as it is. The lock keeps compactions and a recomputation at start-up
   * apart: a recomputation's delete must not miss the sums a compaction has just written.
   */
  async compact(quarters: string[]): Promise<void> {
    assertQuarters(quarters);
    await this.transaction(async (db) => {
      await lockUntilCommit(db, HR_AGGREGATES_LOCK);
      const taken = (await db.query<PartRecord>(SQL.takeParts, [quarters])).rows;
      await insertParts(db, sumAggregates(taken.map(aggregateFromRecord)));
    });
  }

}

/**
 * Saves projections folded outside a turn (migration 011); the caller recomputes the parts. Call
 * inside a transaction holding the projection's table lock (lockHrForRecount).
 */
export async function saveHrCases(client: ClientBase, cases: readonly HrCase[]): Promise<void> {
  for (const projection of cases) await postgresRun(client, upsertHrCase(projection).compile(builder));
}

/** Stops turns from folding and other instances from rewriting parts until the transaction ends. */
export async function lockHrForRecount(db: ClientBase): Promise<void> {
  await db.query(SQL.lockProjection);
  await lockUntilCommit(db, HR_AGGREGATES_LOCK);
}

/** Replaces every aggregate part by the parts of the projection as it is; call under lockHrForRecount. */
export async function recomputeParts(client: ClientBase): Promise<void> {
  const cases = (await postgresRows(client, selectHrCases().compile(builder))).map(hrCaseFromRecord);
  await client.query(SQL.deleteAllParts);
  await insertParts(client, aggregatesOfCases(cases));
}

/** Inserts aggregate rows as parts, in one statement (also the HR bench's writer). */
export async function insertParts(db: ClientBase, rows: readonly HrAggregateRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(aggregateValues);
  await db.query(SQL.insertParts, [rows.map((r) => r.quarter), rows.map((r) => r.orgUnit), values.map((v) => v.counts), values.map((v) => v.days), HR_AGGREGATE_SIGNATURE]);
}
