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
 * every other untrusted count is all padding (count ≥ its value), while it asks about one. The attacker's bounds on a cell are the minimum and the
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
  /** Cells whose count may be padding: sensitive at any size above 0, and a padder's lower bound otherwise (see above). */
  untrusted?: ArrayLike<boolean | number>;
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
  zeroable(cells: readonly number[], variables: Iterable<number>): number[];
  sensitive(cell: number): boolean;
  failing(): number[];
} {
  const { values, relations, hidden, k, solve, integer = false, neighbourhood, untrusted } = input;
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

  /** A padder's own cases: every untrusted count among `variables` but `except` is at least its value. */
  const padderBounds = (variables: ReadonlySet<number>, except: number | null): string[] => {
    const bounded = [...variables].filter((v) => v !== except && untrusted?.[v] && values[v]! > 0);
    return bounded.length > 0 ? ['Bounds', ...bounded.map((v) => ` x${v} >= ${values[v]}`)] : [];
  };

  const bound = (cell: number, variables: ReadonlySet<number>, constraints: readonly string[], sense: 'Minimize' | 'Maximize'): number => {
    const problem = [
      sense,
      ` obj: x${cell}`,
      'Subject To',
      ...(constraints.length > 0 ? constraints : [` r: x${cell} >= 0`]),
      ...padderBounds(variables, cell),
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
   * in its interval: that table is the proof. One problem instead of one per count. Every untrusted
   * count keeps its padder's bound here, so none of them passes this way: each is asked alone.
   */
  const zeroable = (cells: readonly number[], variables: Iterable<number>): number[] => {
    const vars = new Set([...cells, ...variables].filter((c) => hidden[c] === 1));
    const constraints = constraintsOf(vars);
    const problem = [
      'Minimize',
      ` obj: ${cells.map((c) => `x${c}`).join(' + ')}`,
      'Subject To',
      ...(constraints.length > 0 ? constraints : [` r: x${cells[0]} >= 0`]),
      ...padderBounds(vars, null),
      ...(integer ? ['General', ` ${[...vars].map((v) => `x${v}`).join(' ')}`] : []),
      'End',
    ].join('\n');
    const solution = solve(problem);
    if (solution.Status !== 'Optimal' || !solution.Columns) return [];
    return cells.filter((c) => (solution.Columns![`x${c}`]?.Primal ?? Infinity) <= TOLERANCE);
  };

  const sensitive = (cell: number) => hidden[cell] === 1 && values[cell]! >= 1 && (values[cell]! < k || Boolean(untrusted?.[cell]));

  return {
    interval,
    zeroable,
    sensitive,
    /** Hidden sensitive cells whose interval is unsafe. */
    failing: () => allHidden().filter((cell) => sensitive(cell) && !isSafeInterval(interval(cell), k)),
  };
}
