/**
 * The year's suppressed cube and its interval audit are computed when the figures change, not per
 * request: a real SQLite store with bench data, and the real worker's computations counted.
 * (That new figures are audited anew follows from the cache key, a hash of the figures.)
 */
import { benchOrgUnits } from '../../../bench/hr-data';
import { suppressInWorker } from '../../../bot/hr/suppress-in-worker';
import { HrService } from '../../../bot/hr/service';
import type { CaseStore } from '../../../bot/store/case-store';
import { parsePeriod } from '../../../flows/hr/aggregate';
import { openBenchSqliteStore } from './helpers/bench-sqlite-store';
import { storeTimelineFlags } from '../../../bot/hr/timeline-flags';

let store: CaseStore;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ store, close } = await openBenchSqliteStore(benchOrgUnits(3), 3_000));
});
afterAll(() => close?.());

it('audits a year once for many requests while its figures stay the same', async () => {
  let computations = 0;
  const service = new HrService(store, { timelineFlags: storeTimelineFlags(store, 10),
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
