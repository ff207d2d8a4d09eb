/**
 * Bot Framework authentication that fails closed and quietly.
 *
 * botbuilder's own validation turns some refusals into a 500 (a bad signature is a plain
 * `JsonWebTokenError`, an unreachable key server a fetch error) and quotes token claims in its
 * error messages, which CloudAdapter then sends to the client and prints. Here every failure
 * becomes the same `401 Unauthorized`, and the log gets a reason code instead of the message:
 *
 * | botbuilder says                                   | reason             |
 * |---------------------------------------------------|--------------------|
 * | no Authorization header                           | missingToken       |
 * | no identity (wrong scheme, untrusted issuer)      | untrustedToken     |
 * | signing key not in the published keys            | unknownSigningKey  |
 * | signature, algorithm or format wrong              | badSignature       |
 * | token expired or not yet valid                    | expired            |
 * | audience is not this bot's app id                 | wrongAudience      |
 * | serviceurl claim differs from the activity's      | serviceUrlMismatch |
 * | the keys could not be fetched (logged as error)   | keysUnavailable    |
 * | anything else                                     | invalidToken       |
 */
import { AuthenticationError, BotFrameworkAuthentication } from 'botframework-connector';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory, UserTokenClient } from 'botframework-connector';
import { StatusCodes } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { Logger } from '../logger';

type Reason =
  | 'missingToken'
  | 'untrustedToken'
  | 'unknownSigningKey'
  | 'badSignature'
  | 'expired'
  | 'wrongAudience'
  | 'serviceUrlMismatch'
  | 'keysUnavailable'
  | 'invalidToken';

const REASONS: Array<[RegExp, Reason]> = [
  [/request is not authorized|channelIdHeader/i, 'missingToken'],
  [/no valid identity|not authenticated|issuer claim/i, 'untrustedToken'],
  [/signing key could not be retrieved/i, 'unknownSigningKey'],
  [/expired|not active/i, 'expired'],
  [/invalid appid|invalid audience/i, 'wrongAudience'],
  [/serviceurl claim/i, 'serviceUrlMismatch'],
  [/failed to load/i, 'keysUnavailable'],
  [/signature|algorithm|malformed|invalid token/i, 'badSignature'],
];

export function refusalReason(error: unknown): Reason {
  const message = error instanceof Error ? error.message : '';
  if (error instanceof Error && /fetch/i.test(error.name)) return 'keysUnavailable';
  return REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalidToken';
}

export class FailClosedAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super();
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(() => this.inner.authenticateRequest(activity, authHeader));
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.guard(() => this.inner.authenticateChannelRequest(authHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): ReturnType<BotFrameworkAuthentication['createBotFrameworkClient']> {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  private async guard<T>(authenticate: () => Promise<T>): Promise<T> {
    try {
      return await authenticate();
    } catch (error) {
      const reason = refusalReason(error);
      if (reason === 'keysUnavailable') this.log.error('authentication refused', { reason });
      else this.log.warn('authentication refused', { reason });
      throw new AuthenticationError('Unauthorized', StatusCodes.UNAUTHORIZED);
    }
  }
}
