/**
 * Calls to the Bot Connector (replies, card updates, proactive messages) retried with jittered
 * exponential back-off, within the time a turn has.
 *
 * | the Bot Connector …                         | what happens                                          |
 * |---------------------------------------------|-------------------------------------------------------|
 * | answers 412, 429, 502, 503 or 504           | retried after a random delay up to 250 ms · 2^attempt |
 * |                                             | (at most 2 s), or after Retry-After when it fits      |
 * | does not answer within OUTBOUND_TIMEOUT_MS  | that attempt is abandoned and retried                 |
 * | refuses or resets the connection            | retried                                               |
 * | answers anything else                       | returned to botbuilder as it is                       |
 * | is still failing when the budget runs out   | the last answer (or error) is returned                |
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

export interface RetryTiming {
  /** The whole budget of a call made outside a turn, in ms. */
  budgetMs: number;
  /** How long one attempt may wait for an answer, in ms. */
  attemptTimeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_DELAYS = { baseDelayMs: 250, maxDelayMs: 2000 } as const;
export const RETRYABLE_STATUSES: readonly number[] = [412, 429, 502, 503, 504];
/** A retry with less time than this left is not started; the first attempt gets at least this. */
const MIN_ATTEMPT_MS = 50;

/** What the policy needs of @azure/core-rest-pipeline's request, response and pipeline. */
export interface OutboundRequest {
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

/** A network failure or an attempt that timed out, as opposed to a request the caller aborted. */
function isRetryableFailure(error: unknown, request: OutboundRequest): boolean {
  if (request.abortSignal?.aborted) return false;
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown };
  return name === 'AbortError' || (name === 'RestError' && typeof code === 'string' && (code === 'REQUEST_SEND_ERROR' || /^E[A-Z]+$/.test(code)));
}

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
): Promise<OutboundResponse> {
  const deadline = turnDeadline.getStore() ?? clock.now() + timing.budgetMs;
  for (let attempt = 0; ; attempt++) {
    request.timeout = Math.max(MIN_ATTEMPT_MS, Math.min(timing.attemptTimeoutMs, deadline - clock.now()));
    let response: OutboundResponse | undefined;
    let failure: unknown;
    try {
      response = await next(request);
      if (!RETRYABLE_STATUSES.includes(response.status)) return response;
    } catch (error) {
      if (!isRetryableFailure(error, request)) throw error;
      failure = error;
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

export function connectorRetryPolicy(timing: RetryTiming, clock?: RetryClock): PipelinePolicy {
  return { name: 'escalatiewijzerConnectorRetry', sendRequest: (request, next) => sendWithRetries(request, next, timing, clock) };
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;

/** The ConnectorClient's pipeline: `client` is private in botbuilder's typings, public at run time. */
function pipelineOf(connector: ConnectorClient): Pipeline {
  const pipeline = (connector as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('ConnectorClient has no pipeline: check connector-retry.ts against the botbuilder version');
  return pipeline;
}

function retrying(factory: ConnectorFactory, timing: RetryTiming): ConnectorFactory {
  return {
    async create(serviceUrl: string, audience?: string) {
      const connector = await factory.create(serviceUrl, audience);
      const pipeline = pipelineOf(connector);
      pipeline.removePolicy({ name: 'defaultRetryPolicy' });
      pipeline.addPolicy(connectorRetryPolicy(timing), { phase: 'Retry' });
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
  ) {
    super(settings, credentials);
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: retrying(result.connectorFactory, this.timing) } : result;
  }

  override createConnectorFactory(...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>) {
    return retrying(super.createConnectorFactory(...args), this.timing);
  }
}
