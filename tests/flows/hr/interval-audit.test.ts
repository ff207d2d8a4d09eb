import { auditor, isSafeInterval } from '../../../flows/hr/interval-audit';
import type { SolveLp } from '../../../flows/hr/interval-audit';
import { packRelations } from '../../../flows/hr/suppression';
import type { Relation } from '../../../flows/hr/suppression';
import { loadLpSolver } from '../../../bot/hr/lp-solver';

const K = 10;
let solve: SolveLp;
beforeAll(async () => {
  solve = await loadLpSolver();
});

const audit = (values: number[], relations: Relation[], hidden: number[], integer = false) =>
  auditor({ values, relations: packRelations(relations), hidden: values.map((_, i) => (hidden.includes(i) ? 1 : 0)), k: K, solve, integer });

describe('the interval attacker', () => {
  it('uses that counts are never negative: a rectangle whose other corners are small pins a count between narrow bounds', () => {
    // Two units × two quarters of one count, margins published: a = 5, b = 0, c = 0, d = 2.
    // Linear algebra leaves a free (a + t, b − t, c − t, d + t), but b, c ≥ 0 stop it going up
    // and d ≥ 0 stops it going down by more than 2: a lies in 3 … 5, and d (0 … 2) may be 0.
    const values = [5, 0, 0, 2, 5, 2, 5, 2, 7];
    const relations = [
      { total: 4, parts: [0, 1] },
      { total: 5, parts: [2, 3] },
      { total: 6, parts: [0, 2] },
      { total: 7, parts: [1, 3] },
      { total: 8, parts: [4, 5] },
    ];
    const attacker = audit(values, relations, [0, 1, 2, 3]);
    expect(attacker.interval(0)).toEqual({ low: 3, high: 5 });
    expect(attacker.interval(3).low).toBe(0);
    expect(attacker.failing()).toEqual([0]);
  });

  it('leaves a small count safe when 0 is possible, or when it can lie anywhere in k values', () => {
    expect(isSafeInterval({ low: 0, high: 3 }, K)).toBe(true);
    expect(isSafeInterval({ low: 3, high: 12 }, K)).toBe(true);
    expect(isSafeInterval({ low: 3, high: 11 }, K)).toBe(false);
    // 12 = 11 + a + b with a, b hidden: a may be 0 or 1.
    expect(audit([12, 11, 1, 0], [{ total: 0, parts: [1, 2, 3] }], [2, 3]).interval(2)).toEqual({ low: 0, high: 1 });
  });

  it('finds the whole-count bounds with integer: true, which may be sharper than the relaxation', () => {
    // 2a = b with a + b = 3 (b hidden twice over): the relaxation allows a = 1.5 … only whole counts make a = 1.
    const values = [1, 2, 3];
    const relations = [
      { total: 1, parts: [0, 0] },
      { total: 2, parts: [0, 1] },
    ];
    expect(audit(values, relations, [0, 1], true).interval(0)).toEqual({ low: 1, high: 1 });
    expect(audit(values, relations, [0, 1]).interval(0)).toEqual({ low: 1, high: 1 });
  });

  it('on a neighbourhood finds an interval inside the whole attacker’s', () => {
    // x0 + x1 = 9 and x2 + x4 + x0 = 14: on its own x1 could be 0; with x2 and x4 fixed it is 4.
    const values = [5, 4, 6, 9, 3, 14];
    const relations = [
      { total: 3, parts: [0, 1] },
      { total: 5, parts: [2, 4, 0] },
    ];
    const hidden = values.map((_, i) => ([0, 1, 2, 4].includes(i) ? 1 : 0));
    const whole = auditor({ values, relations: packRelations(relations), hidden, k: K, solve }).interval(1);
    const near = auditor({ values, relations: packRelations(relations), hidden, k: K, solve, neighbourhood: () => [0, 1] }).interval(1);
    expect(whole.low).toBe(0);
    expect(near).toEqual({ low: 4, high: 4 });
  });
});
