/**
 * The worker thread that suppresses and audits one year's cube (suppress-in-worker.ts starts it): on
 * the bench data that is half a minute of CPU, which must not stall the bot's turns. One job per
 * worker; the cube goes back as the only message, a failure as the worker's error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SolveLp } from '../../flows/hr/interval-audit';
import { buildCube } from './cube-job';
import type { CubeJob } from './cube-job';
import { loadLpSolver } from './lp-solver';

export interface SuppressionWorkerData {
  job: CubeJob;
  /**
   * Lets a test hold the audit after its first problem, to show the main thread answers meanwhile:
   * the worker sets [0] to 1 and waits while it stays 1.
   */
  hold?: Int32Array;
}

function held(solve: SolveLp, hold: Int32Array): SolveLp {
  let first = true;
  return (problem) => {
    const result = solve(problem);
    if (first) {
      first = false;
      Atomics.store(hold, 0, 1);
      Atomics.notify(hold, 0);
      Atomics.wait(hold, 0, 1);
    }
    return result;
  };
}

async function run({ job, hold }: SuppressionWorkerData): Promise<void> {
  const solve = await loadLpSolver();
  parentPort!.postMessage(buildCube(job, hold ? held(solve, hold) : solve));
}

// A rejection is uncaught in the worker, which Node reports as the Worker's 'error' event.
void run(workerData as SuppressionWorkerData);
