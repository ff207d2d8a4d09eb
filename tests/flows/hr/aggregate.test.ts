import { HrCube, intervalStats, parsePeriod, rowsInScope, shareOf, summarize } from '../../../flows/hr/aggregate';
import { addCase, CELL_INDEX, emptyAggregate, HR_CELLS, WITHIN_RELATIONS } from '../../../flows/hr/cells';
import type { HrAggregateRow } from '../../../flows/hr/cells';
import { projectHrCase } from '../../../flows/hr/projection';
import type { HrCase } from '../../../flows/hr/projection';
import type { EscalationEvent } from '../../../flows/escalation/events';
import { sample } from '../escalation/walk';
import { hrEntriesOf } from '../../bot/hr/helpers/hr-entries';
import { determinedCells } from '../../bot/hr/helpers/linear-attacker';
import type { AttackRelation } from '../../bot/hr/helpers/linear-attacker';

const K = 10;
const UNITS = ['Beleid', 'Uitvoering', 'Staf'];
const YEAR = parsePeriod('2026')!;
const Q4 = parsePeriod('2026-Q4')!;

const signal = sample('RECORD_SIGNAL');
const listened = sample('RECORD_CONVERSATION');
const PATHS: Record<string, EscalationEvent[]> = {
  stopped: [signal, listened, sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped', heldOn: '2026-11-03' })],
  denied: [signal, listened, sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'denied', heldOn: '2026-11-20', at: '2026-11-20T10:00:00.000Z' })],
  routedAway: [sample('RECORD_SIGNAL', { subject: 'self' })],
  notListened: [signal, { ...listened, listened: false }],
};

let serial = 0;
/** `n` cases along a path, in a unit and quarter. */
function cases(n: number, path: keyof typeof PATHS, orgUnit: string, quarter = '2026-Q4'): HrCase[] {
  return Array.from({ length: n }, () => {
    serial += 1;
    return { ...projectHrCase(null, serial.toString(16).padStart(64, '0'), hrEntriesOf(PATHS[path]!, orgUnit))!, quarter };
  });
}

function rowsOf(all: HrCase[]): HrAggregateRow[] {
  const rows = new Map<string, HrAggregateRow>();
  for (const c of all) {
    const key = `${c.quarter}|${c.orgUnit}`;
    const row = rows.get(key) ?? emptyAggregate(c.quarter, c.orgUnit);
    addCase(row, c, 1);
    rows.set(key, row);
  }
  return [...rows.values()];
}

const cube = (all: HrCase[], k = K) => new HrCube(rowsOf(all), { year: 2026, units: UNITS, k });
const value = (c: HrCube, id: string, unit: string | null, quarter: string | null) => c.cell(id, unit, quarter).value;

/**
 * Everything an attacker sees: every published cell of the cube (any unit or all, any quarter or
 * the year), the timelines of large units (all their cells), and every additive relation between
 * them. Returns the suppressed cells the published numbers pin down beyond what the timelines
 * alone already reveal — which must be none.
 */
type Published = (id: string, unit: string | null, quarter: string | null) => boolean;

function attack(c: HrCube, suppressed: Published = (id, u, q) => c.cell(id, u, q).suppressed): string[] {
  const units: Array<string | null> = [...c.units, null];
  const quarters: Array<string | null> = [...c.quarters, null];
  const keys: string[] = [];
  const cells: Array<{ suppressed: boolean; known: boolean }> = [];
  const positions = new Map<string, number>();
  const index = (id: string, u: string | null, q: string | null) => {
    const key = `${id}|${u ?? '*'}|${q ?? '*'}`;
    let i = positions.get(key);
    if (i === undefined) {
      i = keys.push(key) - 1;
      positions.set(key, i);
      cells.push({ suppressed: suppressed(id, u, q), known: u !== null && c.timelineUnits.includes(u) });
    }
    return i;
  };
  const relations: AttackRelation[] = [];
  for (const u of units) {
    for (const q of quarters) {
      for (const r of WITHIN_RELATIONS) relations.push({ total: index(r.total, u, q), parts: r.parts.map((p) => index(p, u, q)) });
    }
  }
  for (const cell of HR_CELLS) {
    for (const q of quarters) relations.push({ total: index(cell.id, null, q), parts: c.units.map((u) => index(cell.id, u, q)) });
    for (const u of units) relations.push({ total: index(cell.id, u, null), parts: c.quarters.map((q) => index(cell.id, u, q)) });
  }
  const all = [...cells.keys()];
  const fromTimelinesAlone = new Set(determinedCells(relations, new Set(all.filter((i) => !cells[i]!.known))));
  const fromEverything = determinedCells(relations, new Set(all.filter((i) => cells[i]!.suppressed && !cells[i]!.known)));
  return fromEverything.filter((i) => !fromTimelinesAlone.has(i)).map((i) => keys[i]!);
}

