/**
 * The interval audit's solver (flows/hr/interval-audit.ts): HiGHS compiled to WebAssembly, loaded
 * once per process. Solving is synchronous once it is loaded.
 */
import type { SolveLp } from '../../flows/hr/interval-audit';

type Highs = { solve(problem: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number } };

let loading: Promise<SolveLp> | null = null;

/** Quiet: the solver would otherwise print its log for every problem. */
const OPTIONS = { output_flag: false, log_to_console: false, presolve: 'off', solver: 'simplex' };

export function loadLpSolver(): Promise<SolveLp> {
  // Loaded on the first audit only; a dynamic import() would be a real ES import, which jest cannot load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loading ??= (require('highs') as () => Promise<Highs>)().then((highs) => (problem: string) => highs.solve(problem, OPTIONS));
  return loading;
}
