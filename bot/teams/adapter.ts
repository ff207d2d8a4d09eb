/**
 * The Bot Framework adapter with its authentication. botbuilder is archived (end of 2025): its
 * types stay in bot/teams/ so a move to the Microsoft 365 Agents SDK remains local.
 */
import { CallerIdConstants, CloudAdapter, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { StoreError } from '../store/case-store';
import { DEFAULT_RETRY_DELAYS, RetryingBotFrameworkAuthentication } from './connector-retry';
import { FailClosedAuthentication } from './fail-closed-authentication';

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
    ...tokenValidationSettings(config),
  };
  const timing = { budgetMs: config.turnBudgetMs, attemptTimeoutMs: config.outboundTimeoutMs, ...DEFAULT_RETRY_DELAYS };
  const auth = new RetryingBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings), timing, log);
  // botbuilder switches token validation off when there is no app id (development only, see config.ts).
  const adapter = new CloudAdapter(new FailClosedAuthentication(auth, log, config.microsoftAppId !== ''));
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

/**
 * The settings botbuilder reads to validate incoming tokens (`ConfigurationBotFrameworkAuthentication`
 * → `BotFrameworkAuthenticationFactory`). As soon as one of them is set, botbuilder takes every one
 * of them as given, so an override restates the public-cloud values for the rest — outgoing calls
 * keep using Microsoft's login, and Emulator tokens keep Microsoft's keys.
 */
export function tokenValidationSettings(config: Pick<Config, 'botAuthOverride'>): Record<string, string | boolean> {
  const override = config.botAuthOverride;
  if (!override) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: override.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: override.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}
