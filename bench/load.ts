/**
 * The load generator: autocannon with 50 connections against /api/messages, the same for every
 * target. A warm-up run first (its figures are dropped), then the measured run.
 */
import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import type { LadderWorkload, WalkingCase } from './workload';

export const CONNECTIONS = 50;

export interface LoadFigures {
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts, non-2xx answers and answers that were not the expected turn. */
  errors: number;
  turns: number;
  durationS: number;
}

export type Run = { durationS: number } | { amount: number };

/** What to send: one fixed body, or the next step of a walking case per request. */
export type Requests = { body: string } | { ladder: LadderWorkload };

function figures(result: Result, unexpected: number): LoadFigures {
  const ok = result['2xx'];
  return {
    turnsPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx + unexpected,
    turns: ok,
    durationS: result.duration,
  };
}

export async function runLoad(url: string, requests: Requests, run: Run): Promise<LoadFigures> {
  const unexpectedBefore = 'ladder' in requests ? requests.ladder.stats.unexpected : 0;
  const options: autocannon.Options = {
    url: `${url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    timeout: 30,
    ...('durationS' in run ? { duration: run.durationS } : { amount: run.amount }),
    ...('body' in requests ? { body: requests.body } : { requests: [ladderRequest(requests.ladder)] }),
  };
  const result = await autocannon(options);
  const unexpected = 'ladder' in requests ? requests.ladder.stats.unexpected - unexpectedBefore : 0;
  return figures(result, unexpected);
}

/** One request entry that autocannon repeats: each time the next step of some case. */
function ladderRequest(ladder: LadderWorkload): autocannon.Request {
  return {
    // autocannon keeps a context per connection from a request until its answer.
    setupRequest: (request, context) => {
      const { body, walking } = ladder.take();
      (context as { walking?: WalkingCase }).walking = walking;
      return { ...request, body };
    },
    onResponse: (status, body, context) => {
      const { walking } = context as { walking?: WalkingCase };
      if (walking) ladder.answered(walking, status, body);
    },
  };
}
