/**
 * The Bot Framework adapter with its authentication. botbuilder is archived (end of 2025): its
 * types stay in bot/teams/ so a move to the Microsoft 365 Agents SDK remains local.
 */
import { CloudAdapter, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { StoreError } from '../store/case-store';
import { DEFAULT_RETRY_DELAYS, RetryingBotFrameworkAuthentication } from './connector-retry';

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  };
  const auth = new RetryingBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings), {
    budgetMs: config.turnBudgetMs,
    attemptTimeoutMs: config.outboundTimeoutMs,
    ...DEFAULT_RETRY_DELAYS,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Never log the activity: it may hold free text. The error name and message are ours.
    log.error('turn failed', {
      error: error.name,
      ...(error instanceof StoreError ? { code: error.code } : {}),
      activityType: context.activity.type,
    });
  };
  return adapter;
}