describe('the suppressed cube', () => {
  it('shows real counts of large groups and hides small ones', () => {
    const c = cube([...cases(20, 'stopped', 'Beleid'), ...cases(12, 'denied', 'Beleid'), ...cases(3, 'routedAway', 'Staf')]);
    expect(value(c, 'cases', 'Beleid', '2026-Q4')).toBe(32);
    expect(value(c, 'highestRung.address', 'Beleid', '2026-Q4')).toBe(20);
    expect(value(c, 'highestRung.sanction', 'Beleid', '2026-Q4')).toBe(12);
    expect(c.cell('cases', 'Staf', '2026-Q4')).toEqual({ value: null, suppressed: true });
    expect(c.cell('highestRung.routedAway', 'Staf', null).suppressed).toBe(true);
  });

  it('never shows a count below k, anywhere', () => {
    const c = cube([...cases(14, 'stopped', 'Beleid'), ...cases(4, 'denied', 'Uitvoering'), ...cases(2, 'notListened', 'Staf', '2026-Q3')]);
    for (const cell of HR_CELLS) {
      for (const unit of [...c.units, null]) {
        for (const quarter of [...c.quarters, null]) {
          const published = c.cell(cell.id, unit, quarter).value;
          if (published !== null) expect(published).toBeGreaterThanOrEqual(K);
        }
      }
    }
  });

  it('stops "total minus the visible categories": a lone small category takes another one with it', () => {
    // Beleid: 25 stopped, 3 denied. Total 28 and address 25 visible would give sanction = 3.
    const c = cube([...cases(25, 'stopped', 'Uitvoering'), ...cases(3, 'denied', 'Uitvoering')], 30);
    const row = (id: string) => c.cell(id, 'Uitvoering', '2026-Q4');
    expect(row('highestRung.sanction').suppressed).toBe(true);
    expect(row('cases').suppressed || row('highestRung.address').suppressed).toBe(true);
    expect(attack(c)).toEqual([]);
  });

  it('stops comparing one unit with all units: all units minus the large unit is not the small one', () => {
    // Beleid has timelines (≥ k cases), so all its numbers count as known to HR.
    const c = cube([...cases(40, 'stopped', 'Beleid'), ...cases(3, 'stopped', 'Staf')]);
    expect(value(c, 'cases', 'Beleid', '2026-Q4')).toBe(40);
    expect(c.cell('cases', 'Staf', '2026-Q4').suppressed).toBe(true);
    expect(c.cell('cases', null, '2026-Q4').suppressed).toBe(true);
    expect(c.cell('cases', null, null).suppressed).toBe(true);
    expect(attack(c)).toEqual([]);
  });

  it('stops comparing a quarter with its year', () => {
    // All units together: 30 cases in Q4, 4 in Q3 — the year minus Q4 must not give Q3.
    const c = cube([...cases(9, 'stopped', 'Beleid'), ...cases(9, 'stopped', 'Uitvoering'), ...cases(9, 'stopped', 'Staf'), ...cases(3, 'denied', 'Beleid'), ...cases(4, 'stopped', 'Staf', '2026-Q3')], 10);
    expect(c.cell('cases', null, '2026-Q3').suppressed).toBe(true);
    const year = c.cell('cases', null, null);
    const q4 = c.cell('cases', null, '2026-Q4');
    expect(year.suppressed || q4.suppressed).toBe(true);
    expect(attack(c)).toEqual([]);
  });

  it('leaves no suppressed cell that all published numbers together determine, for mixed data', () => {
    const c = cube([
      ...cases(18, 'stopped', 'Beleid'),
      ...cases(6, 'denied', 'Beleid', '2026-Q3'),
      ...cases(5, 'notListened', 'Uitvoering'),
      ...cases(7, 'stopped', 'Uitvoering', '2026-Q1'),
      ...cases(2, 'routedAway', 'Staf'),
      ...cases(11, 'denied', 'Staf', '2026-Q2'),
    ]);
    expect(attack(c)).toEqual([]);
  });

  it('is checked by an attacker who does find small groups behind primary suppression alone', () => {
    const all = [...cases(40, 'stopped', 'Beleid'), ...cases(3, 'stopped', 'Staf'), ...cases(12, 'denied', 'Uitvoering', '2026-Q1'), ...cases(2, 'denied', 'Uitvoering')];
    const raw = cube(all, 0);
    const primaryOnly: Published = (id, u, q) => raw.cell(id, u, q).value! < K;
    const found = attack(cube(all), primaryOnly);
    expect(found).toEqual(expect.arrayContaining(['cases|Staf|2026-Q4', 'highestRung.address|Staf|*']));
  });

  it('gives timelines only to units with at least k cases in the year', () => {
    const c = cube([...cases(6, 'stopped', 'Beleid'), ...cases(6, 'stopped', 'Beleid', '2026-Q1'), ...cases(9, 'stopped', 'Staf')]);
    expect(c.timelineUnits).toEqual(['Beleid']);
  });

  it('lists units found in the data after the configured ones', () => {
    expect(cube(cases(1, 'stopped', 'Opgeheven dienst')).units).toEqual([...UNITS, 'Opgeheven dienst']);
  });
});

