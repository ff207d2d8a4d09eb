/**
 * Migration 011 on both stores: the Wbk feedback deadline flags that older code logged, counted
 * from the filing, are counted again from the acknowledgement of receipt (or from the end of the 7
 * days without one), and the projection and HR's aggregates follow. A case no longer in the
 * projection (its quarter purged) is left alone. Waiting feedback reminders are dated anew from the
 * case's report, unless they were snoozed.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client } from 'pg';
import { caseKey } from '../../../bot/crypto';
import type { CaseStore, HrLogEntry } from '../../../bot/store/case-store';
import { openPostgresStore } from '../../../bot/store/postgres';
import { openSqliteStore } from '../../../bot/store/sqlite';
import { daysBetween, isoWeek } from '../../../flows/calendar';
import { aggregatesOfCases } from '../../../flows/hr/cells';
import { projectHrCase } from '../../../flows/hr/projection';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { makeTempDir, newKeys, turnFor } from './fixtures/store';

const temp = makeTempDir('wbk-feedback');
const keys = newKeys();
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const database of databases) await database.drop();
  temp.remove();
});

const SIGNAL = '2026-11-02';

/** An HR log row as code before 011 wrote it, recorded on `day`. */
const entry = (transition: string, outcome: string | null, day: string, deadlineMet: boolean | null = null): HrLogEntry => ({
  rung: transition === 'signalRecorded' ? 'signal' : 'formalReport',
  route: 'ownTeam',
  transition,
  outcome,
  categories: ['insult'],
  source: 'affectedEmployee',
  orgUnit: 'Beleid',
  isoWeek: isoWeek(day),
  daysSinceSignal: daysBetween(SIGNAL, day),
  deadlineMet,
});

const signalled = entry('signalRecorded', 'regular', SIGNAL);
const filed = entry('reportFiled', 'whistleblower', '2026-11-06');
const acknowledged = entry('reportAcknowledged', null, '2026-11-10', true);
const concluded = (day: string) => entry('reportConcluded', 'upheld', day, false);

/**
 * Every case's log before 011 and the feedback flag after it; the report its snapshot holds, and
 * when its waiting feedback reminder is due after 011 (older code dated it 3 months after filing:
 * 6 February 2027, a Saturday, so Monday 8 February).
 */
const OLD_FEEDBACK_DUE = '2027-02-08T07:00:00.000Z';
const CASES: Record<string, { log: HrLogEntry[]; after: boolean; report: Record<string, string>; reminderAfter: string }> = {
  // Acknowledged 10 November, feedback 10 February: 3 months after the acknowledgement, 3 months and 4 days after filing.
  'case-acknowledged': {
    log: [signalled, filed, acknowledged, concluded('2027-02-10')],
    after: true,
    report: { route: 'whistleblower', filedOn: '2026-11-06', acknowledgedOn: '2026-11-10' },
    reminderAfter: '2027-02-10T07:00:00.000Z',
  },
  // No acknowledgement: the 7 days end on 13 November, feedback on 12 February is in time; 13 February is a Saturday.
  'case-unacknowledged': {
    log: [signalled, filed, concluded('2027-02-12')],
    after: true,
    report: { route: 'whistleblower', filedOn: '2026-11-06' },
    reminderAfter: '2027-02-15T07:00:00.000Z',
  },
  // Late by either count; its reminder was snoozed, so it keeps its time.
  'case-late': { log: [signalled, filed, acknowledged, concluded('2027-02-17')], after: false, report: { route: 'whistleblower', filedOn: '2026-11-06', acknowledgedOn: '2026-11-10' }, reminderAfter: OLD_FEEDBACK_DUE },
  // Its projection was purged: its rows stay as they are.
  'case-purged': { log: [signalled, filed, acknowledged, concluded('2027-02-10')], after: false, report: { route: 'integrity', filedOn: '2026-11-06' }, reminderAfter: OLD_FEEDBACK_DUE },
};
const SNOOZED = 'case-late';
/**
 * The database as it stood before 011: today's schema with 011 not yet recorded, so the next start
 * runs it (and only it). Writing through a store on the schema up to 010 would break with every
 * later migration that adds a column the store writes.
 */
