import fc from 'fast-check';
import { HR_CUBE_CELLS, HR_CUBE_RELATIONS, HrCube, intervalStats, parsePeriod, percentOf, rowsInScope, shareOf, summarize, tableRow } from '../../../flows/hr/aggregate';
import { HR_TABLES } from '../../../flows/hr/measures';
import { APPRAISAL_CELLS, APPRAISAL_RELATIONS } from '../../../flows/hr/appraisal-cells';
import type { AppraisalCounter } from '../../../flows/hr/appraisal-cells';
import { addCase, CELL_INDEX, emptyAggregate, HR_CELLS } from '../../../flows/hr/cells';
import type { CellRelation, HrAggregateRow } from '../../../flows/hr/cells';
import { projectHrCase } from '../../../flows/hr/projection';
import type { HrCase } from '../../../flows/hr/projection';
import type { HrLogEntry } from '../../../flows/hr/log';
import type { EscalationEvent } from '../../../flows/escalation/events';
import { NOT_ASKED_REASONS } from '../../../flows/appraisal/types';
import type { NotAskedReason } from '../../../flows/appraisal/types';
import { sample } from '../escalation/walk';
import { hrEntriesOf } from '../../bot/hr/helpers/hr-entries';
import { determinedCells } from '../../bot/hr/helpers/linear-attacker';
import { everyUnitEligible } from './helpers/every-unit-eligible';
import type { AttackRelation } from '../../bot/hr/helpers/linear-attacker';

const K = 10;
const UNITS = ['Beleid', 'Uitvoering', 'Staf'];
const YEAR = parsePeriod('2026')!;
const Q4 = parsePeriod('2026-Q4')!;

const signal = sample('RECORD_SIGNAL');
const conversation = sample('RECORD_CONVERSATION');
const PATHS: Record<string, EscalationEvent[]> = {
  stopped: [signal, conversation, sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped', heldOn: '2026-11-03' })],
  denied: [signal, conversation, sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'denied', heldOn: '2026-11-20', at: '2026-11-20T10:00:00.000Z' })],
  routedAway: [sample('RECORD_SIGNAL', { perpetrator: 'self' })],
  conversationOnly: [signal, { ...conversation, listened: false }],
  handOver: [sample('RECORD_SIGNAL', { perpetrator: 'otherTeam' }), sample('HANDED_OVER'), sample('HAND_OVER_FOLLOWED_UP', { handled: false })],
  external: [sample('RECORD_SIGNAL', { perpetrator: 'citizen' }), sample('EXTERNAL_PARTY_HANDLED')],
  supportOnly: [signal, sample('RECORD_CONVERSATION', { approachAgreed: false, consentFormal: false })],
};

let serial = 0;
/** `n` cases along a path, in a unit and quarter. */
function cases(n: number, path: keyof typeof PATHS, orgUnit: string, quarter = '2026-Q4'): HrCase[] {
  return Array.from({ length: n }, () => {
    serial += 1;
    return { ...projectHrCase(null, serial.toString(16).padStart(64, '0'), hrEntriesOf(PATHS[path]!, orgUnit))!, quarter };
  });
}

/** `asked`: asked, nothing signalled; `signalled`: asked, something signalled; a reason: not asked. */
type Answer = 'asked' | 'signalled' | NotAskedReason;

