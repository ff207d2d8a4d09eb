/**
 * Calls to the Bot Connector (replies, card updates, proactive messages) retried with jittered
 * exponential back-off, within the time a turn has — but a new message only when it certainly did
 * not arrive. Teams has no idempotency key: a POST repeated after a timeout may post the card twice.
 *
 * | the Bot Connector …                              | POST (a new message)  | PUT and others (idempotent) |
 * |--------------------------------------------------|-----------------------|-----------------------------|
 * | answers 412 or 429, or 503 with Retry-After      | retried               | retried                     |
 * | refuses the connection (nothing was sent)        | retried               | retried                     |
 * | does not answer within OUTBOUND_TIMEOUT_MS,      | NOT retried: it may   | retried                     |
 * | answers 502, 504 or 503 without Retry-After,     | have arrived; logged  |                             |
 * | or resets the connection                         | as `delivery unknown` |                             |
 * | answers anything else                            | returned to botbuilder as it is                     |
 * | is still failing when the budget runs out        | the last answer (or error) is returned              |
 *
 * A retry waits a random delay up to 250 ms · 2^attempt (at most 2 s), or Retry-After when it fits.
 * A reply whose delivery is unknown fails its turn after the turn's state was committed; the
 * manager's next message or click shows the current card (a click on an older card is answered as a
 * stale revision, with the current card). Reminders keep their own account (bot/reminders/).
 *
 * The budget is the turn's: TURN_BUDGET_MS from the moment the activity arrived (Teams waits
 * about 10–15 s), shared by every call the turn makes; outside a turn (proactive sends) each call
 * gets a budget of its own. Calls are independent requests on their own sockets, so a Bot Connector
 * endpoint (serviceUrl) that hangs holds up only the turns that talk to it, and those no longer than
 * their budget.
 *
 * The decisions live here once, free of any SDK; each runtime hooks `sendWithRetries` into its own
 * connector client: botbuilder's @azure/core-rest-pipeline (bot/runtime/botbuilder/retrying-authentication.ts),
 * the Agents SDK's fetch-based HttpClient (bot/runtime/agents/retrying-connector.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../logger';

export interface RetryTiming {
  /** The whole budget of a call made outside a turn, in ms. */
  budgetMs: number;
  /** How long one attempt may wait for an answer, in ms. */
  attemptTimeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_DELAYS = { baseDelayMs: 250, maxDelayMs: 2000 } as const;

/** The timing of the configured budget and attempt timeout (TURN_BUDGET_MS, OUTBOUND_TIMEOUT_MS). */
export function retryTimingOf(config: { turnBudgetMs: number; outboundTimeoutMs: number }): RetryTiming {
  return { budgetMs: config.turnBudgetMs, attemptTimeoutMs: config.outboundTimeoutMs, ...DEFAULT_RETRY_DELAYS };
}
/** Answers by which the Bot Connector says it did not take the request (503 only with Retry-After). */
const NOT_TAKEN_STATUSES: readonly number[] = [412, 429, 503];
/** Answers after which the request may or may not have been carried out. */
const UNCERTAIN_STATUSES: readonly number[] = [502, 503, 504];
/** Network errors raised before a byte was sent: the connection never opened. */
const NOT_SENT_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
/** undici's codes (Node's fetch, the Agents SDK) for a connection that broke after the request went out. */
const UNDICI_BROKEN_CODES: readonly string[] = ['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_ABORTED'];
/** A retry with less time than this left is not started; the first attempt gets at least this. */
const MIN_ATTEMPT_MS = 50;

/** What the policy needs of a runtime's outgoing request and its answer. */
export interface OutboundRequest {
  method: string;
  timeout: number;
  abortSignal?: { aborted: boolean };
}
export interface OutboundResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}
export type SendRequest = (request: OutboundRequest) => Promise<OutboundResponse>;

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const turnDeadline = new AsyncLocalStorage<number>();

/** Runs `work` (one turn) so that its calls to the Bot Connector end by `deadline` (ms since the epoch). */
export function withTurnDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return turnDeadline.run(deadline, work);
}

/** Why a request's fate is unknown, as logged: a code, never the request. */
export type UnknownDeliveryReason = 'timeout' | 'connectionReset' | 'badGateway' | 'serviceUnavailable' | 'gatewayTimeout';

/**
 * What one attempt says about the request: `answered` (a final answer, success or not), `notTaken`
 * (certainly not carried out: safe to repeat) or `unknown` (it may have been carried out).
 */
type AttemptVerdict = { fate: 'answered' } | { fate: 'notTaken' } | { fate: 'unknown'; reason: UnknownDeliveryReason };