describe('summaries', () => {
  const all = [...cases(12, 'stopped', 'Beleid'), ...cases(11, 'denied', 'Uitvoering'), ...cases(2, 'routedAway', 'Staf')];
  const rows = rowsOf(all);
  const c = new HrCube(rows, { year: 2026, units: UNITS, k: K });

  it('selects the unit and period from the one suppressed cube', () => {
    const summary = summarize(c, { period: Q4, orgUnit: 'Beleid' }, rows);
    expect(summary.cases).toEqual(c.cell('cases', 'Beleid', '2026-Q4'));
    const highest = summary.tables.find((t) => t.id === 'highestRung')!;
    expect(highest.scope.categories.find((x) => x.code === 'address')!.cell).toEqual(c.cell('highestRung.address', 'Beleid', '2026-Q4'));
    expect(highest.breakdown).toEqual([]);
  });

  it('breaks a table down by unit or by quarter on request', () => {
    const byUnit = summarize(c, { period: YEAR, orgUnit: null }, rows, 'orgUnit');
    expect(byUnit.tables[0]!.breakdown.map((r) => r.key)).toEqual(UNITS);
    const byQuarter = summarize(c, { period: YEAR, orgUnit: 'Beleid' }, rows, 'quarter');
    expect(byQuarter.tables[0]!.breakdown.map((r) => r.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  });

  it('gives median and 90th percentile days only over at least k cases, as days some case took', () => {
    const scoped = rowsInScope(rows, { period: YEAR, orgUnit: null });
    const held = intervalStats('signalToAddressHeld', scoped, K);
    expect(held.suppressed).toBe(false);
    // 12 cases recorded the conversation one day after the signal, 11 after 18 days.
    expect([held.median, held.p90]).toEqual([1, 18]);
    expect(intervalStats('signalToAddressHeld', rowsInScope(rows, { period: YEAR, orgUnit: 'Beleid' }), 13)).toMatchObject({ median: null, suppressed: true });
  });

  it('computes a share only when both counts are shown', () => {
    expect(shareOf({ value: 30, suppressed: false }, { value: 10, suppressed: false })).toBe(75);
    expect(shareOf({ value: 30, suppressed: false }, { value: null, suppressed: true })).toBeNull();
  });
});

describe('periods', () => {
  it('reads a year or a quarter and nothing else', () => {
    expect(parsePeriod('2026')).toEqual({ id: '2026', kind: 'year', year: 2026, quarter: null });
    expect(parsePeriod('2026-Q3')).toEqual({ id: '2026-Q3', kind: 'quarter', year: 2026, quarter: '2026-Q3' });
    for (const bad of ['2026-Q5', '26', '2026-W48', '1999', '2026-Q1;DROP', '']) expect(parsePeriod(bad)).toBeNull();
  });
});

it('counts cells in the order of HR_CELLS', () => {
  expect(CELL_INDEX.get('cases')).toBe(0);
});
