/**
 * While a year's figures are still being computed (a large interval audit can take minutes), a
 * request waits only a bounded time, then gets `figuresComputing`: the service throws
 * HrFiguresComputing, the API answers 503 with Retry-After, the `hr` command says so in a card.
 * The computation goes on, once, and the next request after it gets the figures at once. The test
 * holds the suppression and ends the bounded wait itself: nothing waits on the clock.
 */
import { buildCube } from '../../../bot/hr/cube-job';
import type { CubeJob } from '../../../bot/hr/cube-job';
import { HrOverviewCommand } from '../../../bot/hr/command';
import { loadLpSolver } from '../../../bot/hr/lp-solver';
import { FIGURES_COMPUTING_RETRY_AFTER_S } from '../../../bot/hr/routes';
import { computingWaitFor, HrFiguresComputing, HrService } from '../../../bot/hr/service';
import type { HrServiceOptions } from '../../../bot/hr/service';
import { startBot } from '../../../bot/app';
import { silentLogger } from '../../../bot/logger';
import { loadHrContent } from '../../../content/hr';
import type { HrCube } from '../../../flows/hr/aggregate';
import { parsePeriod } from '../../../flows/hr/aggregate';
import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';
import type { Json } from '../../helpers/json';
import { everyUnitFlagged } from './helpers/every-unit-flagged';

const HR_USER = 'aad-hr-coordinator-1';
const YEAR = parsePeriod('2026')!;
let bot: TestBot;

beforeAll(async () => {
  bot = await createTestBot({ HR_USER_IDS: HR_USER, HR_MIN_GROUP_SIZE: '5' });
});
afterAll(async () => bot.close());

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A service whose suppression waits for `release` and then computes the real cube; it counts and keeps its computations. */
function heldService(extra: Partial<HrServiceOptions>) {
  const release = deferred();
  const computations: Array<Promise<HrCube>> = [];
  const suppress = (job: CubeJob) => {
    const cube = release.promise.then(async () => buildCube(job, await loadLpSolver()));
    computations.push(cube);
    return cube;
  };
  const service = new HrService(bot.store, { orgUnits: bot.config.orgUnits, minGroupSize: 5, timelineFlags: everyUnitFlagged, suppress, ...extra });
  return { service, release: release.resolve, computations };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

it('waits for figures still computing only the bounded time, computes them once, and serves them at once when done', async () => {
  const waits: number[] = [];
  const waitEnds = deferred();
  const { service, release, computations } = heldService({
    computingWaitMs: 7_500,
    sleep: (ms) => {
      waits.push(ms);
      return waitEnds.promise;
    },
  });
  let answered = false;
  const first = service.summary(YEAR, null);
  void first.then(
    () => (answered = true),
    () => (answered = true),
  );
  for (let i = 0; i < 5; i += 1) await nextTurn();
  // Within its bounded wait the request is still waiting for the cube.
  expect(answered).toBe(false);
  expect(waits).toEqual([7_500]);

  waitEnds.resolve();
  await expect(first).rejects.toBeInstanceOf(HrFiguresComputing);
  // The next request waits again for the same computation, which is not started twice.
  await expect(service.exportData(YEAR)).rejects.toBeInstanceOf(HrFiguresComputing);
  expect(computations).toHaveLength(1);

  release();
  await computations[0];
  const summary = await service.summary(YEAR, null);
  expect(summary.period.id).toBe('2026');
  expect(computations).toHaveLength(1);
  // Done figures are served without any wait.
  expect(waits).toHaveLength(2);
});

it('bounds the wait at half the request deadline', () => {
  expect(computingWaitFor(15_000)).toBe(7_500);
});

it('has the hr command say the figures could not be computed when the audit fails', async () => {
  const service = new HrService(bot.store, {
    orgUnits: bot.config.orgUnits,
    minGroupSize: 5,
    timelineFlags: everyUnitFlagged,
    suppress: () => Promise.reject(new Error('worker failed')),
  });
  const card = (await new HrOverviewCommand(service, bot.store, [HR_USER], () => bot.clock.now).card(HR_USER, 'nl')) as Json;
  expect(card.body.map((item: Json) => item.text)).toEqual(expect.arrayContaining([loadHrContent('nl').card.title, loadHrContent('nl').card.figuresUnavailable]));
});

// Last: the server closes the test bot's store when it stops.
it('answers 503 figuresComputing with Retry-After over HTTP, and the hr command says so, until the figures are there', async () => {
  const { service, release, computations } = heldService({ computingWaitMs: 7_500, sleep: () => Promise.resolve() });
  const running = await startBot({ config: bot.config, store: bot.store, log: silentLogger, now: () => bot.clock.now, hrService: service });
  const command = new HrOverviewCommand(service, bot.store, [HR_USER], () => bot.clock.now);
  const nl = loadHrContent('nl');
  try {
    const base = `http://127.0.0.1:${running.port}`;
    const { token } = (await (await fetch(`${base}/api/hr/dev/token?role=hr`)).json()) as { token: string };
    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

    for (const path of ['/api/hr/summary?period=2026', '/api/hr/export.csv?period=2026']) {
      const res = await get(path);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe(String(FIGURES_COMPUTING_RETRY_AFTER_S));
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ error: 'figuresComputing' });
    }
    const waiting = (await command.card(HR_USER, 'nl')) as Json;
    expect(waiting.body.map((item: Json) => item.text)).toEqual(expect.arrayContaining([nl.card.title, nl.card.figuresComputing]));

    release();
    await computations[0];
    const res = await get('/api/hr/summary?period=2026');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { period: { id: string } }).period.id).toBe('2026');
    const card = (await command.card(HR_USER, 'en')) as Json;
    expect(JSON.stringify(card)).not.toContain(loadHrContent('en').card.figuresComputing);
    expect(card.body[0].text).toBe(loadHrContent('en').card.title);
    expect(computations).toHaveLength(1);
  } finally {
    await running.close();
  }
});
