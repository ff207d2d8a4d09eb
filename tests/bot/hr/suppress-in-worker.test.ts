/**
 * A year's suppression and interval audit run in a worker thread: the bot's other work goes on
 * meanwhile, requests that arrive during it share it, its cube is the one the main thread would
 * compute, and a failed worker shows no figures. Real SQLite store with bench data, real HiGHS.
 */
import { benchOrgUnits } from '../../../bench/hr-data';
import { buildCube } from '../../../bot/hr/cube-job';
import type { CubeJob } from '../../../bot/hr/cube-job';
import { loadLpSolver } from '../../../bot/hr/lp-solver';
import { HrFiguresUnavailable, HrService } from '../../../bot/hr/service';
import { suppressInWorker } from '../../../bot/hr/suppress-in-worker';
import type { CaseStore } from '../../../bot/store/case-store';
import { parsePeriod } from '../../../flows/hr/aggregate';
import { openBenchSqliteStore } from './helpers/bench-sqlite-store';
import { everyUnitFlagged } from './helpers/every-unit-flagged';

const UNITS = benchOrgUnits(3);
const YEAR = parsePeriod('2026')!;
let store: CaseStore;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ store, close } = await openBenchSqliteStore(UNITS, 3_000));
});
afterAll(() => close?.());

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

it('keeps answering while the audit runs, and one worker serves the requests that arrive meanwhile', async () => {
  const hold = new Int32Array(new SharedArrayBuffer(4));
  let workers = 0;
  const service = new HrService(store, { timelineFlags: everyUnitFlagged,
    orgUnits: UNITS,
    minGroupSize: 10,
    suppress: (job) => {
      workers += 1;
      return suppressInWorker(job, { hold });
    },
  });
  const settled: string[] = [];
  const first = service.summary(YEAR, null).finally(() => settled.push('first'));
  // The worker holds after the audit's first problem; until then the main thread keeps turning.
  while (Atomics.load(hold, 0) !== 1 && settled.length === 0) await nextTurn();
  expect(Atomics.load(hold, 0)).toBe(1);

  // Mid-audit: a timer fires, the store answers, and a second request joins the same computation.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  expect((await store.hrAggregates(['2026-Q1'])).length).toBeGreaterThan(0);
  const second = service.exportData(YEAR).finally(() => settled.push('second'));
  for (let turn = 0; turn < 10; turn += 1) await nextTurn();
  expect(settled).toEqual([]);
  expect(workers).toBe(1);

  Atomics.store(hold, 0, 2);
  Atomics.notify(hold, 0);
  const [summary, exported] = await Promise.all([first, second]);
  expect(workers).toBe(1);
  expect(summary.k).toBe(10);
  expect(exported.orgUnits).toEqual(UNITS);
}, 120_000);

it('publishes the same figures as an audit in the main thread', async () => {
  const solve = await loadLpSolver();
  const inWorker = new HrService(store, { timelineFlags: everyUnitFlagged, orgUnits: UNITS, minGroupSize: 10 });
  const inProcess = new HrService(store, { timelineFlags: everyUnitFlagged, orgUnits: UNITS, minGroupSize: 10, suppress: (job) => Promise.resolve(buildCube(job, solve)) });
  expect(await inWorker.exportData(YEAR)).toEqual(await inProcess.exportData(YEAR));
  expect(await inWorker.summary(YEAR, null, 'orgUnit')).toEqual(await inProcess.summary(YEAR, null, 'orgUnit'));
}, 120_000);

it('shows no figures when the worker fails, and computes again on the next request', async () => {
  let workers = 0;
  // The first job is broken (a row without counts), so the real worker throws.
  const broken = (job: CubeJob): CubeJob => ({ ...job, rows: [{ ...job.rows[0]!, counts: undefined as unknown as number[] }] });
  const service = new HrService(store, { timelineFlags: everyUnitFlagged,
    orgUnits: UNITS,
    minGroupSize: 10,
    suppress: (job) => {
      workers += 1;
      return suppressInWorker(workers === 1 ? broken(job) : job);
    },
  });
  const failed = await Promise.allSettled([service.summary(YEAR, null), service.exportData(YEAR)]);
  expect(failed.map((result) => result.status === 'rejected' && result.reason instanceof HrFiguresUnavailable)).toEqual([true, true]);
  expect(workers).toBe(1);
  expect((await service.summary(YEAR, null)).k).toBe(10);
  expect(workers).toBe(2);
}, 120_000);
