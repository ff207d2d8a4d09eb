/**
 * HR data in bulk for the aggregation bench: N HR log rows over many organisation units and years,
 * made with the bot's own pure functions so the HR tables are exactly what turns would have written.
 *
 * - The rows: the ladder walks of workload.ts are run through the real machine (card inputs parsed
 *   by the event schemas, `advance`, `effectsOf`) with varied gaps between the steps. Running the
 *   machine for a million rows would take minutes, so a few hundred such case histories are made
 *   that way and then replayed with another unit and signal date (the HR log holds no dates finer
 *   than the ISO week, and day counts are relative to the signal, so a replay is a valid history).
 * - The projection and aggregates: each case's rows are folded with `foldHrCase` and counted with
 *   `addCase`, the functions the stores call inside every turn's transaction.
 * - Case keys are random 64-hex strings: a store makes them as HMACs of random case ids, which
 *   looks the same.
 */
import { randomBytes } from 'node:crypto';
import { addCase, emptyAggregate } from '../flows/hr/cells';
import type { HrAggregateRow } from '../flows/hr/cells';
import type { HrLogEntry, HrLogRow } from '../flows/hr/log';
import { foldHrCase } from '../flows/hr/projection';
import type { HrCase } from '../flows/hr/projection';
import { addDays, isoWeek } from '../flows/calendar';
import { effectsOf } from '../flows/escalation/effects';
import { parseEventInputs } from '../flows/escalation/events';
import type { EventType } from '../flows/escalation/events';
import { advance, startCase, stepOf } from '../flows/escalation/ladder';
import { ladderWalks } from './workload';

/** One HR log row of a case history, with its day relative to the case's first turn. */
interface HistoryRow {
  day: number;
  entry: Omit<HrLogEntry, 'orgUnit' | 'isoWeek'>;
}

const HISTORY_START = '2024-01-01';
const VARIANTS_PER_WALK = 64;

/** Deterministic, so two runs generate the same data set. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Case histories from the real machine: each walk with several spreads of days between its steps. */
export function caseHistories(random: () => number): HistoryRow[][] {
  const histories: HistoryRow[][] = [];
  for (let variant = 0; variant < VARIANTS_PER_WALK; variant++) {
    const gaps: number[] = [];
    let day = 0;
    // The walk's dates are relative to "today"; today moves along the steps' days.
    for (let step = 0; step < 12; step++) gaps.push((day += 1 + Math.floor(random() * 12)));
    const walks = ladderWalks(new Date(HISTORY_START), ['unit']);
    walks.forEach((walk, w) => {
      let snapshot = startCase(`${HISTORY_START}T08:00:00.000Z`);
      const history: HistoryRow[] = [];
      walk.forEach((step, index) => {
        const stepDay = index === 0 ? 0 : gaps[index - 1]!;
        const today = new Date(`${addDays(HISTORY_START, stepDay)}T09:00:00.000Z`);
        const inputs = ladderWalks(today, ['unit'])[w]![index]!.inputs;
        const at = today.toISOString();
        const parsed = parseEventInputs(step.event as EventType, inputs, at);
        if (!parsed.ok) throw new Error(`bench walk ${w} step ${index}: invalid ${parsed.fields.join(', ')}`);
        const result = advance(snapshot, parsed.event);
        if (!result.accepted) throw new Error(`bench walk ${w} step ${index}: ${result.rejection}`);
        snapshot = result.snapshot;
        history.push({ day: stepDay, entry: effectsOf(parsed.event, snapshot.context, stepOf(snapshot)).hr });
      });
      histories.push(history);
    });
  }
  return histories;
}

export interface HrCaseData {
  caseKey: string;
  rows: HrLogRow[];
  projection: HrCase;
}

export interface HrDataSpec {
  rows: number;
  orgUnits: readonly string[];
  /** The first of the years (e.g. 2024); signals are spread evenly over `years` years from 1 January. */
  firstYear: number;
  years: number;
  seed?: number;
}

/** The organisation units of the HR bench: `Eenheid 001` … */
export function benchOrgUnits(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Eenheid ${String(i + 1).padStart(3, '0')}`);
}

/**
 * Yields cases until exactly `spec.rows` HR log rows were made (the last case may be cut short,
 * as a case still in progress is), and fills `aggregates` with every case's contribution.
 */
export function* generateHrCases(spec: HrDataSpec, aggregates: Map<string, HrAggregateRow>): Generator<HrCaseData> {
  const random = seededRandom(spec.seed ?? 20261125);
  const histories = caseHistories(random);
  const firstDay = `${spec.firstYear}-01-01`;
  const spanDays = Math.round(spec.years * 365.25);
  const weekOfDay = new Map<number, string>();
  const weekOf = (day: number) => {
    let week = weekOfDay.get(day);
    if (!week) weekOfDay.set(day, (week = isoWeek(addDays(firstDay, day))));
    return week;
  };
  let made = 0;
  for (let n = 0; made < spec.rows; n++) {
    const history = histories[Math.floor(random() * histories.length)]!;
    const orgUnit = spec.orgUnits[Math.floor(random() * spec.orgUnits.length)]!;
    const signalDay = Math.floor(random() * spanDays);
    const caseKey = randomBytes(32).toString('hex');
    const rows = history.slice(0, spec.rows - made).map(({ day, entry }) => ({ ...entry, caseKey, orgUnit, isoWeek: weekOf(signalDay + day) }));
    made += rows.length;
    let projection: HrCase | null = null;
    for (const row of rows) projection = foldHrCase(projection, caseKey, row);
    const key = `${projection!.quarter}\u0000${orgUnit}`;
    const aggregate = aggregates.get(key) ?? emptyAggregate(projection!.quarter, orgUnit);
    addCase(aggregate, projection!, 1);
    aggregates.set(key, aggregate);
    yield { caseKey, rows, projection: projection! };
  }
}
