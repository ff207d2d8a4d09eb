import fc from 'fast-check';
import { suppressCube } from '../../../flows/hr/cube-suppression';
import { auditor } from '../../../flows/hr/interval-audit';
import type { SolveLp } from '../../../flows/hr/interval-audit';
import { packRelations } from '../../../flows/hr/suppression';
import type { Relation } from '../../../flows/hr/suppression';
import { loadLpSolver } from '../../../bot/hr/lp-solver';
import { determinedCells } from '../../bot/hr/helpers/linear-attacker';
import { rulesOnly } from './helpers/rules-only';

const K = 10;
/** The rules per relation alone (suppression.ts), for comparison. */
const suppress = (values: number[], relations: Relation[], k: number) => rulesOnly({ values, relations, k });
const hiddenOf = (hidden: Uint8Array) => [...hidden.keys()].filter((i) => hidden[i] === 1);
/** Hidden counts above 0 that the published numbers determine (a hidden zero needs no protection of its own, issue 19). */
const determinedCounts = (values: number[], relations: Relation[], hidden: Uint8Array) => determinedCells(relations, new Set(hiddenOf(hidden))).filter((i) => values[i]! > 0);

/** A unit × quarter × category table with all margins, a nested category and a flag pair. */
function cube(units: number, leaf: number[][][]) {
  const Q = 4;
  const C = leaf[0]![0]!.length; // categories 0..C-1: 0 = total, 1..3 partition it, 4..5 split category 3, 6 flag yes, 7 flag no
  const index = (c: number, u: number, q: number) => (c * (units + 1) + u) * (Q + 1) + q;
  const values = new Array((units + 1) * (Q + 1) * C).fill(0);
  for (let u = 0; u < units; u += 1) {
    for (let q = 0; q < Q; q += 1) {
      for (let c = 0; c < C; c += 1) {
        for (const uu of [u, units]) for (const qq of [q, Q]) values[index(c, uu, qq)] += leaf[u]![q]![c]!;
      }
    }
  }
  const relations: Relation[] = [];
  for (let u = 0; u <= units; u += 1) {
    for (let q = 0; q <= Q; q += 1) {
      relations.push({ total: index(0, u, q), parts: [1, 2, 3].map((c) => index(c, u, q)) });
      relations.push({ total: index(3, u, q), parts: [4, 5].map((c) => index(c, u, q)) });
      relations.push({ total: index(0, u, q), parts: [6, 7].map((c) => index(c, u, q)) });
    }
  }
  for (let c = 0; c < C; c += 1) {
    for (let q = 0; q <= Q; q += 1) relations.push({ total: index(c, units, q), parts: [...Array(units).keys()].map((u) => index(c, u, q)) });
    for (let u = 0; u <= units; u += 1) relations.push({ total: index(c, u, Q), parts: [0, 1, 2, 3].map((q) => index(c, u, q)) });
  }
  const shape = { cells: C, rows: units + 1, columns: Q + 1 };
  return {
    values,
    relations,
    suppressIt: (k: number, keep?: boolean[]) => suppressCube({ values, shape, categories: CATEGORIES, k, ...(keep ? { keep } : {}) }),
    /**
     * With the interval audit (step 4), and the all-units totals per quarter kept when ≥ k. With
     * `untrusted` unit × quarters (issue 19 §2) as HrCube makes them: every category of those
     * untrusted, and an all-units total kept only when some unit of its quarter is trusted.
     */
    audited: (k: number, solve: SolveLp, untrustedUnitQuarters: Array<[number, number]> = []) => {
      const untrusted = values.map(() => 0);
      for (const [u, q] of untrustedUnitQuarters) for (let c = 0; c < C; c += 1) untrusted[index(c, u, q)] = 1;
      const trustedQuarter = (q: number) => [...Array(units).keys()].some((u) => !untrustedUnitQuarters.some(([uu, qq]) => uu === u && qq === q));
      // Category 0 (the cases) of all units (row `units`) per quarter.
      const keep = values.map((value, i) => i >= units * (Q + 1) && i < (units + 1) * (Q + 1) - 1 && value >= k && trustedQuarter(i % (Q + 1)));
      return { hidden: suppressCube({ values, shape, categories: CATEGORIES, k, keep, untrusted, solve }), index };
    },
  };
}

/** The categories of the table: 0 = 1 + 2 + 3, 3 = 4 + 5, 0 = 6 + 7 (a flag's yes and no). */
const CATEGORIES: Relation[] = [
  { total: 0, parts: [1, 2, 3] },
  { total: 3, parts: [4, 5] },
  { total: 0, parts: [6, 7] },
];

