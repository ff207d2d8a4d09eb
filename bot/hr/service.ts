/**
 * The HR view's use cases on top of the store: the summary, the export data and the timelines.
 * Each builds the suppressed cube of the period's year (cases and appraisal conversations) first and
 * only then selects the requested unit and period from it (aggregate.ts explains why). The cube,
 * with its interval audit, is computed when the year's figures change and kept until they change
 * again: a request whose figures are the last ones reuses it. The computation runs in a worker thread
 * (suppress-in-worker.ts) and requests that arrive meanwhile await the same one, but only for a
 * bounded time (computingWaitMs): with many unit × quarters to audit it can take minutes, and a
 * request that waited past the server's deadline would only get a generic timeout. Such a request
 * gets HrFiguresComputing instead, the computation goes on, and a later request gets its result.
 */
import { createHash } from 'node:crypto';
import type { CaseStore, HrLogRow } from '../store/case-store';
import { quartersOf, scopeIntervals, summarize, tableRow } from '../../flows/hr/aggregate';
import type { HrBreakdown, HrCube, HrIntervalStats, HrPeriod, HrScope, HrSummary, HrTableRow, HrUnitQuarter } from '../../flows/hr/aggregate';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { HR_TABLES } from '../../flows/hr/measures';
import { CASES } from '../../flows/hr/measures';
import type { HrTheme } from '../../flows/hr/measures';
import { timelineEligible } from '../../flows/hr/timeline-eligibility';
import type { TimelineFlag } from '../../flows/hr/timeline-eligibility';
import type { CubeJob } from './cube-job';
import { suppressInWorker } from './suppress-in-worker';
import { storeTimelineFlags } from './timeline-flags';

/** The year's cube could not be computed (its worker failed): the API answers 503, and shows no figures. */
export class HrFiguresUnavailable extends Error {
  constructor(cause: unknown) {
    super('figuresUnavailable', { cause });
    this.name = 'HrFiguresUnavailable';
  }
}

/** The year's cube is still being computed after the request's bounded wait: the API answers 503 with Retry-After. */
export class HrFiguresComputing extends Error {
  constructor() {
    super('figuresComputing');
    this.name = 'HrFiguresComputing';
  }
}

/** A filter the request got wrong; the API answers 400 with the field's name. */
export class HrFilterError extends Error {
  constructor(readonly field: 'period' | 'orgUnit' | 'by' | 'after' | 'limit') {
    super(`invalidFilter: ${field}`);
    this.name = 'HrFilterError';
  }
}

export interface HrServiceOptions {
  /** The configured organisation units (ORG_UNITS). */
  orgUnits: readonly string[];
  /** k (HR_MIN_GROUP_SIZE). */
  minGroupSize: number;
  /**
   * The operational store's flag per unit × quarter, for some quarters: which groups are large
   * enough for per-unit figures (the cube's `eligible`) and timelines (timeline-eligibility.ts).
   * Required: without it padding could lift a unit over k (issue 19 §2).
   */
  timelineFlags: (quarters: readonly string[]) => Promise<TimelineFlag>;
  /** Suppresses and audits a year's cube; in a worker thread by default. */
  suppress?: (job: CubeJob) => Promise<HrCube>;
  /**
   * How long (ms) a request waits for a year's cube that is still computing before it gets
   * HrFiguresComputing; without it, until the cube is done (the report script has no deadline).
   */
  computingWaitMs?: number;
  /** Waits that long; tests pass one they resolve themselves. */
  sleep?: (ms: number) => Promise<void>;
}

/** A request's wait for figures still computing: half the server's request deadline, which leaves the other half for the rest of the request (a PDF takes seconds to print). */
export function computingWaitFor(requestTimeoutMs: number): number {
  return Math.floor(requestTimeoutMs / 2);
}

/** A timer that does not keep the process alive: a request that stopped waiting leaves nothing behind. */
const unrefSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface HrExportTable {
  id: string;
  theme: HrTheme;
  population: string;
  /** The category whose share each row gives, if the table has one. */
  share?: string;
  /** All units first (key null), then one row per unit. */
  rows: HrTableRow[];
}

export interface HrExportInterval extends HrIntervalStats {
  /** The unit; null for all units. */
  orgUnit: string | null;
}

export interface HrExportData {
  period: HrPeriod;
  k: number;
  orgUnits: string[];
  tables: HrExportTable[];
  intervals: HrExportInterval[];
}