const UNAPPLY_011_SQL = 'DELETE FROM schema_migrations WHERE version = 11';
/** What a snooze leaves: the next attempt moved, the due time kept. */
const SNOOZE_SQL = "UPDATE reminders SET next_attempt_at = '2027-02-09T07:00:00.000Z' WHERE case_id = ";
const FEEDBACK_REMINDERS_SQL = "SELECT case_id, due_at FROM reminders WHERE kind = 'whistleblowerFeedback' ORDER BY case_id";
const expectedReminders = () => Object.entries(CASES).map(([caseId, { reminderAfter }]) => ({ case_id: caseId, due_at: reminderAfter })).sort((a, b) => a.case_id.localeCompare(b.case_id));

const keyOf = (caseId: string) => caseKey(keys.caseKeySecret, caseId);

/** The projections and aggregates the stores should hold after 011: folded from the corrected log. */
function expectedAggregates() {
  const cases = Object.entries(CASES)
    .filter(([caseId]) => caseId !== 'case-purged')
    .map(([caseId, { log, after }]) =>
      projectHrCase(null, keyOf(caseId), log.map((e) => (e.transition === 'reportConcluded' ? { ...e, deadlineMet: after } : e)))!,
    );
  return aggregatesOfCases(cases);
}

async function writeCases(store: CaseStore): Promise<void> {
  for (const [caseId, { log, report }] of Object.entries(CASES)) {
    const turn = turnFor(caseId, null, {
      hrLog: log,
      snapshot: { value: 'closing', context: { formalReport: report }, status: 'active' },
      reminders: { schedule: [{ kind: 'whistleblowerFeedback', dueAt: OLD_FEEDBACK_DUE }], cancel: [] },
    });
    expect((await store.commit(turn)).ok).toBe(true);
  }
}

async function expectRecounted(store: CaseStore): Promise<void> {
  const flags = (await store.hrLog()).filter((row) => row.transition === 'reportConcluded').map((row) => [row.caseKey, row.deadlineMet]);
  expect(flags.sort()).toEqual(Object.entries(CASES).map(([caseId, { after }]) => [keyOf(caseId), after]).sort());
  const byUnit = (rows: Array<{ quarter: string; orgUnit: string }>) => [...rows].sort((a, b) => `${a.quarter}${a.orgUnit}`.localeCompare(`${b.quarter}${b.orgUnit}`));
  expect(byUnit(await store.hrAggregates(['2026-Q4']))).toEqual(byUnit(expectedAggregates()));
}

describe('migration 011 counts the Wbk feedback term from the acknowledgement', () => {
  it('on SQLite', async () => {
    const file = join(temp.dir, 'store.sqlite');
    const before = await openSqliteStore({ file, ...keys });
    await writeCases(before);
    const aggregatesBefore = await before.hrAggregates(['2026-Q4']);
    await before.close();
    const db = new Database(file);
    db.prepare('DELETE FROM hr_cases WHERE case_key = ?').run(keyOf('case-purged'));
    db.prepare(`${SNOOZE_SQL}?`).run(SNOOZED);
    db.exec(UNAPPLY_011_SQL);
    db.close();

    const store = await openSqliteStore({ file, ...keys });
    try {
      await expectRecounted(store);
      expect(await store.hrAggregates(['2026-Q4'])).not.toEqual(aggregatesBefore);
    } finally {
      await store.close();
    }
    const after = new Database(file, { readonly: true });
    expect(after.prepare(FEEDBACK_REMINDERS_SQL).all()).toEqual(expectedReminders());
    after.close();
  });

  it('on PostgreSQL, including the aggregate parts', async () => {
    const database = await createTestDatabase('wbk-feedback');
    databases.push(database);
    const before = await openPostgresStore({ connectionString: database.url, ...keys });
    await writeCases(before);
    const aggregatesBefore = await before.hrAggregates(['2026-Q4']);
    await before.close();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('DELETE FROM hr_cases WHERE case_key = $1', [keyOf('case-purged')]);
      await client.query(`${SNOOZE_SQL}$1`, [SNOOZED]);
      await client.query(UNAPPLY_011_SQL);
    } finally {
      await client.end();
    }

    const store = await openPostgresStore({ connectionString: database.url, ...keys });
    try {
      await expectRecounted(store);
      expect(await store.hrAggregates(['2026-Q4'])).not.toEqual(aggregatesBefore);
    } finally {
      await store.close();
    }
    const after = new Client({ connectionString: database.url });
    await after.connect();
    try {
      expect((await after.query(FEEDBACK_REMINDERS_SQL)).rows).toEqual(expectedReminders());
    } finally {
      await after.end();
    }
  });
});
