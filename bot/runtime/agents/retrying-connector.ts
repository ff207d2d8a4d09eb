/**
 * The Agents SDK's connector clients with the retry decisions of bot/teams/connector-retry.ts.
 * The SDK sends through its own fetch-based HttpClient, not @azure/core-rest-pipeline, and offers no
 * retry policy of its own; the hook it leaves is the ConnectorClient's public `httpClient`, whose
 * `request` is wrapped here as each client is made (bot/runtime/agents/adapter.ts). The HttpClient
 * throws an HttpError for any answer that is not 2xx: to the policy that is an answer like any
 * other, and the error is thrown again once the policy has decided.
 */
import { HttpError } from '@microsoft/agents-hosting';
import type { ConnectorClient, HttpClient, HttpRequestConfig, HttpResponse } from '@microsoft/agents-hosting';
import type { Logger } from '../../logger';
import { realClock, sendWithRetries, unknownDeliveryLogger } from '../../teams/connector-retry';
import type { OutboundRequest, OutboundResponse, RetryClock, RetryTiming } from '../../teams/connector-retry';

/** An attempt's answer as the policy sees it, keeping what the SDK returned or threw. */
interface Attempt extends OutboundResponse {
  outcome: { response: HttpResponse<unknown> } | { error: HttpError };
}

function attemptOf(outcome: Attempt['outcome']): Attempt {
  const { status, headers } = 'response' in outcome ? outcome.response : outcome.error.response;
  return { status, headers: { get: (name) => headers?.get(name) ?? undefined }, outcome };
}

/** Wraps `client`'s HttpClient so each request is sent with the policy; returns the same client. */
export function withConnectorRetries(client: ConnectorClient, timing: RetryTiming, log: Logger, clock: RetryClock = realClock): ConnectorClient {
  retryRequestsOf(client.httpClient, timing, unknownDeliveryLogger(log), clock);
  return client;
}

export function retryRequestsOf(http: HttpClient, timing: RetryTiming, onUnknownDelivery: ReturnType<typeof unknownDeliveryLogger>, clock: RetryClock = realClock): void {
  const send = http.request.bind(http);
  http.request = (async (config: HttpRequestConfig) => {
    const request: OutboundRequest = { method: config.method, timeout: config.timeout ?? 0, ...(config.signal ? { abortSignal: config.signal } : {}) };
    const attempt = async (current: OutboundRequest): Promise<Attempt> => {
      try {
        return attemptOf({ response: await send({ ...config, timeout: current.timeout }) });
      } catch (error) {
        if (error instanceof HttpError) return attemptOf({ error });
        throw error;
      }
    };
    const final = (await sendWithRetries(request, attempt, timing, clock, onUnknownDelivery)) as Attempt;
    if ('error' in final.outcome) throw final.outcome.error;
    return final.outcome.response;
  }) as HttpClient['request'];
}
