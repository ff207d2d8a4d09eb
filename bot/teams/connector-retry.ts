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
 * botbuilder overwrites the client options' own policy list, so the policy is put into each
 * ConnectorClient's pipeline as it is made, in place of the default retry policy (which retries
 * neither 412 nor 429 without Retry-After, and has no time limit).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
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
/** Answers by which the Bot Connector says it did not take the request (503 only with Retry-After). */
const NOT_TAKEN_STATUSES: readonly number[] = [412, 429, 503];
/** Answers after which the request may or may not have been carried out. */
const UNCERTAIN_STATUSES: readonly number[] = [502, 503, 504];
/** Network errors raised before a byte was sent: the connection never opened. */
const NOT_SENT_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
/** A retry with less time than this left is not started; the first attempt gets at least this. */
const MIN_ATTEMPT_MS = 50;

/** What the policy needs of @azure/core-rest-pipeline's request, response and pipeline. */
export interface OutboundRequest {
  method: string;
  timeout: number;
  abortSignal?: { aborted: boolean };
}
export interface OutboundResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}
type SendRequest = (request: OutboundRequest) => Promise<OutboundResponse>;
interface PipelinePolicy {
  name: string;
  sendRequest(request: OutboundRequest, next: SendRequest): Promise<OutboundResponse>;
}
interface Pipeline {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: PipelinePolicy, options: { phase: 'Retry' }): void;
}

export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

const realClock: RetryClock = {
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

/**
 * The verdict on an attempt that threw: a timeout or a broken connection (unknown), a connection
 * that never opened (not taken), or null for anything else (not a network failure: passed on).
 */
export function verdictOfError(error: unknown): AttemptVerdict | null {
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown };
  if (name === 'AbortError') return { fate: 'unknown', reason: 'timeout' };
  if (name !== 'RestError' || typeof code !== 'string') return null;
  if (NOT_SENT_CODES.includes(code)) return { fate: 'notTaken' };
  return code === 'REQUEST_SEND_ERROR' || /^E[A-Z]+$/.test(code) ? { fate: 'unknown', reason: 'connectionReset' } : null;
}

/** Only a POST creates something (a message) each time it is carried out. */
const isRepeatable = (request: OutboundRequest) => request.method.toUpperCase() !== 'POST';

/** Told when a POST is given up because it may have arrived; the reason is a code. */
type OnUnknownDelivery = (reason: UnknownDeliveryReason) => void;

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

export function connectorRetryPolicy(timing: RetryTiming, log: Logger): PipelinePolicy {
  // Enumerated facts only: the method and the reason, never the conversation or the card.
  const onUnknownDelivery = (reason: UnknownDeliveryReason) => log.warn('delivery unknown', { method: 'POST', reason });
  return { name: 'escalatiewijzerConnectorRetry', sendRequest: (request, next) => sendWithRetries(request, next, timing, realClock, onUnknownDelivery) };
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

/** The ConnectorClient's pipeline: `client` is private in botbuilder's typings, public at run time. */
function pipelineOf(connector: ConnectorClient): Pipeline {
  const pipeline = (connector as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('ConnectorClient has no pipeline: check connector-retry.ts against the botbuilder version');
  return pipeline;
}

function retrying(factory: ConnectorFactory, timing: RetryTiming, log: Logger): ConnectorFactory {
  return {
    async create(serviceUrl: string, audience?: string) {
      const connector = await factory.create(serviceUrl, audience);
      const pipeline = pipelineOf(connector);
      pipeline.removePolicy({ name: 'defaultRetryPolicy' });
      pipeline.addPolicy(connectorRetryPolicy(timing, log), { phase: 'Retry' });
      return connector;
    },
  };
}

/** Bot Framework authentication whose connector clients retry as described above. */
export class RetryingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    credentials: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1],
    private readonly timing: RetryTiming,
    private readonly log: Logger,
  ) {
    super(settings, credentials);
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: retrying(result.connectorFactory, this.timing, this.log) } : result;
  }

  override createConnectorFactory(...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>) {
    return retrying(super.createConnectorFactory(...args), this.timing, this.log);
  }
}
