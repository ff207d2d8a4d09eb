/**
 * The interval audit: what an attacker who knows every published number, and that counts are whole
 * and never negative, can still say about each hidden small count. Pure; the solver is handed in
 * (HiGHS in WebAssembly, loaded by bot/hr/lp-solver.ts).
 *
 * The policy (issue 19): a hidden count of 1 … k−1 is safe when the values the attacker cannot rule
 * out include 0, or span at least k values. An *untrusted* count (a unit × quarter the operational
 * store does not flag as large enough, issue 19 §2) is sensitive whatever its size: it may be
 * mostly padding, and whoever padded knows their part p of it and so reads the real rest as the
 * count minus p. The same test protects that rest: the attacker's own cases add the bound
 * count ≥ p, so the rest's interval is [max(low, p) − p, high − p]; it includes 0 when low ≤ p and
 * otherwise spans the count's high − low + 1 values. Their cases also bound the other untrusted
 * counts from below, which can narrow any count linked to them: the audit assumes the worst, that
 * every untrusted count is all padding (count ≥ its value) except in the groups (unit × quarters)
 * the asked count is made of — its own, or for a sum such as a unit's year the groups it adds up.
 * A sum of untrusted counts may be padding as well, so it is sensitive at any size too. Inside the
 * asked groups the padder's cases are one consistent table (a case counts in its total and in its
 * categories); that is not bounded here, and the tests' exact attacker, who subtracts a real padding
 * table, checks it on generated tables. The attacker's bounds on a cell are the minimum and the
 * maximum of that cell over every table that fits the published numbers: two linear programs with
 * the hidden cells as variables (≥ 0) and every relation (total = sum of parts) as a constraint.
 *
 * - `integer: true` asks for whole counts (a mixed-integer program): the exact attacker, which the
 *   tests run on small tables.
 * - Without it the bounds are the linear-programming relaxation's, rounded inward (up for the
 *   minimum, down for the maximum). That is the product's audit. Its limit: a relaxation can admit
 *   fractional tables only, so on tables whose relations are not totally unimodular (three or more
 *   crossing dimensions) the whole-count attacker may be a little sharper than this audit says.
 * - `neighbourhood` restricts the variables to some hidden cells near the audited one and fixes every
 *   other cell at its true value. Fixing cells only removes tables the attacker would also have
 *   to consider, so the interval found is inside the attacker's: a cell that passes on its
 *   neighbourhood passes on the whole table. (A cell that fails there may pass on the whole: the
 *   suppression then hides more than it strictly needs to.)
 */
import { relationsOfCells } from './suppression';
import type { PackedRelations } from './suppression';

/** The solution of a CPLEX LP-format problem, as `highs` reports it. */
export interface LpSolution {
  Status: string;
  ObjectiveValue: number;
  /** The values of the variables in the solution found. */
  Columns?: Record<string, { Primal: number }>;
}

/** Solves one problem in CPLEX LP format (highs' `solve`). */
export type SolveLp = (problem: string) => LpSolution;

export interface IntervalAuditInput {
  values: ArrayLike<number>;
  relations: PackedRelations;
  /** hidden[i] is 1 when cell i is not published. */
  hidden: ArrayLike<number>;
  k: number;
  solve: SolveLp;
  /** Whole counts (the exact attacker); the LP relaxation, rounded inward, when absent. */
  integer?: boolean;
  /** The hidden cells that may vary when auditing `cell` (it included); every hidden cell when absent. */
  neighbourhood?: (cell: number) => Iterable<number>;
  /** Counts that may be padding (see above); none when absent. */
  padding?: PaddingGroups;
}

/** Where padding may sit (issue 19 §2): groups of untrusted cells, numbered from 1. */
export interface PaddingGroups {
  /** 0 for a trusted cell, otherwise the group of an untrusted cell. */
  group: ArrayLike<number>;
  /** The groups whose cells a cell adds up: its own for an untrusted cell, none for a sum of trusted cells only. */
  covers: (cell: number) => readonly number[];
}

/** The values an attacker cannot rule out for a cell: whole numbers from `low` to `high` (Infinity: no upper bound). */
export interface AttackerInterval {
  low: number;
  high: number;
}

/** Below this, a solver's rounding noise. */
const TOLERANCE = 1e-6;

/** A sensitive count (1 … k−1) is safe when its interval includes 0 or spans at least k values. */
export const isSafeInterval = ({ low, high }: AttackerInterval, k: number) => low <= 0 || high - low + 1 >= k;

