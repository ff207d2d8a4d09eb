/**
 * The Agents SDK's CloudAdapter, with the bot's connector retries and quiet turn errors.
 * `createConnectorClientWithIdentity` (incoming turns, proactive sends) and `createConnectorClient`
 * (new conversations) are the SDK's protected factories: each client they make gets the shared
 * retry policy (retrying-connector.ts). The SDK's default onTurnError would log the error and send
 * "The agent encountered an error" to the user; ours logs codes only, like botbuilder's
 * (bot/teams/turn-outcome.ts), and sends nothing.
 */
import { AuthType, CloudAdapter } from '@microsoft/agents-hosting';
import type { Activity } from '@microsoft/agents-activity';
import type { AuthConfiguration, ConnectorClient, HeaderPropagationCollection } from '@microsoft/agents-hosting';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { retryTimingOf } from '../../teams/connector-retry';
import type { RetryTiming } from '../../teams/connector-retry';
import { logTurnError } from '../../teams/turn-outcome';
import { withConnectorRetries } from './retrying-connector';

type Identity = Parameters<CloudAdapter['continueConversation']>[0] & object;

/** Botbuilder's settings (MicrosoftAppId, …) as the Agents SDK names them; MultiTenant bots get their tokens from botframework.com. */
export function agentsAuthConfiguration(config: Pick<Config, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppTenantId' | 'microsoftAppType'>): AuthConfiguration {
  if (config.microsoftAppId === '') return {};
  const tenantId = config.microsoftAppTenantId || (config.microsoftAppType === 'MultiTenant' ? 'botframework.com' : undefined);
  return {
    clientId: config.microsoftAppId,
    ...(tenantId ? { tenantId } : {}),
    ...(config.microsoftAppType === 'UserAssignedMSI' ? { authType: AuthType.UserManagedIdentity } : { clientSecret: config.microsoftAppPassword }),
  };
}

export class RetryingCloudAdapter extends CloudAdapter {
  constructor(
    authConfig: AuthConfiguration,
    private readonly timing: RetryTiming,
    private readonly log: Logger,
  ) {
    super(authConfig);
    // eslint-disable-next-line @typescript-eslint/require-await -- the adapter awaits its turn-error handler; logging needs no wait
    this.onTurnError = async (context, error) => logTurnError(log, error, context.activity);
  }

  protected override async createConnectorClientWithIdentity(identity: Identity, activity: Activity, headers?: HeaderPropagationCollection): Promise<ConnectorClient> {
    return withConnectorRetries(await super.createConnectorClientWithIdentity(identity, activity, headers), this.timing, this.log);
  }

  protected override async createConnectorClient(serviceUrl: string, scope: string, identity: Identity, headers?: HeaderPropagationCollection): Promise<ConnectorClient> {
    return withConnectorRetries(await super.createConnectorClient(serviceUrl, scope, identity, headers), this.timing, this.log);
  }
}

export function createAgentsAdapter(config: Config, log: Logger): RetryingCloudAdapter {
  return new RetryingCloudAdapter(agentsAuthConfiguration(config), retryTimingOf(config), log);
}
