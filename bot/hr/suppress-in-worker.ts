/**
 * Runs one year's suppression and interval audit in a worker thread (suppression-worker.ts), so the
 * main thread only awaits it. Compiled (dist/, `npm start`) the worker is the .js next to this file;
 * from the TypeScript source (jest, tsx) it is the .ts file, loaded through tsx's require hook.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HrCube } from '../../flows/hr/aggregate';
import { revivedCube } from './cube-job';
import type { CubeJob } from './cube-job';
import type { SuppressionWorkerData } from './suppression-worker';

/** The worker's script, and how to start Node for it. */
function workerScript(): { file: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) return { file: join(__dirname, 'suppression-worker.ts'), execArgv: ['--require', require.resolve('tsx/cjs')] };
  return { file: join(__dirname, 'suppression-worker.js'), execArgv: [] };
}

/** The cube, or a rejection when the worker fails or stops without one; never a partial result. */
export function suppressInWorker(job: CubeJob, test: Pick<SuppressionWorkerData, 'hold'> = {}): Promise<HrCube> {
  const { file, execArgv } = workerScript();
  const workerData: SuppressionWorkerData = { job, ...test };
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData, execArgv });
    worker.once('message', (cube: unknown) => resolve(revivedCube(cube)));
    worker.once('error', reject);
    // After a message or an error this changes nothing; otherwise the worker died without an answer.
    worker.once('exit', (code) => reject(new Error(`suppression worker stopped (exit code ${code}) without a cube`)));
  });
}
