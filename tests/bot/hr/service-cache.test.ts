/**
 * The year's suppressed cube and its interval audit are computed when the figures change, not per
 * request: a real SQLite store with bench data, and the real worker's computations counted.
 * (That new figures are audited anew follows from the cache key, a hash of the figures.) The store's
 * flags (issue 19 §2) are part of that key: a unit that stops being eligible is hidden at once.
 */
import { benchOrgUnits } from '../../../bench/hr-data';
import { suppressInWorker } from '../../../bot/hr/suppress-in-worker';
import { HrService } from '../../../bot/hr/service';
import type { CaseStore } from '../../../bot/store/case-store';
import { parsePeriod } from '../../../flows/hr/aggregate';
import { openBenchSqliteStore } from './helpers/bench-sqlite-store';
import { everyUnitFlagged } from './helpers/every-unit-flagged';

let store: CaseStore;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ store, close } = await openBenchSqliteStore(benchOrgUnits(3), 3_000));
});
afterAll(() => close?.());

it('audits a year once for many requests while its figures stay the same', async () => {
  let computations = 0;
  const service = new HrService(store, { timelineFlags: everyUnitFlagged,
    orgUnits: benchOrgUnits(3),
    minGroupSize: 10,
    suppress: (job) => {
      computations += 1;
      return suppressInWorker(job);
    },
  });
  const year = parsePeriod('2026')!;
  const first = await service.summary(year, null);
  expect(computations).toBe(1);
  await service.exportData(year);
  await service.summary(parsePeriod('2026-Q2')!, benchOrgUnits(3)[0]!);
  expect(computations).toBe(1);
  expect(await service.summary(year, null)).toEqual(first);
}, 120_000);

it('computes the year again when the store’s flags change, and hides the unit that lost its flag', async () => {
  let computations = 0;
  const [first, second] = benchOrgUnits(3);
  let flagged = new Set(benchOrgUnits(3));
  const service = new HrService(store, {
    timelineFlags: () => Promise.resolve((orgUnit) => flagged.has(orgUnit)),
    orgUnits: benchOrgUnits(3),
    minGroupSize: 10,
    suppress: (job) => {
      computations += 1;
      return suppressInWorker(job);
    },
  });
  const q2 = parsePeriod('2026-Q2')!;
  expect((await service.summary(q2, first!)).cases.value).toBeGreaterThanOrEqual(10);
  expect(computations).toBe(1);
  flagged = new Set([second!]);
  const after = await service.summary(q2, first!);
  expect(computations).toBe(2);
  expect(after.cases).toEqual({ value: null, suppressed: true });
  expect(after.tables.every((t) => t.scope.total.suppressed && t.scope.categories.every((c) => c.cell.suppressed))).toBe(true);
  expect(after.intervals.every((i) => i.suppressed)).toBe(true);
}, 120_000);
