/**
 * The Bot Framework adapter with its authentication. botbuilder is archived (end of 2025): its
 * types stay in bot/teams/ so a move to the Microsoft 365 Agents SDK remains local.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  };
  const auth = new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings));
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Never log the activity: it may hold free text. The error name and message are ours.
    log.error('turn failed', { error: error.name, activityType: context.activity.type });
  };
  return adapter;
}