export interface HrTimelineEvent {
  rung: string;
  transition: string;
  outcome: string | null;
  daysSinceSignal: number | null;
  deadlineMet: boolean | null;
}

export interface HrCaseTimeline {
  /** The pseudonymous case key (a keyed hash: it cannot be turned back into the case). */
  case: string;
  orgUnit: string;
  /** The only date: the quarter the signal was recorded in; events are day offsets from the signal. */
  quarter: string;
  events: HrTimelineEvent[];
}

export interface HrTimelinePage {
  period: HrPeriod;
  orgUnit: string | null;
  k: number;
  /** The unit × quarters whose timelines this period shows (timeline-eligibility.ts). */
  eligible: Array<{ orgUnit: string; quarter: string }>;
  cases: HrCaseTimeline[];
  /** Cursor for the next page, or null. */
  next: string | null;
}

export const DEFAULT_TIMELINE_PAGE = 200;

/** A timeline event keeps the ladder facts only: no categories, source, unit or week per row. */
function eventOf(row: HrLogRow): HrTimelineEvent {
  return { rung: row.rung, transition: row.transition, outcome: row.outcome, daysSinceSignal: row.daysSinceSignal, deadlineMet: row.deadlineMet };
}

/** What the HR figures are made from: the aggregates, the appraisal counts and the pseudonymous timelines. */
export type HrServiceStore = Pick<CaseStore, 'hrAggregates' | 'appraisalCounts' | 'hrTimelines'>;
/** The same, and the store's eligible groups that give the timeline flags (configuredHrService). */
export type ConfiguredHrStore = HrServiceStore & Pick<CaseStore, 'hrEligibleGroups'>;

export class HrService {
  /** The last cube per year (done or still computing), with the fingerprint of the figures it is made from. */
  private readonly cubes = new Map<number, { fingerprint: string; cube: Promise<HrCube>; done: boolean }>();

  constructor(
    private readonly store: HrServiceStore,
    private readonly options: HrServiceOptions,
  ) {}

  get k(): number {
    return this.options.minGroupSize;
  }

  /**
   * The year's case aggregates and appraisal counters, and the suppressed, audited cube built from
   * both and the store's flags. The flags are part of the fingerprint: a unit that becomes eligible
   * or stops being so (cases deleted) gets a new cube.
   */
  async cube(year: number): Promise<{ cube: HrCube; rows: HrAggregateRow[] }> {
    const quarters = quartersOf(year);
    const rows = await this.store.hrAggregates(quarters);
    const appraisals = await this.store.appraisalCounts({ fromQuarter: `${year}-Q1`, toQuarter: `${year}-Q4` });
    const flag = await this.options.timelineFlags(quarters);
    const units = [...new Set([...this.options.orgUnits, ...rows.map((r) => r.orgUnit), ...appraisals.map((a) => a.orgUnit)])];
    // Only a flag that says yes counts: a unit × quarter without a verdict is not trusted.
    const eligible: HrUnitQuarter[] = units.flatMap((orgUnit) => quarters.filter((quarter) => flag(orgUnit, quarter) === true).map((quarter) => ({ orgUnit, quarter })));
    const fingerprint = createHash('sha256').update(JSON.stringify([rows, appraisals, eligible])).digest('hex');
    let entry = this.cubes.get(year);
    if (entry?.fingerprint !== fingerprint) {
      const suppress = this.options.suppress ?? suppressInWorker;
      const computing = { fingerprint, cube: suppress({ year, units: [...this.options.orgUnits], k: this.options.minGroupSize, rows, appraisals, eligible }), done: false };
      computing.cube.then(
        () => (computing.done = true),
        // A failure is not kept: the next request tries again.
        () => this.cubes.get(year) === computing && this.cubes.delete(year),
      );
      this.cubes.set(year, computing);
      entry = computing;
    }
    try {
      return { cube: await this.waitBounded(entry), rows };
    } catch (error) {
      if (error instanceof HrFiguresComputing) throw error;
      throw new HrFiguresUnavailable(error);
    }
  }

  /** The cube, if it is done or gets done within computingWaitMs; HrFiguresComputing otherwise (it goes on computing). */
  private async waitBounded(entry: { cube: Promise<HrCube>; done: boolean }): Promise<HrCube> {
    const waitMs = this.options.computingWaitMs;
    if (entry.done || waitMs === undefined) return entry.cube;
    const sleep = this.options.sleep ?? unrefSleep;
    // null: the wait ended first.
    const first = await Promise.race([entry.cube, sleep(waitMs).then(() => null)]);
    if (first === null) throw new HrFiguresComputing();
    return first;
  }

