/**
 * The year's suppressed cube and its interval audit are computed when the figures change, not per
 * request: a real SQLite store with bench data, and the real solver counted.
 * (That new figures are audited anew follows from the cache key, a hash of the figures.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOrgUnits } from '../../../bench/hr-data';
import { writeSqliteHrData } from '../../../bench/hr-store-writers';
import { loadLpSolver } from '../../../bot/hr/lp-solver';
import { HrService } from '../../../bot/hr/service';
import { openSqliteStore, sqliteFileIn } from '../../../bot/store/sqlite';
import type { CaseStore } from '../../../bot/store/case-store';
import { parsePeriod } from '../../../flows/hr/aggregate';

const keys = { notesKey: Buffer.alloc(32, 1), caseKeySecret: Buffer.alloc(32, 2) };
let dir: string;
let file: string;
let store: CaseStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ew-hr-cache-'));
  file = sqliteFileIn(dir);
  await (await openSqliteStore({ file, ...keys })).close();
  writeSqliteHrData(file, { rows: 3_000, orgUnits: benchOrgUnits(3), firstYear: 2026, years: 1 });
  store = await openSqliteStore({ file, ...keys });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('audits a year once for many requests while its figures stay the same', async () => {
  const solve = await loadLpSolver();
  let problems = 0;
  const service = new HrService(store, {
    orgUnits: benchOrgUnits(3),
    minGroupSize: 10,
    solver: async () => (problem: string) => {
      problems += 1;
      return solve(problem);
    },
  });
  const year = parsePeriod('2026')!;
  const first = await service.summary(year, null);
  const audited = problems;
  expect(audited).toBeGreaterThan(0);
  await service.exportData(year);
  await service.summary(parsePeriod('2026-Q2')!, benchOrgUnits(3)[0]!);
  expect(problems).toBe(audited);
  expect(await service.summary(year, null)).toEqual(first);
}, 120_000);