const UNCERTAIN_STATUS_REASONS: Record<number, UnknownDeliveryReason> = { 502: 'badGateway', 503: 'serviceUnavailable', 504: 'gatewayTimeout' };

/** The verdict on an answer; `hasRetryAfter` tells a 503 that asks to come back from one that may have failed half-way. */
export function verdictOfStatus(status: number, hasRetryAfter: boolean): AttemptVerdict {
  if (NOT_TAKEN_STATUSES.includes(status) && (status !== 503 || hasRetryAfter)) return { fate: 'notTaken' };
  if (UNCERTAIN_STATUSES.includes(status)) return { fate: 'unknown', reason: UNCERTAIN_STATUS_REASONS[status]! };
  return { fate: 'answered' };
}

/** The network error code of a failed attempt: @azure/core-rest-pipeline's RestError, or fetch's TypeError and its cause. */
function networkCodeOf(name: unknown, code: unknown, cause: unknown): string | null {
  if (name === 'RestError') return typeof code === 'string' ? code : null;
  const causeCode = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return name === 'TypeError' && typeof causeCode === 'string' ? causeCode : null;
}

/**
 * The verdict on an attempt that threw: a timeout or a broken connection (unknown), a connection
 * that never opened (not taken), or null for anything else (not a network failure: passed on).
 * A timeout is an AbortError (core-rest-pipeline) or a TimeoutError (fetch with AbortSignal.timeout).
 */
export function verdictOfError(error: unknown): AttemptVerdict | null {
  const { name, code, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown; cause?: unknown };
  if (name === 'AbortError' || name === 'TimeoutError') return { fate: 'unknown', reason: 'timeout' };
  const network = networkCodeOf(name, code, cause);
  if (network === null) return null;
  if (NOT_SENT_CODES.includes(network)) return { fate: 'notTaken' };
  const broken = network === 'REQUEST_SEND_ERROR' || UNDICI_BROKEN_CODES.includes(network) || /^E[A-Z]+$/.test(network);
  return broken ? { fate: 'unknown', reason: 'connectionReset' } : null;
}

/** Only a POST creates something (a message) each time it is carried out. */
const isRepeatable = (request: OutboundRequest) => request.method.toUpperCase() !== 'POST';

/** Told when a POST is given up because it may have arrived; the reason is a code. */
export type OnUnknownDelivery = (reason: UnknownDeliveryReason) => void;

/** Retry-After in ms (seconds or an HTTP date), or null. */
function retryAfterMs(response: OutboundResponse | undefined, now: number): number | null {
  const value = response?.headers.get('retry-after');
  if (!value) return null;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

/**
 * Sends `request` with `next` until it gets an answer that is not retryable or the time is up.
 * Exported for the tests, which drive it with a fake clock.
 */
export async function sendWithRetries(
  request: OutboundRequest,
  next: SendRequest,
  timing: RetryTiming,
  clock: RetryClock = realClock,
  onUnknownDelivery: OnUnknownDelivery = () => undefined,
): Promise<OutboundResponse> {
  const deadline = turnDeadline.getStore() ?? clock.now() + timing.budgetMs;
  for (let attempt = 0; ; attempt++) {
    request.timeout = Math.max(MIN_ATTEMPT_MS, Math.min(timing.attemptTimeoutMs, deadline - clock.now()));
    let response: OutboundResponse | undefined;
    let failure: unknown;
    let verdict: AttemptVerdict | null;
    try {
      response = await next(request);
      verdict = verdictOfStatus(response.status, response.headers.get('retry-after') !== undefined);
    } catch (error) {
      // A request the caller aborted is not ours to repeat.
      verdict = request.abortSignal?.aborted ? null : verdictOfError(error);
      if (!verdict) throw error;
      failure = error;
    }
    if (verdict.fate === 'answered' && response) return response;
    if (verdict.fate === 'unknown' && !isRepeatable(request)) {
      onUnknownDelivery(verdict.reason);
      if (response) return response;
      throw failure;
    }
    const backoff = clock.random() * Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** attempt);
    const delay = Math.max(backoff, retryAfterMs(response, clock.now()) ?? 0);
    if (clock.now() + delay + MIN_ATTEMPT_MS > deadline) {
      if (response) return response;
      throw failure;
    }
    await clock.sleep(delay);
  }
}

/** The log line of a POST given up because it may have arrived: enumerated facts only, never the conversation or the card. */
export function unknownDeliveryLogger(log: Logger): OnUnknownDelivery {
  return (reason) => log.warn('delivery unknown', { method: 'POST', reason });
}