/** One appraisal counter: `count` conversations of a unit and quarter with the same answers. */
function counter(orgUnit: string, answer: Answer, count: number, quarter = '2026-Q4'): AppraisalCounter {
  const asked = answer === 'asked' || answer === 'signalled';
  return { orgUnit, quarter, asked, signalled: answer === 'signalled', notAskedReason: asked ? null : answer, count };
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

/** Each cube's counts without suppression (k = 0), for the attacker to tell hidden zeros from hidden counts. */
const unsuppressed = new WeakMap<HrCube, HrCube>();
const cube = (all: HrCase[], k = K, appraisals: AppraisalCounter[] = []) => {
  const c = new HrCube(rowsOf(all), { year: 2026, units: UNITS, k, eligible: everyUnitEligible(UNITS) }, appraisals);
  unsuppressed.set(c, new HrCube(rowsOf(all), { year: 2026, units: UNITS, k: 0, eligible: everyUnitEligible(UNITS) }, appraisals));
  return c;
};
const value = (c: HrCube, id: string, unit: string | null, quarter: string | null) => c.cell(id, unit, quarter).value;

/**
 * Everything an attacker sees: every published cell of the cube (any unit or all, any quarter or
 * the year) and every additive relation between them. Returns the suppressed counts above 0 the
 * published numbers pin down — which must be none. `catalogue` narrows the attack to some cells and their relations (no relation links cases
 * and appraisal conversations, so each can be attacked on its own).
 */
type Published = (id: string, unit: string | null, quarter: string | null) => boolean;
interface Catalogue {
  cells: readonly string[];
  relations: readonly CellRelation[];
}
const WHOLE_CUBE: Catalogue = { cells: HR_CUBE_CELLS, relations: HR_CUBE_RELATIONS };
const APPRAISAL_SECTION: Catalogue = { cells: APPRAISAL_CELLS.map((cell) => cell.id), relations: APPRAISAL_RELATIONS };

function attack(c: HrCube, suppressed: Published = (id, u, q) => c.cell(id, u, q).suppressed, catalogue: Catalogue = WHOLE_CUBE): string[] {
  const units: Array<string | null> = [...c.units, null];
  const quarters: Array<string | null> = [...c.quarters, null];
  const keys: string[] = [];
  const cells: Array<{ suppressed: boolean }> = [];
  const positions = new Map<string, number>();
  const index = (id: string, u: string | null, q: string | null) => {
    const key = `${id}|${u ?? '*'}|${q ?? '*'}`;
    let i = positions.get(key);
    if (i === undefined) {
      i = keys.push(key) - 1;
      positions.set(key, i);
      cells.push({ suppressed: suppressed(id, u, q) });
    }
    return i;
  };
  const relations: AttackRelation[] = [];
  for (const u of units) {
    for (const q of quarters) {
      for (const r of catalogue.relations) relations.push({ total: index(r.total, u, q), parts: r.parts.map((p) => index(p, u, q)) });
    }
  }
  for (const cell of catalogue.cells) {
    for (const q of quarters) relations.push({ total: index(cell, null, q), parts: c.units.map((u) => index(cell, u, q)) });
    for (const u of units) relations.push({ total: index(cell, u, null), parts: c.quarters.map((q) => index(cell, u, q)) });
  }
  const all = [...cells.keys()];
  // A hidden zero needs no protection of its own (issue 19): only counts above 0 are reported.
  const raw = unsuppressed.get(c)!;
  const count = (key: string) => {
    const [id, u, q] = key.split('|') as [string, string, string];
    return raw.cell(id, u === '*' ? null : u, q === '*' ? null : q).value!;
  };
  return determinedCells(relations, new Set(all.filter((i) => cells[i]!.suppressed)))
    .map((i) => keys[i]!)
    .filter((key) => count(key) > 0);
}

describe('the route kind and the outcomes of the new steps', () => {
  const mixed = () => [
    ...cases(25, 'stopped', 'Beleid'),
    ...cases(12, 'denied', 'Beleid'),
    ...cases(1, 'handOver', 'Beleid'),
    ...cases(1, 'external', 'Beleid'),
    ...cases(2, 'routedAway', 'Beleid'),
    ...cases(11, 'stopped', 'Uitvoering'),
    ...cases(1, 'supportOnly', 'Uitvoering'),
    ...cases(3, 'handOver', 'Staf', '2026-Q3'),
  ];

  it('hides a unit’s only case of a route kind or outcome, and nothing hidden can be worked out', () => {
    const c = cube(mixed());
    // All units' cases per quarter stay published when ≥ k (issue 19).
    expect(c.cell('cases', null, '2026-Q4').suppressed).toBe(false);
    for (const [id, unit] of [
      ['route.handOver', 'Beleid'],
      ['route.external', 'Beleid'],
      ['handOverFollowUp.notHandled', 'Beleid'],
      ['support.supportOnly', 'Uitvoering'],
      ['route.handOver', 'Staf'],
    ] as const) {
      expect([id, unit, c.cell(id, unit, null).suppressed]).toEqual([id, unit, true]);
    }
    expect(attack(c)).toEqual([]);
  });

  it('publishes routed away as one number in the route table and the funnel, shown or hidden together', () => {
    // Counted apart, the route table could hide routed away to protect a small route while the
    // funnel shows the same number next to it.
    const paths = ['routedAway', 'stopped', 'denied', 'handOver', 'external'] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), fc.integer({ min: 1, max: 14 }), fc.constantFrom(...UNITS)), { minLength: 2, maxLength: 8 }), (groups) => {
        const c = cube(groups.flatMap(([path, n, unit]) => cases(n, path, unit)));
        const routedAway = (table: string, unit: string | null, quarter: string | null) =>
          tableRow(c, HR_TABLES.find((t) => t.id === table)!, null, unit, quarter).categories.find((x) => x.code === 'routedAway')!.cell;
        for (const unit of [...UNITS, null]) {
          for (const quarter of ['2026-Q4', null]) expect(routedAway('route', unit, quarter)).toEqual(routedAway('highestRung', unit, quarter));
        }
      }),
      { numRuns: 30, seed: 15 },
    );
  });
});

