import fc from 'fast-check';
import { suppressCube } from '../../../flows/hr/cube-suppression';
import type { Relation } from '../../../flows/hr/suppression';
import { determinedCells } from '../../bot/hr/helpers/linear-attacker';
import { rulesOnly } from './helpers/rules-only';

const K = 10;
/** The rules per relation alone (suppression.ts), for comparison. */
const suppress = (values: number[], relations: Relation[], k: number) => rulesOnly({ values, relations, k });
const hiddenOf = (hidden: Uint8Array) => [...hidden.keys()].filter((i) => hidden[i] === 1);

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
  return { values, relations, suppressIt: (k: number, known?: boolean[]) => suppressCube({ values, shape: { cells: C, rows: units + 1, columns: Q + 1 }, categories: CATEGORIES, k, known }) };
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
    expect(determinedCells(relations, new Set(hiddenOf(suppress(values, relations, k))))).not.toEqual([]);
  });

  it('leaves no hidden cell determined in the tables found before', () => {
    for (const [units, leaf, k] of FOUND) {
      const { values, relations, suppressIt } = cube(units, leaf);
      const hidden = suppressIt(k);
      for (let i = 0; i < values.length; i += 1) if (values[i] < k) expect(hidden[i]).toBe(1);
      expect(determinedCells(relations, new Set(hiddenOf(hidden)))).toEqual([]);
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

  it('refuses known cells that are not whole unit rows of a category tree', () => {
    // Its answer when no rectangle exists relies on it: a known cell here and there could leave a
    // hidden count determined that the known cells alone do not determine.
    const leaf = [0, 1, 2].map(() => [0, 1, 2, 3].map(() => [9, 3, 3, 3, 1, 2, 4, 5]));
    const { values, suppressIt } = cube(3, leaf);
    const Q = 4;
    const rowOf = (i: number) => Math.floor(i / (Q + 1)) % 4;
    expect(() => suppressIt(K, values.map((_, i) => i === 7))).toThrow(/whole unit rows/);
    expect(() => suppressIt(K, values.map((_, i) => rowOf(i) === 3))).toThrow(/whole unit rows/);
    expect(() => suppressIt(K, values.map((_, i) => rowOf(i) === 1))).not.toThrow();
  });

  it('leaves no hidden cell that the published numbers determine, whatever the counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }).chain((units) => leafCounts(units).map((leaf) => ({ units, leaf }))), fc.integer({ min: 5, max: 12 }), ({ units, leaf }, k) => {
        const { values, relations, suppressIt } = cube(units, leaf);
        const hidden = suppressIt(k);
        for (let i = 0; i < values.length; i += 1) if (values[i] < k) expect(hidden[i]).toBe(1);
        expect(determinedCells(relations, new Set(hiddenOf(hidden)))).toEqual([]);
      }),
      { numRuns: Number(process.env.SUPPRESSION_RUNS ?? 150) },
    );
  });

  it('also when the cells of some units are known from their timelines', () => {
    fc.assert(
      fc.property(leafCounts(4), fc.integer({ min: 0, max: 3 }), (leaf, knownUnit) => {
        const { values, relations, suppressIt } = cube(4, leaf);
        const Q = 4;
        const known = values.map((_, i) => Math.floor(i / (Q + 1)) % 5 === knownUnit);
        const hidden = suppressIt(K, known);
        const unknown = new Set(hiddenOf(hidden).filter((i) => !known[i]));
        expect(determinedCells(relations, unknown)).toEqual([]);
      }),
      { numRuns: Number(process.env.SUPPRESSION_RUNS ?? 150) },
    );
  });
});

