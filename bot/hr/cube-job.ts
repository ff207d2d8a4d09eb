/**
 * A year's suppressed, audited cube as a job a worker thread can run: the figures go in as plain
 * data, the cube comes back as plain data (structured clone), and the main thread gives it its
 * methods again. Only data crosses the thread boundary, so the cube needs no serialiser of its own.
 */
import { HrCube } from '../../flows/hr/aggregate';
import type { HrUnitQuarter } from '../../flows/hr/aggregate';
import type { AppraisalCounter } from '../../flows/hr/appraisal-cells';
import type { HrAggregateRow } from '../../flows/hr/cells';
import type { SolveLp } from '../../flows/hr/interval-audit';

/** Everything the cube of one year is made from. */
export interface CubeJob {
  year: number;
  units: string[];
  k: number;
  rows: HrAggregateRow[];
  appraisals: AppraisalCounter[];
  /** The unit × quarters the operational store flags as large enough (issue 19 §2). */
  eligible: HrUnitQuarter[];
}

/** Suppression and interval audit of a year: the CPU-heavy part, run inside the worker. */
export function buildCube(job: CubeJob, solve: SolveLp): HrCube {
  return new HrCube(job.rows, { year: job.year, units: job.units, k: job.k, eligible: job.eligible, solve }, job.appraisals);
}

/** A cube that came through postMessage has the cube's fields but not its prototype: give it back. */
export function revivedCube(data: unknown): HrCube {
  return Object.setPrototypeOf(data, HrCube.prototype) as HrCube;
}