/** Leaf counts made of whole cases, so every relation adds up. */
const leafCounts = (units: number) =>
  fc.array(fc.array(fc.tuple(fc.nat(14), fc.nat(6), fc.nat(5), fc.nat(4), fc.nat(30)), { minLength: 4, maxLength: 4 }), { minLength: units, maxLength: units }).map((perUnit) =>
    perUnit.map((perQuarter) =>
      perQuarter.map(([a, b, c1, c2, flagShare]) => {
        const total = a + b + c1 + c2;
        const yes = Math.min(total, Math.round((flagShare / 30) * total));
        return [total, a, b, c1 + c2, c1, c2, yes, total - yes];
      }),
    ),
  );

/** Tables fast-check found where rules per relation left a hidden cell determined: [units, leaf counts, k]. */
const FOUND: Array<[number, number[][][], number]> = [
  // A hidden 0 (category 2, unit 2, Q1) that the sums through units, quarters and categories pin down.
  [
    3,
    [
      [[4, 4, 0, 0, 0, 0, 0, 4], [10, 1, 5, 4, 1, 3, 0, 10], [10, 5, 2, 3, 0, 3, 0, 10], [19, 11, 3, 5, 5, 0, 0, 19]],
      [[10, 5, 2, 3, 2, 1, 0, 10], [10, 0, 5, 5, 4, 1, 0, 10], [10, 5, 3, 2, 1, 1, 0, 10], [5, 5, 0, 0, 0, 0, 0, 5]],
      [[5, 1, 0, 4, 4, 0, 0, 5], [5, 3, 1, 1, 1, 0, 0, 5], [10, 1, 5, 4, 0, 4, 0, 10], [10, 0, 5, 5, 2, 3, 0, 10]],
    ],
    5,
  ],
];

describe('suppression on a whole unit × quarter × category table', () => {
  it('rules per relation alone can leave a hidden cell determined: the table found', () => {
    const [units, leaf, k] = FOUND[0]!;
    const { values, relations } = cube(units, leaf);
    expect(determinedCounts(values, relations, suppress(values, relations, k))).not.toEqual([]);
  });

  it('leaves no hidden cell determined in the tables found before', () => {
    for (const [units, leaf, k] of FOUND) {
      const { values, relations, suppressIt } = cube(units, leaf);
      const hidden = suppressIt(k);
      for (let i = 0; i < values.length; i += 1) if (values[i] < k) expect(hidden[i]).toBe(1);
      expect(determinedCounts(values, relations, hidden)).toEqual([]);
    }
  });

  it('hides only a few cells more than the rules per relation in the table found, and every one of those', () => {
    const [units, leaf, k] = FOUND[0]!;
    const { values, relations, suppressIt } = cube(units, leaf);
    const byRules = suppress(values, relations, k);
    const audited = suppressIt(k);
    const extra = hiddenOf(audited).filter((i) => !byRules[i]);
    expect(hiddenOf(byRules).every((i) => audited[i] === 1)).toBe(true);
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.length).toBeLessThanOrEqual(8);
  });

  it('hides nothing more than the rules per relation where every hidden cell has a rectangle already', () => {
    // Two units, every count small: all unit cells are hidden, and any two units × two quarters
    // form a rectangle; the all-units margins are large and stay visible.
    const leaf = [0, 1].map(() => [0, 1, 2, 3].map(() => [9, 3, 3, 3, 1, 2, 4, 5]));
    const { values, relations, suppressIt } = cube(2, leaf);
    expect(hiddenOf(suppressIt(K))).toEqual(hiddenOf(suppress(values, relations, K)));
  });

  it('leaves no hidden cell that the published numbers determine, whatever the counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }).chain((units) => leafCounts(units).map((leaf) => ({ units, leaf }))), fc.integer({ min: 5, max: 12 }), ({ units, leaf }, k) => {
        const { values, relations, suppressIt } = cube(units, leaf);
        const hidden = suppressIt(k);
        for (let i = 0; i < values.length; i += 1) if (values[i] < k) expect(hidden[i]).toBe(1);
        expect(determinedCounts(values, relations, hidden)).toEqual([]);
      }),
      { numRuns: Number(process.env.SUPPRESSION_RUNS ?? 150) },
    );
  });

  it('also when the all-units totals per quarter stay published', () => {
    fc.assert(
      fc.property(leafCounts(4), (leaf) => {
        const { values, relations, suppressIt } = cube(4, leaf);
        const Q = 4;
        // Category 0 (the cases) of all units (row 4) per quarter.
        const allUnitsQuarter = (i: number) => i >= 4 * (Q + 1) && i < 5 * (Q + 1) - 1;
        const keep = values.map((value, i) => allUnitsQuarter(i) && value >= K);
        const hidden = suppressIt(K, keep);
        keep.forEach((kept, i) => kept && expect(hidden[i]).toBe(0));
        expect(determinedCounts(values, relations, hidden)).toEqual([]);
      }),
      { numRuns: Number(process.env.SUPPRESSION_RUNS ?? 150) },
    );
  });
});


