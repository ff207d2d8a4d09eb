import { rulesOnly as suppress } from './helpers/rules-only';
import { determinedCells } from '../../bot/hr/helpers/linear-attacker';

const K = 10;
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

  it('never chooses a kept cell as a complement, and hides the total when nothing else protects', () => {
    // Parts 1 and 2 stay published: hiding part 3 alone needs the total hidden.
    const relations = [{ total: 0, parts: [1, 2, 3] }];
    const hidden = suppress({ values: [40, 20, 15, 5], relations, k: K, keep: [false, true, true, false] });
    expect(hiddenOf(hidden)).toEqual([0, 3]);
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
