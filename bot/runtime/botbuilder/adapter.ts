/**
 * The Bot Framework adapter with its authentication. botbuilder is archived (end of 2025): its
 * types stay in bot/runtime/botbuilder/; the Agents SDK runs beside it (bot/runtime/agents/).
 */
import { CallerIdConstants, CloudAdapter, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { retryTimingOf } from '../../teams/connector-retry';
import { logTurnError } from '../../teams/turn-outcome';
import { FailClosedAuthentication } from './fail-closed-authentication';
import { RetryingBotFrameworkAuthentication } from './retrying-authentication';

export function createAdapter(config: Config, log: Logger): CloudAdapter {
  const settings = {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
    ...tokenValidationSettings(config),
  };
  const auth = new RetryingBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings), retryTimingOf(config), log);
  // botbuilder switches token validation off when there is no app id (development only, see config.ts).
  const adapter = new CloudAdapter(new FailClosedAuthentication(auth, log, config.microsoftAppId !== ''));
  // eslint-disable-next-line @typescript-eslint/require-await -- the adapter awaits its turn-error handler; logging needs no wait
  adapter.onTurnError = async (context: TurnContext, error: Error) => logTurnError(log, error, context.activity);
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