/**
 * Relations whose total is published and whose hidden parts add up to 1 … k−1: "total minus the
 * visible parts" gives a small group (issue 19: 12 − 11 = 1 case with a sanction decision).
 */
function smallRemainders(values: number[], relations: Relation[], hidden: ArrayLike<number>, k: number): Relation[] {
  return relations.filter((r) => {
    if (hidden[r.total]) return false;
    const rest = r.parts.filter((p) => hidden[p]).reduce((sum, p) => sum + values[p]!, 0);
    return rest > 0 && rest < k;
  });
}

describe('the attacker who knows counts are whole and never negative', () => {
  let solve: SolveLp;
  beforeAll(async () => {
    solve = await loadLpSolver();
  });
  /** The exact attacker (whole counts, every hidden cell free): the small hidden counts it narrows. */
  const narrowed = (values: number[], relations: Relation[], hidden: Uint8Array, k: number) =>
    auditor({ values, relations: packRelations(relations), hidden, k, solve, integer: true }).failing();

  // The published tables of issue 19, in a unit with more than k cases in the year (it used to have
  // timelines, and its cells were then exempt from complementary suppression):
  // "total 12, notDecided 11, the rest hidden" gave 1 decided; "total 10, met 10, missed hidden"
  // gave 0; in the summary 25 / 22 gave 3 decided and 25 / 18 gave 7 reached.
  const ISSUE_19: Array<[number, number[][][], number]> = [
    [
      2,
      [
        [[20, 20, 0, 0, 0, 0, 20, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [12, 11, 1, 0, 0, 0, 10, 2]],
        [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [13, 11, 2, 0, 0, 0, 8, 5]],
      ],
      10,
    ],
    [
      3,
      [
        [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [15, 12, 3, 0, 0, 0, 11, 4]],
        [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [10, 10, 0, 0, 0, 0, 7, 3]],
        [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]],
      ],
      10,
    ],
  ];

  it('publishes no small group by subtraction in the tables of issue 19, and narrows no small count', () => {
    for (const [units, leaf, k] of ISSUE_19) {
      const { values, relations, audited } = cube(units, leaf);
      const { hidden } = audited(k, solve);
      expect(smallRemainders(values, relations, hidden, k)).toEqual([]);
      expect(narrowed(values, relations, hidden, k)).toEqual([]);
    }
  });

  it('the attacker finds the small counts of those tables when nothing beyond the primary cells is hidden', () => {
    const [units, leaf, k] = ISSUE_19[0]!;
    const { values, relations } = cube(units, leaf);
    const primary = Uint8Array.from(values, (value) => (value < k ? 1 : 0));
    expect(smallRemainders(values, relations, primary, k).length).toBeGreaterThan(0);
    expect(narrowed(values, relations, primary, k).length).toBeGreaterThan(0);
  });

  it('leaves every small hidden count an interval with 0 or k values, on generated tables', () => {
    fc.assert(
      fc.property(leafCounts(2), fc.integer({ min: 5, max: 10 }), (leaf, k) => {
        const { values, relations, audited } = cube(2, leaf);
        const { hidden } = audited(k, solve);
        for (let i = 0; i < values.length; i += 1) if (values[i] < k) expect(hidden[i]).toBe(1);
        expect(smallRemainders(values, relations, hidden, k)).toEqual([]);
        expect(narrowed(values, relations, hidden, k)).toEqual([]);
      }),
      { numRuns: Number(process.env.INTERVAL_RUNS ?? 6) },
    );
  });
});

