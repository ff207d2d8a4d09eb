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
 *
 * A token botbuilder accepts is then checked once more (see bot/token-lifetime.ts):
 *
 * | the verified token …                              | reason             |
 * |---------------------------------------------------|--------------------|
 * | has no `exp` claim                                | noExpiry           |
 * | lives longer than 24 hours                        | lifetimeTooLong    |
 */
import { AuthenticationError, BotFrameworkAuthentication } from 'botframework-connector';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory, UserTokenClient } from 'botframework-connector';
import { StatusCodes } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { Logger } from '../../logger';
import { logTokenRefusal } from '../../teams/token-refusal';
import type { TokenRefusalReason as Reason } from '../../teams/token-refusal';
import { tokenLifetimeProblem } from '../../token-lifetime';
import type { TokenLifetimeProblem } from '../../token-lifetime';

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

/** Raised after botbuilder accepted the token; carries its own reason. */
class TokenLifetimeError extends Error {
  constructor(readonly reason: TokenLifetimeProblem) {
    super(reason);
    this.name = 'TokenLifetimeError';
  }
}

export function refusalReason(error: unknown): Reason {
  if (error instanceof TokenLifetimeError) return error.reason;
  const message = error instanceof Error ? error.message : '';
  if (error instanceof Error && /fetch/i.test(error.name)) return 'keysUnavailable';
  return REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalidToken';
}

export class FailClosedAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly log: Logger,
    /** false when botbuilder verifies nothing: development without an app id. */
    private readonly verifiesTokens: boolean,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(() => this.inner.authenticateRequest(activity, authHeader), (result) => result.claimsIdentity);
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(() => this.inner.authenticateStreamingRequest(authHeader, channelIdHeader), (result) => result.claimsIdentity);
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.guard(() => this.inner.authenticateChannelRequest(authHeader), (identity) => identity);
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

  private async guard<T>(authenticate: () => Promise<T>, identityOf: (result: T) => ClaimsIdentity): Promise<T> {
    try {
      const result = await authenticate();
      this.assertLifetime(identityOf(result));
      return result;
    } catch (error) {
      logTokenRefusal(this.log, refusalReason(error));
      throw new AuthenticationError('Unauthorized', StatusCodes.UNAUTHORIZED);
    }
  }

  /** The identity's claims are those of the token botbuilder has just verified. */
  private assertLifetime(identity: ClaimsIdentity): void {
    if (!this.verifiesTokens) return;
    const claims = Object.fromEntries(identity.claims.map((claim) => [claim.type, claim.value as unknown]));
    const problem = tokenLifetimeProblem(claims, Math.floor(this.now().getTime() / 1000));
    if (problem) throw new TokenLifetimeError(problem);
  }
}
