/**
 * Bot Framework tokens on the Agents runtime, verified with jose instead of the SDK's `authorizeJWT`
 * (which answers the caller with the verifier's message and logs the error object). Fails closed
 * and quietly, like botbuilder's FailClosedAuthentication: every refusal is one 401 for the caller
 * and one reason code in the log (bot/teams/token-refusal.ts), the same codes for the same tokens.
 *
 * | the request …                                         | reason             |
 * |-------------------------------------------------------|--------------------|
 * | has no Authorization header                           | missingToken       |
 * | has another scheme, or a bearer value that is no JWT  | untrustedToken     |
 * | names another issuer than the Bot Framework's         | untrustedToken     |
 * | is signed with a key the metadata does not publish    | unknownSigningKey  |
 * | is unsigned, HS256, or the signature does not verify  | badSignature       |
 * | is expired or not yet valid (5 minutes' clock skew)   | expired            |
 * | is for another audience than this bot's app id        | wrongAudience      |
 * | has no serviceurl claim, or another than the activity's | serviceUrlMismatch |
 * | uses a key not endorsed for the activity's channel    | invalidToken       |
 * | the keys could not be fetched (logged as error)       | keysUnavailable    |
 * | has no `exp`, or lives longer than 24 hours           | noExpiry, lifetimeTooLong |
 *
 * Keys come from the OpenID metadata document (Microsoft's, or ToBotFromChannelOpenIdMetadataUrl
 * for offline verification) and are kept for a day; an unknown key id fetches them again, at most
 * once a minute, so made-up key ids cannot make the bot hammer the key server.
 */
import { decodeProtectedHeader, errors as joseErrors, importJWK, jwtVerify } from 'jose';
import type { JWK, JWTPayload } from 'jose';
import type { Config } from '../../config';
import type { TokenRefusalReason } from '../../teams/token-refusal';
import { tokenLifetimeProblem } from '../../token-lifetime';

/** Microsoft's published values (botframework-connector's AuthenticationConstants, without depending on botbuilder). */
const BOT_FRAMEWORK_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const CLOCK_TOLERANCE_SECONDS = 5 * 60;
const KEYS_KEPT_MS = 24 * 60 * 60 * 1000;
const MIN_REFETCH_MS = 60 * 1000;

type EndorsedJwk = JWK & { endorsements?: unknown };

/** A refusal carrying its reason; never shown to anyone. */
class Refusal extends Error {
  constructor(readonly reason: TokenRefusalReason) {
    super(reason);
    this.name = 'Refusal';
  }
}

export type Verification = { ok: true; claims: JWTPayload } | { ok: false; reason: TokenRefusalReason };

export interface VerifierOptions {
  appId: string;
  metadataUrl?: string;
  issuer?: string;
  now?: () => Date;
  fetch?: typeof fetch;
}

export class BotTokenVerifier {
  private keys: EndorsedJwk[] = [];
  private fetchedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: VerifierOptions) {}

  /** Verifies the Authorization header for `activity`; the claims of a token that passes every check. */
  async verify(authorization: string | undefined, activity: { channelId?: unknown; serviceUrl?: unknown }): Promise<Verification> {
    try {
      return { ok: true, claims: await this.check(authorization, activity) };
    } catch (error) {
      return { ok: false, reason: error instanceof Refusal ? error.reason : reasonOfJoseError(error) };
    }
  }

  private async check(authorization: string | undefined, activity: { channelId?: unknown; serviceUrl?: unknown }): Promise<JWTPayload> {
    if (!authorization) throw new Refusal('missingToken');
    const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) throw new Refusal('untrustedToken');
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new Refusal('untrustedToken');
    }
    if (header.alg !== 'RS256') throw new Refusal('badSignature');
    const jwk = await this.keyFor(header.kid);
    if (Array.isArray(jwk.endorsements) && !jwk.endorsements.includes(activity.channelId)) throw new Refusal('invalidToken');
    const { payload } = await jwtVerify(token, await importJWK(jwk, 'RS256'), {
      algorithms: ['RS256'],
      issuer: this.options.issuer ?? BOT_FRAMEWORK_ISSUER,
      audience: this.options.appId,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: this.now(),
    });
    if (typeof payload.serviceurl !== 'string' || payload.serviceurl !== activity.serviceUrl) throw new Refusal('serviceUrlMismatch');
    const lifetime = tokenLifetimeProblem(payload, Math.floor(this.now().getTime() / 1000));
    if (lifetime) throw new Refusal(lifetime);
    return payload;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async keyFor(kid: string | undefined): Promise<EndorsedJwk> {
    const age = Date.now() - this.fetchedAt;
    if (age > KEYS_KEPT_MS || (age > MIN_REFETCH_MS && !this.keys.some((key) => key.kid === kid))) await this.fetchKeys();
    const key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key) throw new Refusal('unknownSigningKey');
    return key;
  }

  private async fetchKeys(): Promise<void> {
    const get = this.options.fetch ?? fetch;
    try {
      const metadata = (await (await get(this.options.metadataUrl ?? BOT_FRAMEWORK_METADATA_URL)).json()) as { jwks_uri?: unknown };
      if (typeof metadata.jwks_uri !== 'string') throw new Error('no jwks_uri');
      const jwks = (await (await get(metadata.jwks_uri)).json()) as { keys?: unknown };
      if (!Array.isArray(jwks.keys)) throw new Error('no keys');
      this.keys = jwks.keys as EndorsedJwk[];
      this.fetchedAt = Date.now();
    } catch {
      // Keys we already have stay usable; without any, nothing can be verified.
      if (this.keys.length === 0) throw new Refusal('keysUnavailable');
    }
  }
}

function reasonOfJoseError(error: unknown): TokenRefusalReason {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrongAudience';
    if (error.claim === 'iss') return 'untrustedToken';
    if (error.claim === 'nbf' || error.claim === 'iat' || error.claim === 'exp') return 'expired';
    return 'invalidToken';
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JOSEAlgNotAllowed) return 'badSignature';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'untrustedToken';
  return 'invalidToken';
}

/** The verifier of the configured app id and key source; null in development without an app id (nothing is verified). */
export function botTokenVerifierFor(config: Pick<Config, 'microsoftAppId' | 'botAuthOverride'>): BotTokenVerifier | null {
  if (config.microsoftAppId === '') return null;
  const override = config.botAuthOverride;
  return new BotTokenVerifier({
    appId: config.microsoftAppId,
    ...(override ? { metadataUrl: override.openIdMetadataUrl, ...(override.tokenIssuer ? { issuer: override.tokenIssuer } : {}) } : {}),
  });
}