describe('untrusted unit × quarters: a padder who subtracts their own cases (issue 19 §2)', () => {
  let solve: SolveLp;
  beforeAll(async () => {
    solve = await loadLpSolver();
  });
  /** `p` padding cases in a leaf: category 1, flag no. */
  const padded = (leaf: number[], p: number) => leaf.map((value, c) => value + ([0, 1, 7].includes(c) ? p : 0));
  const ZERO = [0, 0, 0, 0, 0, 0, 0, 0];
  /**
   * The exact attacker who padded: they subtract their own cases from every published number, so
   * they attack the real table under the same hidden cells. The real counts of 1 … k−1 it narrows.
   */
  const padderNarrows = (real: number[], relations: Relation[], hidden: Uint8Array, k: number) =>
    auditor({ values: real, relations: packRelations(relations), hidden, k, solve, integer: true }).failing();

  it('hides every cell of an untrusted unit × quarter, and a padder learns none of its 3 real cases, also as the only hidden unit of its quarter', () => {
    // Unit 0: 30 real cases in Q4, of many managers (trusted). Unit 1: 3 real cases in Q4 and 7 padding.
    const realLeaf = [
      [ZERO, ZERO, ZERO, [30, 14, 8, 8, 5, 3, 20, 10]],
      [ZERO, ZERO, ZERO, [3, 1, 1, 1, 1, 0, 2, 1]],
    ];
    const leaf = [realLeaf[0]!, [ZERO, ZERO, ZERO, padded(realLeaf[1]![3]!, 7)]];
    const published = cube(2, leaf);
    const { hidden, index } = published.audited(K, solve, [[1, 3]]);
    // Unit 1 in Q4 shows nothing, and neither does its year: it holds only untrusted cases.
    for (let c = 0; c < 8; c += 1) {
      expect(hidden[index(c, 1, 3)]).toBe(1);
      expect(hidden[index(c, 1, 4)]).toBe(1);
    }
    // The all-units total of Q4 stays published (unit 0 is trusted): 40.
    expect(hidden[index(0, 2, 3)]).toBe(0);
    expect(published.values[index(0, 2, 3)]).toBe(40);
    // Without the flag its 10 counts would be published; with it, 40 − unit 0's 30 would give 10, minus 7 = 3.
    expect(hidden[index(0, 0, 3)]).toBe(1);
    const real = cube(2, realLeaf);
    expect(padderNarrows(real.values, real.relations, hidden, K)).toEqual([]);
  });

  it('the padder does read the 3 real cases when the unit × quarter is only suppressed by its counts', () => {
    const realLeaf = [
      [ZERO, ZERO, ZERO, [30, 14, 8, 8, 5, 3, 20, 10]],
      [ZERO, ZERO, ZERO, [3, 1, 1, 1, 1, 0, 2, 1]],
    ];
    const leaf = [realLeaf[0]!, [ZERO, ZERO, ZERO, padded(realLeaf[1]![3]!, 7)]];
    const published = cube(2, leaf);
    const { hidden, index } = published.audited(K, solve);
    // 10 cases with the padding are ≥ k: published, and 10 − 7 = 3.
    expect(hidden[index(0, 1, 3)]).toBe(0);
    expect(published.values[index(0, 1, 3)]! - 7).toBe(3);
  });

  it('counts with what the padder knows of their own cases: the table fast-check found where that narrows a small count of all units', () => {
    // Unit 0 in Q2 has 2 real cases and 4 padding; the padder's "at least 4 there" pinned category 3 of all units in Q4 (6).
    const realLeaf = [
      [[6, 0, 0, 6, 4, 2, 3, 3], [2, 0, 0, 2, 1, 1, 0, 2], ZERO, [8, 6, 0, 2, 0, 2, 0, 8]],
      [ZERO, [2, 0, 0, 2, 1, 1, 0, 2], [1, 0, 1, 0, 0, 0, 0, 1], [12, 4, 4, 4, 0, 4, 0, 12]],
    ];
    const leaf = realLeaf.map((quarters, u) => quarters.map((counts, q) => (u === 0 && q === 1 ? padded(counts, 4) : counts)));
    const { hidden } = cube(2, leaf).audited(K, solve, [[0, 1]]);
    const real = cube(2, realLeaf);
    expect(padderNarrows(real.values, real.relations, hidden, K)).toEqual([]);
  });

  it('leaves a padder no narrow interval on generated tables with a padded, untrusted unit × quarter', () => {
    fc.assert(
      fc.property(leafCounts(2), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 12 }), (realLeaf, u, q, p) => {
        const leaf = realLeaf.map((quarters, uu) => quarters.map((counts, qq) => (uu === u && qq === q ? padded(counts, p) : counts)));
        const { hidden, index } = cube(2, leaf).audited(K, solve, [[u, q]]);
        for (let c = 0; c < 8; c += 1) expect(hidden[index(c, u, q)]).toBe(1);
        const real = cube(2, realLeaf);
        expect(padderNarrows(real.values, real.relations, hidden, K)).toEqual([]);
      }),
      { numRuns: Number(process.env.INTERVAL_RUNS ?? 6) },
    );
  });
});