  async summary(period: HrPeriod, orgUnit: string | null, by?: HrBreakdown): Promise<HrSummary> {
    const { cube, rows } = await this.cube(period.year);
    return summarize(cube, this.scopeIn(cube, period, orgUnit), rows, by);
  }

  /** Every table for all units and for each unit, and every interval likewise: the rapportage export. */
  async exportData(period: HrPeriod): Promise<HrExportData> {
    const { cube, rows } = await this.cube(period.year);
    const units: Array<string | null> = [null, ...cube.units];
    return {
      period,
      k: cube.k,
      orgUnits: cube.units,
      tables: HR_TABLES.map((table) => ({
        id: table.id,
        theme: table.theme,
        population: table.population,
        ...(table.share === undefined ? {} : { share: table.share }),
        rows: units.map((unit) => tableRow(cube, table, unit, unit, period.quarter)),
      })),
      intervals: units.flatMap((unit) => scopeIntervals(cube, rows, { period, orgUnit: unit }).map((stats) => ({ ...stats, orgUnit: unit }))),
    };
  }

  async timelines(period: HrPeriod, orgUnit: string | null, after: string | undefined, limit: number = DEFAULT_TIMELINE_PAGE): Promise<HrTimelinePage> {
    const { cube } = await this.cube(period.year);
    this.scopeIn(cube, period, orgUnit);
    const quarters = period.quarter ? [period.quarter] : quartersOf(period.year);
    const flag = await this.options.timelineFlags(quarters);
    const eligible = cube.units.flatMap((unit) =>
      quarters.filter((quarter) => timelineEligible(cube.cell(CASES, unit, quarter), cube.k, flag(unit, quarter))).map((quarter) => ({ orgUnit: unit, quarter })),
    );
    const shown = eligible.filter((e) => orgUnit === null || e.orgUnit === orgUnit);
    const base = { period, orgUnit, k: cube.k, eligible };
    if (shown.length === 0) return { ...base, cases: [], next: null };
    const isShown = (t: { orgUnit: string; quarter: string }) => shown.some((e) => e.orgUnit === t.orgUnit && e.quarter === t.quarter);
    const page: HrCaseTimeline[] = [];
    let cursor = after;
    // The store selects by units and quarters, not by pairs: pages are read until one is full.
    for (;;) {
      const found = await this.store.hrTimelines({
        quarters: [...new Set(shown.map((e) => e.quarter))],
        orgUnits: [...new Set(shown.map((e) => e.orgUnit))],
        ...(cursor ? { afterCaseKey: cursor } : {}),
        limit: limit + 1,
      });
      for (const t of found) {
        if (isShown(t)) page.push({ case: t.caseKey, orgUnit: t.orgUnit, quarter: t.quarter, events: t.events.map(eventOf) });
        if (page.length > limit) return { ...base, cases: page.slice(0, limit), next: page[limit - 1]!.case };
      }
      if (found.length <= limit) return { ...base, cases: page, next: null };
      cursor = found[found.length - 1]!.caseKey;
    }
  }

  private scopeIn(cube: HrCube, period: HrPeriod, orgUnit: string | null): HrScope {
    if (orgUnit !== null && !cube.units.includes(orgUnit)) throw new HrFilterError('orgUnit');
    return { period, orgUnit };
  }
}

/**
 * The HR service as the configuration asks for it, with the store's timeline flags: the one way the
 * bot and its scripts build it. The bot's requests wait for figures still computing only
 * computingWaitFor(REQUEST_TIMEOUT_MS); a script without a deadline asks to wait until they are done.
 */
export function configuredHrService(
  store: ConfiguredHrStore,
  config: { orgUnits: readonly string[]; hr: { minGroupSize: number }; requestTimeoutMs: number },
  { waitUntilComputed = false }: { waitUntilComputed?: boolean } = {},
): HrService {
  return new HrService(store, {
    orgUnits: config.orgUnits,
    minGroupSize: config.hr.minGroupSize,
    timelineFlags: storeTimelineFlags(store, config.hr.minGroupSize),
    ...(waitUntilComputed ? {} : { computingWaitMs: computingWaitFor(config.requestTimeoutMs) }),
  });
}
