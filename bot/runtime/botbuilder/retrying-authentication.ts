/**
 * botbuilder's connector clients with the retry decisions of bot/teams/connector-retry.ts.
 * botbuilder overwrites the client options' own policy list, so the policy is put into each
 * ConnectorClient's @azure/core-rest-pipeline as it is made, in place of the default retry policy
 * (which retries neither 412 nor 429 without Retry-After, and has no time limit).
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Logger } from '../../logger';
import { realClock, sendWithRetries, unknownDeliveryLogger } from '../../teams/connector-retry';
import type { OutboundRequest, OutboundResponse, RetryTiming, SendRequest } from '../../teams/connector-retry';

interface PipelinePolicy {
  name: string;
  sendRequest(request: OutboundRequest, next: SendRequest): Promise<OutboundResponse>;
}
interface Pipeline {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: PipelinePolicy, options: { phase: 'Retry' }): void;
}

export function connectorRetryPolicy(timing: RetryTiming, log: Logger): PipelinePolicy {
  const onUnknownDelivery = unknownDeliveryLogger(log);
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
