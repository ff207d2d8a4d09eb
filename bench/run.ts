/**
 * `npm run bench`: the performance of Escalatiewijzer on this machine, side by side with a plain
 * botbuilder echo bot (docs/performance.md explains the figures).
 *
 * | section   | what it measures                                                                     |
 * |-----------|--------------------------------------------------------------------------------------|
 * | turns     | echo bot, Escalatiewijzer on SQLite, on PostgreSQL: 50 connections, warm-up, then 10 s; best of 2 rounds |
 * | startup   | spawn → first 200 of /readyz, five fresh starts of the bot on SQLite (and the echo bot) |
 * | soak      | 100,000 turns on SQLite; retained heap and RSS after each 10,000; the heap's slope   |
 * | hr        | 1,000,000 HR log rows over 200 units and 3 years; summary of a year, export of a quarter |
 * | disclosure | the same data: the suppressed cube of a year with and without the interval audit (HiGHS), its time and the cells hidden beyond the primary ones |
 * | profile   | (only with `--profile`) a CPU profile of the bot on each store under the same load, summarised |
 *
 * Options: `--quick` (short runs and small data: a smoke run), `--only=turns,startup,soak,hr,disclosure`,
 * `--profile`, `--no-postgres`, `--out=DIR` (default bench/results). Exit code 0 unless the bench itself
 * failed: a missed target is reported, not raised.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadContent } from '../content/load';
import { loadConfig } from '../bot/config';
import { developmentToken } from '../bot/hr/auth';
import { openConfiguredStore } from '../bot/store/open-store';
import { sqliteFileIn } from '../bot/store/sqlite';
import { startPostgresServer } from '../tests/helpers/postgres/server';
import type { PostgresServer } from '../tests/helpers/postgres/server';
import { createTestDatabase } from '../tests/helpers/postgres/database';
import { startRoundTripProxy } from './pg-round-trips';
import type { RoundTripProxy } from './pg-round-trips';
import { buildTab } from '../scripts/build-tab';
import { benchOrgUnits } from './hr-data';
import { disclosureLine, disclosureSection } from './disclosure';
import { writePostgresHrData, writeSqliteHrData } from './hr-store-writers';
import type { Generated } from './hr-store-writers';
import { runLoad } from './load';
import type { LoadFigures, Requests } from './load';
import { BENCH_BUILD, ROOT, startConnectorStub, startServer } from './processes';
import type { ConnectorStub, Server } from './processes';
import { formatProfile, readProfile, summariseProfile } from './profile';
import type { ProfileSummary } from './profile';
import { machine, mb, ms, ratio, TARGETS, turnsTable, verdictTable } from './report';
import type { TargetFigures, Verdict } from './report';
import { echoMessage, LadderWorkload, ladderWalks } from './workload';

type Section = 'turns' | 'startup' | 'soak' | 'hr' | 'disclosure' | 'profile';
const SECTIONS: Section[] = ['turns', 'startup', 'soak', 'hr', 'disclosure', 'profile'];
/** Profiling slows the bot down, so it is a run of its own, on request. */
const DEFAULT_SECTIONS: Section[] = ['turns', 'startup', 'soak', 'hr', 'disclosure'];

interface Options {
  quick: boolean;
  sections: Set<Section>;
  postgres: boolean;
  outDir: string;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = value('only')?.split(',') ?? [...DEFAULT_SECTIONS, ...(argv.includes('--profile') ? ['profile'] : [])];
  const unknown = only.filter((s) => !(SECTIONS as string[]).includes(s));
  if (unknown.length > 0) throw new Error(`--only: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.join(', ')})`);
  return { quick: argv.includes('--quick'), sections: new Set(only as Section[]), postgres: !argv.includes('--no-postgres'), outDir: value('out') ?? join(ROOT, 'bench', 'results') };
}

/**
 * Sizes of a full run and of a quick smoke run. The smoke run spreads its thin HR data over few
 * units, so most unit × quarters reach k (the interval audit's work grows with the small ones);
 * it proves that every section runs, not how fast.
 */
