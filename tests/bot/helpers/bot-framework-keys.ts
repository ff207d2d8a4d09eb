/**
 * The Bot Framework's token service, offline: a local OpenID metadata document with a local RS256
 * signing key (endorsed for `msteams`, like Microsoft's), and tokens signed the way the Bot
 * Connector signs them — or wrongly, for the refusal tests. Real signatures (jose), real
 * validation (botbuilder); only the key server is ours.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { AppCredentials, AuthenticationConstants } from 'botframework-connector';
import { getAuthConfigWithDefaults, MsalConnectionManager, MsalTokenProvider } from '@microsoft/agents-hosting';
import { agentsAuthConfiguration } from '../../../bot/runtime/agents/adapter';
import type { Config } from '../../../bot/config';

export const BOT_FRAMEWORK_ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;
const TRUSTED_KID = 'local-signing-key-1';

export interface TokenOptions {
  /** `foreign`: a key the metadata does not publish. */
  key?: 'trusted' | 'foreign';
  kid?: string;
}

export interface BotFrameworkKeys {
  metadataUrl: string;
  /** How often the bot fetched the keys. */
  keyFetches: number;
  /** A token as the Bot Connector would send it; `claims` replace the defaults (undefined removes one). */
  token(claims?: JWTPayload, options?: TokenOptions): Promise<string>;
  /** `alg: none`, no signature, the trusted key id. */
  unsignedToken(claims?: JWTPayload): string;
  /** HS256 with the published public key as the HMAC secret (algorithm confusion). */
  publicKeyHmacToken(claims?: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startBotFrameworkKeys(defaults: { appId: string; serviceUrl: string }): Promise<BotFrameworkKeys> {
  const trusted = await generateKeyPair('RS256', { extractable: true });
  const foreign = await generateKeyPair('RS256', { extractable: true });
  const publicPem = await exportSPKI(trusted.publicKey);
  const jwk = { ...(await exportJWK(trusted.publicKey)), kid: TRUSTED_KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] };

  let port = 0;
  const state = { keyFetches: 0 };
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `http://127.0.0.1:${port}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/.well-known/keys') {
      state.keyFetches += 1;
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const payload = (claims: JWTPayload): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    const merged: JWTPayload = { iss: BOT_FRAMEWORK_ISSUER, aud: defaults.appId, serviceurl: defaults.serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
    return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    get keyFetches() {
      return state.keyFetches;
    },
    async token(claims = {}, options = {}) {
      const pair = options.key === 'foreign' ? foreign : trusted;
      return new SignJWT(payload(claims)).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? TRUSTED_KID }).sign(pair.privateKey);
    },
    unsignedToken(claims = {}) {
      return `${b64({ alg: 'none', typ: 'JWT', kid: TRUSTED_KID })}.${b64(payload(claims))}.`;
    },
    async publicKeyHmacToken(claims = {}) {
      return new SignJWT(payload(claims)).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: TRUSTED_KID }).sign(Buffer.from(publicPem));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const OUTBOUND_TOKEN = 'outbound-token-from-the-local-login-stand-in';

/**
 * The bot's own calls to the Connector need a token from Microsoft's login service, which this
 * machine cannot reach: put one into botbuilder's token cache for the app id, the way a successful
 * login would have.
 */
export function seedOutboundToken(appId: string): void {
  // The cache is private in botbuilder's types; it is where MsalAppCredentials looks first.
  const { cache } = AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> };
  cache.set(`${appId}${AuthenticationConstants.ToChannelFromBotOAuthScope}-cache`, {
    accessToken: OUTBOUND_TOKEN,
    expiresOn: new Date(Date.now() + 3_600_000),
  });
}

/**
 * The same for the Agents SDK: its token cache (private, process-wide in MsalTokenProvider) gets
 * the token under the key the SDK computes for the bot's connection and the Bot Connector's scope.
 */
export function seedAgentsOutboundToken(config: Pick<Config, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppTenantId' | 'microsoftAppType'>): void {
  const connection = new MsalConnectionManager(undefined, undefined, getAuthConfigWithDefaults(agentsAuthConfiguration(config))).getDefaultConnection();
  const provider = connection as unknown as { connectionSettings: unknown; getAccessTokenCacheKey(settings: unknown, scope: string): string };
  const key = provider.getAccessTokenCacheKey(provider.connectionSettings, AuthenticationConstants.ToChannelFromBotOAuthScope);
  const { _accessTokenCache: cache } = MsalTokenProvider as unknown as { _accessTokenCache: { set(key: string, token: string, ttlSeconds: number): void } };
  cache.set(key, OUTBOUND_TOKEN, 3600);
}
