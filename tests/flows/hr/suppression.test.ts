import fc from 'fast-check';
import { packRelations, suppress as suppressPacked } from '../../../flows/hr/suppression';
import type { Relation, SuppressionInput } from '../../../flows/hr/suppression';
import { determinedCells } from '../../bot/hr/helpers/linear-attacker';

const K = 10;
const suppress = (input: Omit<SuppressionInput, 'relations'> & { relations: Relation[] }) => suppressPacked({ ...input, relations: packRelations(input.relations) });
const hiddenOf = (hidden: Uint8Array) => [...hidden.keys()].filter((i) => hidden[i] === 1);

describe('suppression on one relation', () => {
  it('hides every cell below k, zero included, and nothing else when no relation needs it', () => {
    expect(hiddenOf(suppress({ values: [0, 9, 10, 400], relations: [], k: K }))).toEqual([0, 1]);
  });

  it('stops "total minus the visible cells": a lone small cell takes the next-smallest with it', () => {
    // total 60 = 3 + 12 + 45: hiding only 3 would let 60 − 12 − 45 reveal it.
    const hidden = suppress({ values: [60, 3, 12, 45], relations: [{ total: 0, parts: [1, 2, 3] }], k: K });
    expect(hiddenOf(hidden)).toEqual([1, 2]);
    expect(determinedCells([{ total: 0, parts: [1, 2, 3] }], new Set(hiddenOf(hidden)))).toEqual([]);
  });

  it('keeps hiding until the hidden cells together hold at least k cases', () => {
    // 2 + 3 = 5 would still reveal that five cases fall in those two categories.
    const hidden = suppress({ values: [40, 2, 3, 11, 24], relations: [{ total: 0, parts: [1, 2, 3, 4] }], k: K });
    expect(hiddenOf(hidden)).toEqual([1, 2, 3]);
  });

  it('hides a part when the total is hidden and every part is visible', () => {
    // 15 + 12 = 27 ≥ k, but a hidden total of visible parts is their sum.
    const hidden = suppress({ values: [27, 15, 12], relations: [{ total: 0, parts: [1, 2] }], k: 30 });
    expect(hidden[0]).toBe(1);
    expect(hiddenOf(hidden).length).toBeGreaterThan(1);
  });

  it('hides the total of a relation with a single hidden part', () => {
    expect(hiddenOf(suppress({ values: [4, 4], relations: [{ total: 0, parts: [1] }], k: K }))).toEqual([0, 1]);
  });

  it('never relies on cells that are known another way, and hides the total when nothing else protects', () => {
    // Parts 1 and 2 are known (timelines of large units): hiding part 3 alone needs the total hidden.
    const relations = [{ total: 0, parts: [1, 2, 3] }];
    const hidden = suppress({ values: [40, 20, 15, 5], relations, k: K, known: [false, true, true, false] });
    expect(hiddenOf(hidden)).toEqual([0, 3]);
  });
});

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
  return { values, relations };
}

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

describe('suppression on a whole unit × quarter × category table', () => {
  it('leaves no hidden cell that the published numbers determine, whatever the counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }).chain((units) => leafCounts(units).map((leaf) => ({ units, leaf }))), fc.integer({ min: 5, max: 12 }), ({ units, leaf }, k) => {
        const { values, relations } = cube(units, leaf);
        const hidden = suppress({ values, relations, k });
        for (let i = 0; i < values.length; i += 1) if (values[i] < k) expect(hidden[i]).toBe(1);
        expect(determinedCells(relations, new Set(hiddenOf(hidden)))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('also when the cells of some units are known from their timelines', () => {
    fc.assert(
      fc.property(leafCounts(3), fc.integer({ min: 0, max: 2 }), (leaf, knownUnit) => {
        const { values, relations } = cube(3, leaf);
        const Q = 4;
        const known = values.map((_, i) => Math.floor(i / (Q + 1)) % 4 === knownUnit);
        const hidden = suppress({ values, relations, k: K, known });
        const unknown = new Set(hiddenOf(hidden).filter((i) => !known[i]));
        expect(determinedCells(relations, unknown)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the linear attacker the tests rely on', () => {
  it('solves a lone hidden part, and a chain of relations', () => {
    expect(determinedCells([{ total: 0, parts: [1, 2, 3] }], new Set([1]))).toEqual([1]);
    const chain = [
      { total: 0, parts: [1, 2] },
      { total: 3, parts: [2, 4] },
      { total: 5, parts: [4, 6] },
    ];
    expect(determinedCells(chain, new Set([1, 2, 4])).sort()).toEqual([1, 2, 4]);
  });

  it('cannot solve a rectangle of four hidden cells', () => {
    const rectangle = [
      { total: 0, parts: [1, 2] },
      { total: 3, parts: [4, 5] },
      { total: 6, parts: [1, 4] },
      { total: 7, parts: [2, 5] },
    ];
    expect(determinedCells(rectangle, new Set([1, 2, 4, 5]))).toEqual([]);
  });
});
