/**
 * When the worker that suppresses and audits a year's figures fails, the HR API answers 503
 * `figuresUnavailable` and shows no figures. The failure is real: an aggregate row in the SQLite
 * file no longer adds up (every count of a unit's quarter set to 1, parts beyond their totals), so
 * the audit finds no table that fits the published numbers and the worker throws.
 */
import Database from 'better-sqlite3';
import { loadHrContent } from '../../../content/hr';
import { startHrServer } from './helpers/hr-server';
import type { HrServer } from './helpers/hr-server';
import { HR_DEMO_CASES, walkCases } from './helpers/walk-cases';

let server: HrServer;
let token: string;

beforeAll(async () => {
  server = await startHrServer({ HR_MIN_GROUP_SIZE: '5' }, async (bot) => walkCases(bot, HR_DEMO_CASES));
  token = ((await (await server.get('/api/hr/dev/token?role=hr')).json()) as { token: string }).token;
});
afterAll(async () => server.close());

it('answers 503 figuresUnavailable, with no figures, when the audit cannot be computed', async () => {
  const db = new Database(server.bot.dbFile);
  const row = db.prepare("SELECT quarter, org_unit, counts FROM hr_aggregates WHERE quarter LIKE '2026-%' LIMIT 1").get() as { quarter: string; org_unit: string; counts: string };
  const broken = (JSON.parse(row.counts) as number[]).map(() => 1);
  db.prepare('UPDATE hr_aggregates SET counts = ? WHERE quarter = ? AND org_unit = ?').run(JSON.stringify(broken), row.quarter, row.org_unit);
  db.close();

  for (const path of ['/api/hr/summary?period=2026', '/api/hr/export.csv?period=2026']) {
    const res = await server.get(path, token);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'figuresUnavailable' });
  }
  expect(loadHrContent('nl').tab.errors.figuresUnavailable).toBeTruthy();
  expect(loadHrContent('en').tab.errors.figuresUnavailable).toBeTruthy();
}, 120_000);
