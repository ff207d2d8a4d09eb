/**
 * Writes generated HR data (hr-data.ts) straight into a store's HR tables — hr_log, the per-case
 * projection hr_cases and the per-(quarter, unit) aggregates (SQLite's hr_aggregates, PostgreSQL's
 * hr_aggregate_parts as compacted) — in bulk, with the column lists and value formats the stores
 * themselves use (bot/store/hr-sql.ts). The store is opened through its own code first, so the
 * schema is the migrated one.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { HR_AGGREGATE_SIGNATURE } from '../flows/hr/cells';
import type { HrAggregateRow } from '../flows/hr/cells';
import type { HrLogRow } from '../flows/hr/log';
import { aggregateValues, HR_CASE_SQL_COLUMNS, hrCaseValues } from '../bot/store/hr-sql';
import { generateHrCases } from './hr-data';
import type { HrCaseData, HrDataSpec } from './hr-data';
import { insertParts } from '../bot/store/postgres-hr';

const HR_LOG_COLUMNS = ['case_key', 'rung', 'transition', 'outcome', 'categories', 'source', 'org_unit', 'iso_week', 'days_since_signal', 'deadline_met'];

/** An HR log row as the SQLite store stores it: categories comma-joined, the deadline flag as 0/1. */
function sqliteHrLogValues(row: HrLogRow): unknown[] {
  const deadline = row.deadlineMet === null ? null : row.deadlineMet ? 1 : 0;
  return [row.caseKey, row.rung, row.transition, row.outcome, row.categories.join(','), row.source, row.orgUnit, row.isoWeek, row.daysSinceSignal, deadline];
}

/** For PostgreSQL's unnest: categories comma-joined here and split into text[] by the insert. */
function postgresHrLogValues(row: HrLogRow): unknown[] {
  return [row.caseKey, row.rung, row.transition, row.outcome, row.categories.join(','), row.source, row.orgUnit, row.isoWeek, row.daysSinceSignal, row.deadlineMet];
}

const POSTGRES_INSERT_HR_LOG = `INSERT INTO hr_log (${HR_LOG_COLUMNS.join(', ')})
  SELECT case_key, rung, transition, outcome, CASE WHEN categories = '' THEN '{}'::text[] ELSE string_to_array(categories, ',') END,
    source, org_unit, iso_week, days_since_signal, deadline_met
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::integer[], $10::boolean[])
    AS t(${HR_LOG_COLUMNS.join(', ')})`;

export interface Generated {
  rows: number;
  cases: number;
  /** Stored aggregate rows (SQLite only). */
  aggregateRows: number;
}

export function writeSqliteHrData(file: string, spec: HrDataSpec): Generated {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    const insertLog = db.prepare(`INSERT INTO hr_log (${HR_LOG_COLUMNS.join(', ')}) VALUES (${HR_LOG_COLUMNS.map(() => '?').join(', ')})`);
    const insertCase = db.prepare(`INSERT INTO hr_cases (${HR_CASE_SQL_COLUMNS.join(', ')}) VALUES (${HR_CASE_SQL_COLUMNS.map(() => '?').join(', ')})`);
    const upsertAggregate = db.prepare('INSERT OR REPLACE INTO hr_aggregates (quarter, org_unit, signature, counts, days) VALUES (?, ?, ?, ?, ?)');
    const aggregates = new Map<string, HrAggregateRow>();
    const generated: Generated = { rows: 0, cases: 0, aggregateRows: 0 };
    db.transaction(() => {
      for (const hrCase of generateHrCases(spec, aggregates)) {
        for (const row of hrCase.rows) insertLog.run(...sqliteHrLogValues(row));
        insertCase.run(...hrCaseValues(hrCase.projection));
        generated.rows += hrCase.rows.length;
        generated.cases += 1;
      }
      for (const row of aggregates.values()) {
        const { counts, days } = aggregateValues(row);
        upsertAggregate.run(row.quarter, row.orgUnit, HR_AGGREGATE_SIGNATURE, counts, days);
      }
    })();
    generated.aggregateRows = aggregates.size;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    return generated;
  } finally {
    db.close();
  }
}

const PG_BATCH_CASES = 5000;

/** `INSERT … SELECT * FROM unnest($1::text[], …)`: one statement per batch of rows. */
function unnestInsert(table: string, columns: string[], types: string[]): string {
  const arrays = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  return `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${arrays})`;
}

function columnsOf(rows: unknown[][], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));
}

export async function writePostgresHrData(connectionString: string, spec: HrDataSpec): Promise<Generated> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const caseTypes = await columnTypes(client, 'hr_cases', HR_CASE_SQL_COLUMNS);
    const insertCases = unnestInsert('hr_cases', HR_CASE_SQL_COLUMNS, caseTypes);
    const aggregates = new Map<string, HrAggregateRow>();
    const generated: Generated = { rows: 0, cases: 0, aggregateRows: 0 };
    const flush = async (batch: HrCaseData[]) => {
      const logRows = batch.flatMap((c) => c.rows.map(postgresHrLogValues));
      await client.query(POSTGRES_INSERT_HR_LOG, columnsOf(logRows, HR_LOG_COLUMNS.length));
      await client.query(insertCases, columnsOf(batch.map((c) => hrCaseValues(c.projection)), HR_CASE_SQL_COLUMNS.length));
      generated.rows += logRows.length;
      generated.cases += batch.length;
    };
    await client.query('BEGIN');
    let batch: HrCaseData[] = [];
    for (const hrCase of generateHrCases(spec, aggregates)) {
      batch.push(hrCase);
      if (batch.length === PG_BATCH_CASES) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await flush(batch);
    // The aggregates as the store keeps them after a compaction: one part per (quarter, unit).
    await insertParts(client, [...aggregates.values()]);
    generated.aggregateRows = aggregates.size;
    await client.query('COMMIT');
    await client.query('ANALYZE hr_log; ANALYZE hr_cases; ANALYZE hr_aggregate_parts');
    return generated;
  } finally {
    await client.end();
  }
}

/** The SQL types of some columns, for the casts of an unnest insert. */
async function columnTypes(client: Client, table: string, columns: string[]): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string; data_type: string }>(
    'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1',
    [table],
  );
  const byName = new Map(rows.map((row) => [row.column_name, row.data_type]));
  return columns.map((column) => {
    const type = byName.get(column);
    if (!type) throw new Error(`PostgreSQL table ${table} has no column ${column}`);
    return type;
  });
}