describe('HR log rows written before the log stopped recording listening (issue 18)', () => {
  it('counts them as it counts the rows written now: their listened / notListened is read and not used', () => {
    const counted = (entries: HrLogEntry[]) => rowsOf([projectHrCase(null, 'a'.repeat(64), entries)!]);
    for (const path of ['stopped', 'supportOnly'] as const) {
      const now = hrEntriesOf(PATHS[path]!, 'Beleid');
      for (const outcome of ['listened', 'notListened']) {
        const before = now.map((entry) => (entry.transition === 'conversationRecorded' ? { ...entry, outcome } : entry));
        expect(counted(before)).toEqual(counted(now));
      }
    }
  });
});

describe('the suppressed cube', () => {
  it('shows real counts of large groups and hides small ones', () => {
    const c = cube([...cases(20, 'stopped', 'Beleid'), ...cases(12, 'denied', 'Beleid'), ...cases(13, 'stopped', 'Uitvoering'), ...cases(3, 'routedAway', 'Staf')]);
    expect(value(c, 'cases', null, '2026-Q4')).toBe(48);
    expect(c.cell('cases', 'Staf', '2026-Q4')).toEqual({ value: null, suppressed: true });
    expect(c.cell('highestRung.routedAway', 'Staf', null).suppressed).toBe(true);
  });

  it('never shows a count below k, anywhere', () => {
    const c = cube([...cases(14, 'stopped', 'Beleid'), ...cases(4, 'denied', 'Uitvoering'), ...cases(2, 'conversationOnly', 'Staf', '2026-Q3')], K, [
      counter('Beleid', 'asked', 12),
      counter('Staf', 'forgot', 3),
    ]);
    for (const cell of HR_CUBE_CELLS) {
      for (const unit of [...c.units, null]) {
        for (const quarter of [...c.quarters, null]) {
          const published = c.cell(cell, unit, quarter).value;
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
    // All units' 43 cases in the quarter stay published (≥ k): Beleid's 40 are hidden instead.
    const c = cube([...cases(40, 'stopped', 'Beleid'), ...cases(3, 'stopped', 'Staf')]);
    expect(value(c, 'cases', null, '2026-Q4')).toBe(43);
    expect(c.cell('cases', 'Staf', '2026-Q4').suppressed).toBe(true);
    expect(c.cell('cases', 'Beleid', '2026-Q4').suppressed).toBe(true);
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
      ...cases(5, 'conversationOnly', 'Uitvoering'),
      ...cases(7, 'stopped', 'Uitvoering', '2026-Q1'),
      ...cases(2, 'routedAway', 'Staf'),
      ...cases(11, 'denied', 'Staf', '2026-Q2'),
    ]);
    expect(attack(c)).toEqual([]);
  });

  it('leaves no suppressed cell that all published numbers together determine, for random mixes of cases', () => {
    const groups = fc.array(
      fc.record({ path: fc.constantFrom(...Object.keys(PATHS)), unit: fc.constantFrom(...UNITS), quarter: fc.constantFrom('2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'), n: fc.integer({ min: 1, max: 12 }) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(groups, fc.constantFrom(5, K), (drawn, k) => {
        const c = cube(drawn.flatMap((g) => cases(g.n, g.path, g.unit, g.quarter)), k);
        expect(attack(c)).toEqual([]);
      }),
      { numRuns: Number(process.env.SUPPRESSION_RUNS ?? 20) },
    );
  });

  it('is checked by an attacker who does find small groups behind primary suppression alone', () => {
    const all = [...cases(40, 'stopped', 'Beleid'), ...cases(3, 'stopped', 'Staf'), ...cases(12, 'denied', 'Uitvoering', '2026-Q1'), ...cases(2, 'denied', 'Uitvoering')];
    const raw = cube(all, 0);
    const primaryOnly: Published = (id, u, q) => raw.cell(id, u, q).value! < K;
    const found = attack(cube(all), primaryOnly);
    expect(found.length).toBeGreaterThan(0);
  });

  it('lists units found in the data after the configured ones', () => {
    expect(cube(cases(1, 'stopped', 'Opgeheven dienst')).units).toEqual([...UNITS, 'Opgeheven dienst']);
  });
});

describe('units the operational store does not flag (padding, issue 19 §2)', () => {
  // Staf: 3 real cases and 7 padding in Q4 (10 ≥ k), and 12 in Q3, where no unit is flagged.
  const all = [...cases(20, 'stopped', 'Beleid'), ...cases(15, 'denied', 'Uitvoering'), ...cases(3, 'stopped', 'Staf'), ...cases(7, 'routedAway', 'Staf'), ...cases(12, 'stopped', 'Staf', '2026-Q3')];
  const rows = rowsOf(all);
  const eligible = everyUnitEligible(['Beleid', 'Uitvoering']).filter((e) => e.quarter !== '2026-Q3');
  const c = new HrCube(rows, { year: 2026, units: UNITS, k: K, eligible });

  it('publishes no figure of the unit, in any quarter or the year, whatever its counts', () => {
    for (const cell of HR_CUBE_CELLS) for (const quarter of [...c.quarters, null]) expect(c.cell(cell, 'Staf', quarter).suppressed).toBe(true);
    const summary = summarize(c, { period: YEAR, orgUnit: 'Staf' }, rows, 'quarter');
    expect(summary.intervals.every((i) => i.suppressed)).toBe(true);
    // The same counts with the unit flagged: its 10 cases of Q4 would be shown, and a padder subtracts 7.
    const trusting = new HrCube(rows, { year: 2026, units: UNITS, k: K, eligible: everyUnitEligible(UNITS) });
    expect(trusting.cell('cases', 'Staf', '2026-Q4')).toEqual({ value: 10, suppressed: false });
  });

  it('keeps the all-units total of a quarter with a flagged unit, and hides the unit that would give the rest', () => {
    expect(value(c, 'cases', null, '2026-Q4')).toBe(45);
    // 45 minus Beleid and Uitvoering would give Staf's 10: one of them is hidden too.
    expect(c.cell('cases', 'Beleid', '2026-Q4').suppressed || c.cell('cases', 'Uitvoering', '2026-Q4').suppressed).toBe(true);
    expect(summarize(c, { period: Q4, orgUnit: null }, rows).intervals.some((i) => !i.suppressed)).toBe(true);
  });

  it('does not keep the all-units total of a quarter whose cases may all be padding', () => {
    expect(c.cell('cases', null, '2026-Q3')).toEqual({ value: null, suppressed: true });
    // Durations too: of that quarter, and of the year that holds it.
    for (const period of [parsePeriod('2026-Q3')!, YEAR]) expect(summarize(c, { period, orgUnit: null }, rows).intervals.every((i) => i.suppressed)).toBe(true);
  });
});

describe('appraisal conversations in the cube', () => {
  const year = (c: HrCube, id: string) => value(c, id, null, null);

  it('counts conversations, not counter rows, beside the cases and apart from them', () => {
    const all = [...cases(12, 'stopped', 'Beleid'), ...cases(4, 'denied', 'Staf')];
    const c = cube(all, K, [counter('Beleid', 'asked', 14), counter('Beleid', 'signalled', 11), counter('Beleid', 'noTime', 6), counter('Beleid', 'forgot', 5)]);
    expect([year(c, 'appraisals'), year(c, 'appraisalAsked.asked'), year(c, 'appraisalAsked.notAsked')]).toEqual([36, 25, 11]);
    expect([year(c, 'appraisalSignalled.signalled'), year(c, 'appraisalSignalled.nothingSignalled')]).toEqual([11, 14]);
    // 6 + 5 not asked: each reason is a small group, together they are not.
    expect(c.cell('appraisalNotAskedReason.noTime', null, null).suppressed).toBe(true);
    expect(c.cell('appraisalNotAskedReason.forgot', null, null).suppressed).toBe(true);
    // The conversations change nothing about the cases: no relation links the two.
    const casesOnly = cube(all);
    for (const cell of HR_CELLS) {
      for (const unit of [...UNITS, null]) expect([cell.id, unit, c.cell(cell.id, unit, null)]).toEqual([cell.id, unit, casesOnly.cell(cell.id, unit, null)]);
    }
  });

  it('publishes the share asked and the share signalled only when both counts behind each are shown', () => {
    const all = [counter('Beleid', 'asked', 14), counter('Beleid', 'signalled', 11), counter('Beleid', 'noTime', 6), counter('Beleid', 'forgot', 5)];
    const c = cube([], K, all);
    const summary = summarize(c, { period: YEAR, orgUnit: null }, [], 'quarter');
    const asked = summary.tables.find((t) => t.id === 'appraisalAsked')!;
    const signalled = summary.tables.find((t) => t.id === 'appraisalSignalled')!;
    expect(asked.scope.share).toBe(69.4); // 25 of 36
    expect(signalled.scope.share).toBe(44); // 11 of 25
    // Everything happened in Q4: the other quarters are hidden zeros, and Q4 shows what the year shows.
    expect(asked.breakdown.map((row) => row.share)).toEqual([null, null, null, 69.4]);
    expect(summary.tables.find((t) => t.id === 'appraisalNotAskedReason')!.scope.share).toBeUndefined();
  });

  it('protects a small group of conversations in a unit with many cases', () => {
    const c = cube(cases(40, 'stopped', 'Beleid'), K, [counter('Beleid', 'asked', 20), counter('Beleid', 'signalled', 10), counter('Beleid', 'noTime', 3)]);
    for (const unit of ['Beleid', null]) {
      for (const quarter of ['2026-Q4', null]) {
        expect(c.cell('appraisalAsked.notAsked', unit, quarter).suppressed).toBe(true);
        expect(c.cell('appraisals', unit, quarter).suppressed || c.cell('appraisalAsked.asked', unit, quarter).suppressed).toBe(true);
      }
    }
    expect(attack(c)).toEqual([]);
  });

  it('stops total minus visible, one unit against all units and a quarter against its year', () => {
    const c = cube(cases(25, 'stopped', 'Uitvoering'), K, [
      counter('Beleid', 'asked', 30),
      counter('Beleid', 'signalled', 4),
      counter('Beleid', 'forgot', 12),
      counter('Beleid', 'asked', 11, '2026-Q3'),
      counter('Beleid', 'noTime', 2, '2026-Q3'),
      counter('Uitvoering', 'asked', 16),
      counter('Uitvoering', 'notSuitable', 3),
      counter('Staf', 'signalled', 2),
      counter('Staf', 'asked', 9, '2026-Q1'),
    ]);
    expect(c.cell('appraisalSignalled.signalled', 'Beleid', '2026-Q4').suppressed).toBe(true);
    // Staf's year (9 + 2) may show; then neither of its quarters can.
    expect(value(c, 'appraisals', 'Staf', null)).toBe(11);
    expect([c.cell('appraisals', 'Staf', '2026-Q1').suppressed, c.cell('appraisals', 'Staf', '2026-Q4').suppressed]).toEqual([true, true]);
    expect(attack(c)).toEqual([]);
  });

  it('leaves no suppressed cell determined, for random counters in units with and without timelines', () => {
    const answers: Answer[] = ['asked', 'signalled', ...NOT_ASKED_REASONS];
    const counters = fc.array(
      fc.record({ unit: fc.constantFrom(...UNITS), answer: fc.constantFrom(...answers), quarter: fc.constantFrom('2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'), count: fc.integer({ min: 1, max: 25 }) }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(counters, fc.constantFrom(0, 3, 30), (drawn, beleidCases) => {
        const c = cube(cases(beleidCases, 'stopped', 'Beleid'), K, drawn.map((d) => counter(d.unit, d.answer, d.count, d.quarter)));
        expect(attack(c, undefined, APPRAISAL_SECTION)).toEqual([]);
      }),
      { numRuns: Number(process.env.SUPPRESSION_RUNS ?? 60) },
    );
  });

  it('is checked by an attacker who does find small groups of conversations behind primary suppression alone', () => {
    const all = [counter('Beleid', 'asked', 30), counter('Beleid', 'noTime', 3), counter('Staf', 'signalled', 12, '2026-Q3'), counter('Staf', 'asked', 20, '2026-Q3')];
    const raw = cube(cases(40, 'stopped', 'Beleid'), 0, all);
    const primaryOnly: Published = (id, u, q) => raw.cell(id, u, q).value! < K;
    const found = attack(cube(cases(40, 'stopped', 'Beleid'), K, all), primaryOnly, APPRAISAL_SECTION);
    // 33 conversations of which 30 asked: the 3 without the question stand out.
    expect(found).toEqual(expect.arrayContaining(['appraisalAsked.notAsked|Beleid|2026-Q4', 'appraisalAsked.notAsked|Beleid|*']));
  });
});

describe('summaries', () => {
  const all = [...cases(12, 'stopped', 'Beleid'), ...cases(11, 'denied', 'Uitvoering'), ...cases(2, 'routedAway', 'Staf')];
  const rows = rowsOf(all);
  const c = new HrCube(rows, { year: 2026, units: UNITS, k: K, eligible: everyUnitEligible(UNITS) });

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
    expect(percentOf({ value: 2, suppressed: false }, { value: 3, suppressed: false })).toBe(66.7);
    expect(percentOf({ value: null, suppressed: true }, { value: 30, suppressed: false })).toBeNull();
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