/** The attacker's LP/MIP problems for one cell, and their bounds. */
export function auditor(input: IntervalAuditInput): {
  interval(cell: number): AttackerInterval;
  zeroable(cells: readonly number[], variables: Iterable<number>): { zero: number[]; low: (cell: number) => number };
  roomy(cells: readonly number[], variables: Iterable<number>, from?: (cell: number) => number): number[];
  sensitive(cell: number): boolean;
  failing(): number[];
} {
  const { values, relations, hidden, k, solve, integer = false, neighbourhood, padding } = input;
  const byCell = relationsOfCells(values.length, relations);
  const allHidden = () => [...Array(values.length).keys()].filter((i) => hidden[i] === 1);

  /** The constraints over `variables`, with every other cell at its value. */
  const constraintsOf = (variables: ReadonlySet<number>): string[] => {
    const seen = new Set<number>();
    const lines: string[] = [];
    for (const cell of variables) {
      for (let i = byCell.start[cell]!; i < byCell.start[cell + 1]!; i += 1) {
        const r = byCell.relations[i]!;
        if (seen.has(r)) continue;
        seen.add(r);
        // total − Σ parts = 0, the cells that do not vary moved to the right-hand side.
        let constant = 0;
        const terms: string[] = [];
        const term = (c: number, sign: 1 | -1) => {
          if (variables.has(c)) terms.push(`${sign > 0 ? '+' : '-'} x${c}`);
          else constant -= sign * values[c]!;
        };
        term(relations.totals[r]!, 1);
        for (let p = relations.start[r]!; p < relations.start[r + 1]!; p += 1) term(relations.parts[p]!, -1);
        lines.push(` r${r}: ${terms.join(' ')} = ${constant}`);
      }
    }
    return lines;
  };

  /** A padder's own cases: every untrusted count among `variables` outside the groups `asked` covers is at least its value. */
  const padderBounds = (variables: ReadonlySet<number>, asked: readonly number[]): string[] => {
    if (!padding) return [];
    const askedGroups = new Set(asked.flatMap((cell) => padding.covers(cell)));
    const bounded = [...variables].filter((v) => padding.group[v]! > 0 && !askedGroups.has(padding.group[v]!) && values[v]! > 0);
    return bounded.length > 0 ? ['Bounds', ...bounded.map((v) => ` x${v} >= ${values[v]}`)] : [];
  };

  const bound = (cell: number, variables: ReadonlySet<number>, constraints: readonly string[], sense: 'Minimize' | 'Maximize'): number => {
    const problem = [
      sense,
      ` obj: x${cell}`,
      'Subject To',
      ...(constraints.length > 0 ? constraints : [` r: x${cell} >= 0`]),
      ...padderBounds(variables, [cell]),
      ...(integer ? ['General', ` ${[...variables].map((v) => `x${v}`).join(' ')}`] : []),
      'End',
    ].join('\n');
    const solution = solve(problem);
    if (solution.Status === 'Unbounded') return Infinity;
    if (solution.Status !== 'Optimal') throw new Error(`interval audit: the attacker's problem is ${solution.Status}`);
    return solution.ObjectiveValue;
  };

  const interval = (cell: number): AttackerInterval => {
    const variables = new Set([cell, ...(neighbourhood ? neighbourhood(cell) : allHidden())].filter((c) => hidden[c] === 1));
    const constraints = constraintsOf(variables);
    const low = Math.max(0, Math.ceil(bound(cell, variables, constraints, 'Minimize') - TOLERANCE));
    // 0 in the interval already makes the cell safe: the maximum is asked only when needed.
    if (low === 0) return { low, high: values[cell]! };
    const max = bound(cell, variables, constraints, 'Maximize');
    return { low, high: max === Infinity ? Infinity : Math.floor(max + TOLERANCE) };
  };

  /**
   * Many counts at once: one table that fits every published number and has the least sum of
   * `cells`, over `variables` (every other cell at its value). Each count that table makes 0 has 0
   * in its interval: that table is the proof. One problem instead of one per count. The padder's
   * bounds hold outside the groups `cells` cover: ask together only counts that cover the same.
   */
  const zeroable = (cells: readonly number[], variables: Iterable<number>): { zero: number[]; low: (cell: number) => number } => {
    const solution = jointTable('Minimize', cells, variables, []);
    const low = (c: number) => Math.max(0, Math.ceil((solution?.[`x${c}`]?.Primal ?? values[c]!) - TOLERANCE));
    return { zero: cells.filter((c) => (solution?.[`x${c}`]?.Primal ?? Infinity) <= TOLERANCE), low };
  };

  /**
   * The same the other way: one table with the greatest sum of `cells`, each capped at `from` + k − 1
   * (by default its value; better, its value in the least table zeroable found). Each count that
   * table lifts to its cap can take every value from `from` to the cap: k values, safe.
   */
  const roomy = (cells: readonly number[], variables: Iterable<number>, from: (cell: number) => number = (c) => values[c]!): number[] => {
    const cap = (c: number) => Math.min(values[c]!, from(c)) + k - 1;
    const solution = jointTable('Maximize', cells, variables, cells.map((c) => ` cap${c}: x${c} <= ${cap(c)}`));
    return cells.filter((c) => (solution?.[`x${c}`]?.Primal ?? -Infinity) >= cap(c) - TOLERANCE);
  };

  /** One table optimal for the sum of `cells` over `variables` (every other cell at its value); null when none is found. */
  const jointTable = (sense: 'Minimize' | 'Maximize', cells: readonly number[], variables: Iterable<number>, extra: readonly string[]): LpSolution['Columns'] | null => {
    const vars = new Set([...cells, ...variables].filter((c) => hidden[c] === 1));
    const constraints = [...constraintsOf(vars), ...extra];
    const problem = [
      sense,
      ` obj: ${cells.map((c) => `x${c}`).join(' + ')}`,
      'Subject To',
      ...(constraints.length > 0 ? constraints : [` r: x${cells[0]} >= 0`]),
      ...padderBounds(vars, cells),
      ...(integer ? ['General', ` ${[...vars].map((v) => `x${v}`).join(' ')}`] : []),
      'End',
    ].join('\n');
    const solution = solve(problem);
    return solution.Status === 'Optimal' && solution.Columns ? solution.Columns : null;
  };

  const sensitive = (cell: number) => hidden[cell] === 1 && values[cell]! >= 1 && (values[cell]! < k || (padding?.covers(cell).length ?? 0) > 0);

  return {
    interval,
    zeroable,
    roomy,
    sensitive,
    /** Hidden sensitive cells whose interval is unsafe. */
    failing: () => allHidden().filter((cell) => sensitive(cell) && !isSafeInterval(interval(cell), k)),
  };
}