function sizes(quick: boolean) {
  return quick
    ? { rounds: 1, warmupS: 1, measureS: 2, starts: 1, soakTurns: 2_000, soakChunks: 2, hrRows: 20_000, hrUnits: 20, disclosureUnits: 5, hrRepeats: 2 }
    : { rounds: 2, warmupS: 3, measureS: 10, starts: 5, soakTurns: 100_000, soakChunks: 10, hrRows: 1_000_000, hrUnits: 200, disclosureUnits: 200, hrRepeats: 5 };
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/** The bot as `npm run build` compiles it, and the bench's own programs beside it in dist/bench. */
async function prepare(): Promise<string | null> {
  log('building: tsc -p tsconfig.build.json, the tab scripts → dist/tab, esbuild bench/*.ts → dist/bench');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  let warning: string | null = null;
  if (tsc.status !== 0) {
    if (!existsSync(join(ROOT, 'dist', 'bot', 'main.js'))) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    warning = `tsc reported type errors; the bench measures the JavaScript it emitted anyway:\n${tsc.stdout.trim().split('\n').slice(0, 5).join('\n')}`;
    log(`WARNING: ${warning}`);
  }
  // The rapportage's page draws its charts with dist/tab/report-charts.js.
  await buildTab();
  await build({
    entryPoints: ['echo-bot.ts', 'connector-stub.ts', 'memory-probe.ts'].map((file) => join(ROOT, 'bench', file)),
    outdir: BENCH_BUILD,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return warning;
}

interface Targets {
  stub: ConnectorStub;
  postgres: PostgresServer | null;
  /** Why PostgreSQL is not measured, when it is not. */
  postgresSkipped: string | null;
  dirs: string[];
  proxies: RoundTripProxy[];
}

function freshDir(targets: Targets, label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ew-bench-${label}-`));
  targets.dirs.push(dir);
  return dir;
}

/** A fresh database on the bench's PostgreSQL server, as DATABASE_URL. */
async function postgresUrl(targets: Targets, label: string): Promise<string> {
  const database = await createTestDatabase(`bench_${label}`, targets.postgres!.url());
  return database.url;
}

/**
 * The bot's own rate limits (RATE_LIMIT_GLOBAL_PER_SECOND, default 200 turns/s for the whole
 * instance, and 60 a minute per user) would answer the load with 429: the bench measures what the
 * bot can do, so it lifts them. docs/performance.md says what they mean for a running instance.
 */
const UNLIMITED = { RATE_LIMIT_GLOBAL_PER_SECOND: '1000000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000' };

/** The environment of a bot process: development mode, its own data directory, no rate limits. */
function botEnv(env: Record<string, string>): Record<string, string> {
  return { ...UNLIMITED, ...env };
}

function botArgs(): string[] {
  return [join(ROOT, 'dist', 'bot', 'main.js')];
}

/** The PostgreSQL store of this build, or why it cannot be measured (an incomplete implementation). */
async function checkPostgres(targets: Targets): Promise<string | null> {
  const dir = freshDir(targets, 'pg-check');
  const store = await openConfiguredStore(loadConfig({ DATA_DIR: dir, DATABASE_URL: await postgresUrl(targets, 'check') }));
  try {
    const required = ['hrAggregates', 'hrTimelines', 'claimDueReminders', 'finishReminder', 'updateReminder', 'pendingReminders', 'setWeeklyDigest'];
    const missing = required.filter((method) => typeof (store as unknown as Record<string, unknown>)[method] !== 'function');
    return missing.length > 0 ? `the PostgreSQL store of this build does not implement ${missing.join(', ')} yet (issue 7, branch pg2)` : null;
  } finally {
    await store.close();
  }
}

/** A target's process, and for PostgreSQL the count of its round trips to the database. */
interface Started {
  server: Server;
  roundTrips?: () => number;
}

async function measureTarget(name: string, { server, roundTrips }: Started, requests: Requests, size: ReturnType<typeof sizes>): Promise<TargetFigures> {
  log(`  ${name}: warm-up ${size.warmupS} s, then ${size.measureS} s`);
  await runLoad(server.base, requests, { durationS: size.warmupS });
  const cpuBefore = server.cpuMs();
  const roundTripsBefore = roundTrips?.() ?? 0;
  const figures: LoadFigures = await runLoad(server.base, requests, { durationS: size.measureS });
  const perTurn = (total: number) => total / Math.max(1, figures.turns);
  const cpuMsPerTurn = perTurn(server.cpuMs() - cpuBefore);
  const roundTripsPerTurn = roundTrips ? perTurn(roundTrips() - roundTripsBefore) : undefined;
  await server.stop();
  return { name, ...figures, cpuMsPerTurn, ...(roundTripsPerTurn === undefined ? {} : { roundTripsPerTurn }), peakRssBytes: server.peakRss(), readyMs: server.readyMs };
}

/** A fresh database for a bot process behind a proxy that counts its round trips (pg-round-trips.ts). */
async function countedPostgres(targets: Targets, label: string): Promise<RoundTripProxy> {
  const proxy = await startRoundTripProxy(await postgresUrl(targets, label));
  targets.proxies.push(proxy);
  return proxy;
}

/**
 * The managers whose cases the workload walks. A manager's first turn also stores their conversation
 * reference and unit (written once, then only read); the warm-up reaches most of them, so the
 * measured turns are those of returning managers, as in a running organisation.
 */
const MANAGERS = 100;

function ladder(targets: Targets, orgUnits: readonly string[]): LadderWorkload {
  const recordedMarker = JSON.stringify(loadContent('nl').ui.summary.title).slice(1, -1);
  return new LadderWorkload(targets.stub.url, ladderWalks(new Date(), orgUnits), MANAGERS, recordedMarker);
}

const DEFAULT_UNITS = loadConfig({ DATA_DIR: tmpdir() }).orgUnits;

/**
 * Each target `size.rounds` times, the targets taking turns, each round on a fresh process and
 * data; the round with the most turns/s counts (all rounds are in the JSON). Other work on the
 * machine can only slow a round down, so the best round is the least disturbed one.
 */
async function turnsSection(targets: Targets, size: ReturnType<typeof sizes>): Promise<{ best: TargetFigures[]; rounds: TargetFigures[][] }> {
  log(`turns: ${size.rounds} round(s) per target`);
  const kinds: Array<{ name: string; start: () => Promise<Started>; requests: () => Requests }> = [
    {
      name: 'echo (botbuilder)',
      start: async () => ({ server: await startServer({ args: [join(BENCH_BUILD, 'echo-bot.js')], env: {} }) }),
      requests: () => ({ body: echoMessage(targets.stub.url) }),
    },
    {
      name: 'Escalatiewijzer, SQLite',
      start: async () => ({ server: await startServer({ args: botArgs(), env: botEnv({ DATA_DIR: freshDir(targets, 'sqlite') }) }) }),
      requests: () => ({ ladder: ladder(targets, DEFAULT_UNITS) }),
    },
  ];
  if (targets.postgres && !targets.postgresSkipped) {
    kinds.push({
      name: 'Escalatiewijzer, PostgreSQL',
      start: async () => {
        const proxy = await countedPostgres(targets, 'turns');
        return { server: await startServer({ args: botArgs(), env: botEnv({ DATA_DIR: freshDir(targets, 'pg'), DATABASE_URL: proxy.url }) }), roundTrips: () => proxy.roundTrips() };
      },
      requests: () => ({ ladder: ladder(targets, DEFAULT_UNITS) }),
    });
  }
  const rounds: TargetFigures[][] = [];
  for (let round = 0; round < size.rounds; round++) {
    const results: TargetFigures[] = [];
    for (const kind of kinds) results.push(await measureTarget(kind.name, await kind.start(), kind.requests(), size));
    rounds.push(results);
  }
  const best = kinds.map((_, i) => rounds.map((r) => r[i]!).reduce((a, b) => (b.turnsPerSecond > a.turnsPerSecond ? b : a)));
  const [base] = best;
  for (const r of best.slice(1)) {
    r.throughputVsEcho = r.turnsPerSecond / base!.turnsPerSecond;
    r.p99VsEcho = r.p99Ms / base!.p99Ms;
  }
  return { best, rounds };
}

interface Profiled {
  store: string;
  turns: number;
  summary: ProfileSummary;
}

/** A CPU profile of the bot on each store under the same load (profiling slows it: figures are not kept). */
async function profileSection(targets: Targets, size: ReturnType<typeof sizes>): Promise<Profiled[]> {
  const stores: Array<{ store: string; env: () => Promise<Record<string, string>> }> = [{ store: 'SQLite', env: () => Promise.resolve({}) }];
  if (targets.postgres && !targets.postgresSkipped) stores.push({ store: 'PostgreSQL', env: async () => ({ DATABASE_URL: await postgresUrl(targets, 'profile') }) });
  const results: Profiled[] = [];
  for (const { store, env } of stores) {
    const dir = freshDir(targets, 'profile');
    log(`profile: the bot on ${store} under load, node --cpu-prof`);
    const server = await startServer({ args: botArgs(), env: botEnv({ DATA_DIR: freshDir(targets, 'profiled'), ...(await env()) }), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const figures = await measureTarget(`Escalatiewijzer, ${store}, profiled`, { server }, { ladder: ladder(targets, DEFAULT_UNITS) }, size);
    results.push({ store, turns: figures.turns, summary: summariseProfile(readProfile(dir), 25) });
  }
  return results;
}

interface Startup {
  name: string;
  readyMs: number[];
  medianMs: number;
  maxMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function startupSection(targets: Targets, size: ReturnType<typeof sizes>): Promise<Startup[]> {
  log(`startup: ${size.starts} fresh starts each`);
  const measure = async (name: string, start: () => Promise<Server>): Promise<Startup> => {
    const readyMs: number[] = [];
    for (let i = 0; i < size.starts; i++) {
      const server = await start();
      readyMs.push(server.readyMs);
      await server.stop();
    }
    return { name, readyMs, medianMs: median(readyMs), maxMs: Math.max(...readyMs) };
  };
  const results = [
    await measure('echo (botbuilder)', () => startServer({ args: [join(BENCH_BUILD, 'echo-bot.js')], env: {} })),
    await measure('Escalatiewijzer, SQLite (new data dir)', () => startServer({ args: botArgs(), env: botEnv({ DATA_DIR: freshDir(targets, 'start') }) })),
  ];
  if (targets.postgres && !targets.postgresSkipped) {
    results.push(
      await measure('Escalatiewijzer, PostgreSQL (new database)', async () =>
        startServer({ args: botArgs(), env: botEnv({ DATA_DIR: freshDir(targets, 'start-pg'), DATABASE_URL: await postgresUrl(targets, 'start') }) }),
      ),
    );
  }
  return results;
}

interface SoakSample {
  turns: number;
  heapUsedBytes: number;
  /** What V8 holds for the heap, garbage room included: most of the RSS above the live heap. */
  heapTotalBytes: number;
  rssBytes: number;
}

interface Soak {
  turns: number;
  errors: number;
  samples: SoakSample[];
  /** Least-squares slope of the retained heap over the samples after the first chunk, per 10,000 turns. */
  heapSlopePer10kBytes: number;
  rssSlopePer10kBytes: number;
  peakRssBytes: number;
}

function slopePer10k(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : (sxy / sxx) * 10_000;
}

async function soakSection(targets: Targets, size: ReturnType<typeof sizes>): Promise<Soak> {
  log(`soak: ${size.soakTurns.toLocaleString('en')} turns on SQLite in ${size.soakChunks} chunks`);
  const server = await startServer({ args: botArgs(), env: botEnv({ DATA_DIR: freshDir(targets, 'soak') }) });
  const workload = { ladder: ladder(targets, DEFAULT_UNITS) };
  const sample = async (turns: number): Promise<SoakSample> => {
    const memory = await server.memory();
    return { turns, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, rssBytes: memory.rss };
  };
  const samples = [await sample(0)];
  let turns = 0;
  let errors = 0;
  const chunk = Math.round(size.soakTurns / size.soakChunks);
  for (let i = 0; i < size.soakChunks; i++) {
    const figures = await runLoad(server.base, workload, { amount: chunk });
    turns += figures.turns;
    errors += figures.errors;
    samples.push(await sample(turns));
    const last = samples.at(-1)!;
    log(`  ${turns.toLocaleString('en')} turns: heap ${mb(last.heapUsedBytes)} live of ${mb(last.heapTotalBytes)}, RSS ${mb(last.rssBytes)}`);
  }
  await server.stop();
  // The first chunk warms caches and the JIT; from there on a leak shows as a steady slope.
  const settled = samples.slice(1);
  return {
    turns,
    errors,
    samples,
    heapSlopePer10kBytes: slopePer10k(settled.map((s) => [s.turns, s.heapUsedBytes])),
    rssSlopePer10kBytes: slopePer10k(settled.map((s) => [s.turns, s.rssBytes])),
    peakRssBytes: server.peakRss(),
  };
}

interface HrTiming {
  store: string;
  generated: Generated;
  generateS: number;
  /** The first summary of the year: it computes the audited cube, which later requests reuse. */
  firstSummaryMs: number;
  summaryMs: number[];
  exportMs: number[];
  /** The rapportage PDF of the summary's year for all units, once (it launches Chromium per request). */
  reportMs: number;
}

async function timeGet(url: string, token: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - started;
}

const HR_YEARS = { first: 2024, count: 3, summary: '2025', exportQuarter: '2025-Q2' };
/**
 * The HR history has fixed years, so figures stay comparable between runs; the purge job must not
 * thin it out once those years pass the HR retention (5 years by default, from 2029 on).
 */
const KEEP_HR_HISTORY = { RETENTION_HR_DAYS: '36500' };

async function hrSection(targets: Targets, size: ReturnType<typeof sizes>): Promise<HrTiming[]> {
  const orgUnits = benchOrgUnits(size.hrUnits);
  const spec = { rows: size.hrRows, orgUnits, firstYear: HR_YEARS.first, years: HR_YEARS.count };
  log(`hr: ${spec.rows.toLocaleString('en')} HR log rows, ${orgUnits.length} units, ${spec.years} years; summary ${HR_YEARS.summary}, export ${HR_YEARS.exportQuarter}`);
  const stores: Array<{ name: string; env: () => Promise<Record<string, string>>; write: (env: Record<string, string>) => Promise<Generated> }> = [
    { name: 'SQLite', env: () => Promise.resolve({}), write: (env) => Promise.resolve(writeSqliteHrData(sqliteFileIn(env.DATA_DIR!), spec)) },
  ];
  if (targets.postgres && !targets.postgresSkipped) {
    stores.push({ name: 'PostgreSQL', env: async () => ({ DATABASE_URL: await postgresUrl(targets, 'hr') }), write: (env) => writePostgresHrData(env.DATABASE_URL!, spec) });
  }
  const results: HrTiming[] = [];
  for (const store of stores) {
    const env = { DATA_DIR: freshDir(targets, 'hr'), ORG_UNITS: orgUnits.join(','), ...(await store.env()) };
    const config = loadConfig(env);
    await (await openConfiguredStore(config)).close();
    const started = performance.now();
    const generated = await store.write(env);
    const generateS = (performance.now() - started) / 1000;
    log(`  ${store.name}: ${generated.rows.toLocaleString('en')} rows, ${generated.cases.toLocaleString('en')} cases written in ${generateS.toFixed(1)} s`);
    // The rapportage of a year over all units prints hundreds of pages: far longer than a normal request may take.
    const server = await startServer({ args: botArgs(), env: botEnv({ ...env, ...KEEP_HR_HISTORY, REQUEST_TIMEOUT_MS: '300000' }) });
    const token = await developmentToken(config.hr, 'hr');
    const summaryMs: number[] = [];
    const exportMs: number[] = [];
    const firstSummaryMs = await timeGet(`${server.base}/api/hr/summary?period=${HR_YEARS.summary}`, token);
    for (let i = 0; i < size.hrRepeats; i++) {
      summaryMs.push(await timeGet(`${server.base}/api/hr/summary?period=${HR_YEARS.summary}`, token));
      exportMs.push(await timeGet(`${server.base}/api/hr/export.csv?period=${HR_YEARS.exportQuarter}`, token));
    }
    const reportMs = await timeGet(`${server.base}/api/hr/report.pdf?period=${HR_YEARS.summary}`, token);
    await server.stop();
    results.push({ store: store.name, generated, generateS, firstSummaryMs, summaryMs, exportMs, reportMs });
  }
  return results;
}

function verdicts(turns: TargetFigures[], startup: Startup[], soak: Soak | null, hr: HrTiming[]): Verdict[] {
  const list: Verdict[] = [];
  const sqlite = turns.find((t) => t.name.includes('SQLite'));
  const postgres = turns.find((t) => t.name.includes('PostgreSQL'));
  if (sqlite) {
    list.push({ target: 'SQLite turns/s vs echo', measured: ratio(sqlite.throughputVsEcho), goal: `≥ ${TARGETS.sqliteThroughputRatio}×`, pass: sqlite.throughputVsEcho! >= TARGETS.sqliteThroughputRatio });
    list.push({ target: 'SQLite p99 vs echo', measured: ratio(sqlite.p99VsEcho), goal: `≤ ${TARGETS.sqliteP99Ratio}×`, pass: sqlite.p99VsEcho! <= TARGETS.sqliteP99Ratio });
    list.push({ target: 'SQLite peak RSS', measured: mb(sqlite.peakRssBytes), goal: `≤ ${mb(TARGETS.peakRssBytes)}`, pass: sqlite.peakRssBytes <= TARGETS.peakRssBytes });
    list.push({ target: 'SQLite errors', measured: String(sqlite.errors), goal: '0', pass: sqlite.errors === 0 });
  }
  if (sqlite && postgres) {
    const vsSqlite = postgres.turnsPerSecond / sqlite.turnsPerSecond;
    list.push({ target: 'PostgreSQL turns/s vs SQLite', measured: ratio(vsSqlite), goal: `≥ ${TARGETS.postgresThroughputRatio}×`, pass: vsSqlite >= TARGETS.postgresThroughputRatio });
    const trips = postgres.roundTripsPerTurn ?? Infinity;
    list.push({ target: 'PostgreSQL round trips per turn', measured: trips.toFixed(1), goal: `≤ ${TARGETS.postgresRoundTripsPerTurn}`, pass: trips <= TARGETS.postgresRoundTripsPerTurn });
    list.push({ target: 'PostgreSQL peak RSS', measured: mb(postgres.peakRssBytes), goal: `≤ ${mb(TARGETS.peakRssBytes)}`, pass: postgres.peakRssBytes <= TARGETS.peakRssBytes });
    list.push({ target: 'PostgreSQL errors', measured: String(postgres.errors), goal: '0', pass: postgres.errors === 0 });
  }
  for (const s of startup.filter((s) => s.name.startsWith('Escalatiewijzer'))) {
    list.push({ target: `start-up, ${s.name.slice('Escalatiewijzer, '.length)}`, measured: `${ms(s.medianMs)} (max ${ms(s.maxMs)})`, goal: `median ≤ ${ms(TARGETS.startupMs)}`, pass: s.medianMs <= TARGETS.startupMs });
  }
  if (soak) {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
    list.push({ target: `heap over ${soak.turns.toLocaleString('en')} turns`, measured: `${kb(soak.heapSlopePer10kBytes)} / 10k turns`, goal: `≤ ${kb(TARGETS.heapGrowthPer10kTurnsBytes)} / 10k turns`, pass: soak.heapSlopePer10kBytes <= TARGETS.heapGrowthPer10kTurnsBytes && soak.errors === 0 });
  }
  for (const h of hr) {
    const worstSummary = Math.max(...h.summaryMs);
    const worstExport = Math.max(...h.exportMs);
    list.push({ target: `HR summary of a year, ${h.store}`, measured: `${ms(median(h.summaryMs))} (max ${ms(worstSummary)})`, goal: `< ${ms(TARGETS.hrSummaryMs)}`, pass: worstSummary < TARGETS.hrSummaryMs });
    list.push({ target: `HR export of a quarter, ${h.store}`, measured: `${ms(median(h.exportMs))} (max ${ms(worstExport)})`, goal: `< ${ms(TARGETS.hrExportMs)}`, pass: worstExport < TARGETS.hrExportMs });
  }
  return list;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const size = sizes(options.quick);
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  const buildWarning = await prepare();
  const targets: Targets = { stub: await startConnectorStub(), postgres: null, postgresSkipped: null, dirs: [], proxies: [] };
  try {
    if (options.postgres) {
      targets.postgres = await startPostgresServer({ durable: true });
      targets.postgresSkipped = await checkPostgres(targets);
      if (targets.postgresSkipped) log(`PostgreSQL skipped: ${targets.postgresSkipped}`);
    } else {
      targets.postgresSkipped = 'not requested (--no-postgres)';
    }
    const { best: turns, rounds: turnRounds } = options.sections.has('turns') ? await turnsSection(targets, size) : { best: [], rounds: [] };
    const startup = options.sections.has('startup') ? await startupSection(targets, size) : [];
    const soak = options.sections.has('soak') ? await soakSection(targets, size) : null;
    const hr = options.sections.has('hr') ? await hrSection(targets, size) : [];
    const disclosure = options.sections.has('disclosure')
      ? await disclosureSection({ rows: size.hrRows, units: size.disclosureUnits, firstYear: HR_YEARS.first, years: HR_YEARS.count, year: Number(HR_YEARS.summary) })
      : null;
    const profile = options.sections.has('profile') ? await profileSection(targets, size) : [];
    const verdictList = verdicts(turns, startup, soak, hr);

    log('');
    if (turns.length) log(`${turnsTable(turns)}\n`);
    if (turnRounds.length > 1) {
      for (const [i, t] of turns.entries()) log(`rounds, ${t.name}: ${turnRounds.map((r) => r[i]!.turnsPerSecond.toFixed(0)).join(', ')} turns/s`);
    }
    for (const s of startup) log(`start-up ${s.name}: median ${ms(s.medianMs)}, max ${ms(s.maxMs)} (${s.readyMs.map((v) => v.toFixed(0)).join(', ')} ms)`);
    if (soak) log(`soak: ${soak.turns.toLocaleString('en')} turns, ${soak.errors} errors, heap slope ${(soak.heapSlopePer10kBytes / 1024).toFixed(0)} KB / 10k turns, RSS slope ${(soak.rssSlopePer10kBytes / 1024).toFixed(0)} KB / 10k turns, peak RSS ${mb(soak.peakRssBytes)}`);
    for (const h of hr) {
      log(`HR ${h.store}: first summary (computes and audits the year's cube) ${(h.firstSummaryMs / 1000).toFixed(1)} s; then summary ${h.summaryMs.map((v) => v.toFixed(0)).join(', ')} ms; export ${h.exportMs.map((v) => v.toFixed(0)).join(', ')} ms`);
      log(`HR ${h.store}: rapportage PDF of ${HR_YEARS.summary}, all units: ${(h.reportMs / 1000).toFixed(1)} s`);
    }
    if (disclosure) log(disclosureLine(disclosure));
    for (const p of profile) log(`profile of the bot on ${p.store} (${p.turns} turns), ${formatProfile(p.summary)}`);
    if (targets.postgresSkipped) log(`PostgreSQL: not measured — ${targets.postgresSkipped}`);
    log(`\n${verdictTable(verdictList)}`);

    mkdirSync(options.outDir, { recursive: true });
    const file = join(options.outDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const report = {
      startedAt: startedAt.toISOString(),
      quick: options.quick,
      machine: { ...machine(), loadAverageAtStart },
      build: buildWarning,
      connections: 50,
      postgresSkipped: targets.postgresSkipped,
      turns,
      turnRounds,
      startup,
      soak,
      hr,
      disclosure,
      profile,
      targets: TARGETS,
      verdicts: verdictList,
    };
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nwritten: ${file}`);
  } finally {
    await targets.stub.close();
    for (const proxy of targets.proxies) await proxy.close();
    await targets.postgres?.shutdown();
    for (const dir of targets.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
