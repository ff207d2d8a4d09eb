/**
 * Who may read the HR API: Entra ID bearer tokens as the Teams tab's SSO (`getAuthToken`) sends
 * them, checked with `jose`.
 *
 * | check                                   | on failure |
 * |-----------------------------------------|------------|
 * | `Authorization: Bearer <jwt>` present   | 401        |
 * | signature by a key of the JWKS, alg RS256 (ES256 for development tokens); `alg: none` never | 401 |
 * | issuer, audience, expiry, not-before (60 s clock tolerance) | 401 |
 * | `tid` is the configured tenant, `oid` is present | 401 |
 * | the app role (`roles`) or the configured group (`groups`) | 403 |
 * The answer says nothing else: no reason, no claims, nothing about the data.
 *
 * Development: a P-256 key pair is created once in DATA_DIR (`dev-hr-keys.json`), its public half
 * is the JWKS the verifier trusts, and `npm run dev-token` signs tokens with it.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import type { JSONWebKeySet, JWK, JWTPayload, JWTVerifyGetKey } from 'jose';
import { ID_PATTERN } from '../store/case-store';
import { tokenLifetimeProblem } from '../token-lifetime';
import { DEV_IDENTITY } from './hr-config';
import type { HrConfig } from './hr-config';

export type HrAccess = { ok: true; userId: string } | { ok: false; status: 401 | 403 };

/** A verified token: the Entra object id (`oid`) and the claims. */
export interface SignedIn {
  ok: true;
  userId: string;
  claims: JWTPayload;
}

const CLOCK_TOLERANCE_SECONDS = 60;
const DEV_ALGORITHM = 'ES256';
const DEV_KEY_ID = 'escalatiewijzer-development';
const DEV_TOKEN_LIFETIME_SECONDS = 3600;

interface DevKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

/** The development key pair, created on first use; never used when the identity is not `development`. */
export function developmentKeys(file: string): DevKeys {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevKeys;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys: DevKeys = {
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: DEV_KEY_ID, alg: DEV_ALGORITHM },
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: DEV_KEY_ID, alg: DEV_ALGORITHM, use: 'sig' },
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/** The public JWKS of the development identity (served by the bot in development). */
export function developmentJwks(config: HrConfig): JSONWebKeySet {
  return { keys: [developmentKeys(config.devKeysFile).publicJwk] };
}

export type DevRole = 'hr' | 'manager';

/** A signed development token: HR gets the configured app role, a manager none. */
export async function developmentToken(config: HrConfig, role: DevRole, now: Date = new Date()): Promise<string> {
  if (config.identity !== 'development') throw new Error('Development tokens exist only in development mode.');
  const { privateJwk } = developmentKeys(config.devKeysFile);
  const key = await importJWK(privateJwk, DEV_ALGORITHM);
  // Every time claim from `now`: a relative '1h' would count from the real clock, not the given one.
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: DEV_IDENTITY.tenantId, oid: `dev-${role}-${randomUUID()}`, roles: role === 'hr' ? [config.roleName] : [] })
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: DEV_KEY_ID, typ: 'JWT' })
    .setIssuer(DEV_IDENTITY.issuer)
    .setAudience(DEV_IDENTITY.audience)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + DEV_TOKEN_LIFETIME_SECONDS)
    .sign(key);
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export class HrAuthenticator {
  private readonly keys: JWTVerifyGetKey | null;
  private readonly algorithms: string[];

  constructor(
    private readonly config: HrConfig,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.algorithms = config.identity === 'development' ? [DEV_ALGORITHM] : ['RS256'];
    this.keys =
      config.identity === 'entra'
        ? createRemoteJWKSet(new URL(config.jwksUrl))
        : config.identity === 'development'
          ? createLocalJWKSet(developmentJwks(config))
          : null;
  }

  get enabled(): boolean {
    return this.keys !== null;
  }

  /** The result of checking one request's Authorization header for HR access. */
  async check(authorization: string | undefined): Promise<HrAccess> {
    const identity = await this.identify(authorization);
    if (!identity.ok) return identity;
    const hasRole = stringList(identity.claims.roles).includes(this.config.roleName);
    const inGroup = this.config.groupId !== null && stringList(identity.claims.groups).includes(this.config.groupId);
    return hasRole || inGroup ? { ok: true, userId: identity.userId } : { ok: false, status: 403 };
  }

  /**
   * Who signed in, whatever their role: the same checks as `check` but the role's. The
   * `mijn gegevens` download uses it to bind a link to the user it was made for.
   */
  async identify(authorization: string | undefined): Promise<SignedIn | { ok: false; status: 401 }> {
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
    if (!token || !this.keys) return { ok: false, status: 401 };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuers,
        audience: this.config.audiences,
        algorithms: this.algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat'],
        currentDate: this.now(),
      }));
    } catch {
      return { ok: false, status: 401 };
    }
    if (tokenLifetimeProblem(payload, Math.floor(this.now().getTime() / 1000))) return { ok: false, status: 401 };
    const userId = payload.oid;
    if (payload.tid !== this.config.tenantId || typeof userId !== 'string' || !ID_PATTERN.test(userId)) return { ok: false, status: 401 };
    return { ok: true, userId, claims: payload };
  }
}
