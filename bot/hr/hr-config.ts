/**
 * The HR view's configuration, validated with the rest in bot/config.ts (which hands over the
 * environment: this module reads no `process.env` itself).
 *
 * | identity      | when                                                   | tokens accepted                        |
 * |---------------|--------------------------------------------------------|----------------------------------------|
 * | `entra`       | HR_TENANT_ID or HR_JWKS_URL is set                     | RS256 from the tenant's JWKS           |
 * | `development` | not production and neither is set                      | ES256 from a key pair in DATA_DIR      |
 * | `disabled`    | production without HR_TENANT_ID: the HR API answers 503 | none                                   |
 *
 * Production never uses the development key pair, requires https for the JWKS and issuers, and
 * never serves the development token endpoint. HR_MIN_GROUP_SIZE below 5 is refused.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { ID_PATTERN } from '../store/case-store';

export type HrIdentity = 'entra' | 'development' | 'disabled';

export interface HrConfig {
  identity: HrIdentity;
  /** Entra tenant id; tokens must carry it as `tid` (empty in development). */
  tenantId: string;
  issuers: string[];
  jwksUrl: string;
  /** The app's client id and/or its `api://…` Application ID URI. */
  audiences: string[];
  /** The app role (`roles` claim) that grants HR access. */
  roleName: string;
  /** An Entra group id (`groups` claim) that grants HR access too; null when not used. */
  groupId: string | null;
  /** k: the smallest group an aggregate may show. */
  minGroupSize: number;
  /** Entra object ids allowed to use the bot command `hr` / `overzicht`. */
  userIds: string[];
  /** The development key pair (identity `development` only). */
  devKeysFile: string;
}

export const DEFAULT_HR_ROLE = 'Escalatiewijzer.HR';
export const DEFAULT_MIN_GROUP_SIZE = 10;
/** Never configurable below this: the privacy model's floor. */
export const MIN_GROUP_SIZE_FLOOR = 5;

/** What development tokens carry: fixed values that no Entra tenant issues. */
export const DEV_IDENTITY = {
  issuer: 'urn:escalatiewijzer:development',
  audience: 'api://escalatiewijzer-development',
  tenantId: 'development',
} as const;

const list = (value: string | undefined): string[] => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

const hrEnvSchema = z.object({
  HR_TENANT_ID: z.string().optional(),
  HR_ISSUERS: z.string().optional(),
  HR_JWKS_URL: z.string().optional(),
  HR_AUDIENCES: z.string().optional(),
  HR_ROLE: z.string().optional(),
  HR_GROUP_ID: z.string().optional(),
  HR_MIN_GROUP_SIZE: z.string().optional(),
  HR_USER_IDS: z.string().optional(),
});

export interface HrConfigContext {
  production: boolean;
  dataDir: string;
  microsoftAppId: string;
}

function isUrl(value: string, httpsOnly: boolean): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (!httpsOnly && url.protocol === 'http:');
  } catch {
    return false;
  }
}

/** Parses the HR_* variables; problems and warnings are added to the caller's lists. */
export function loadHrConfig(env: NodeJS.ProcessEnv, context: HrConfigContext, problems: string[], warnings: string[]): HrConfig {
  const e = hrEnvSchema.parse(env);
  const { production } = context;

  const k = e.HR_MIN_GROUP_SIZE ? Number(e.HR_MIN_GROUP_SIZE) : DEFAULT_MIN_GROUP_SIZE;
  if (!Number.isInteger(k) || k > 1000) problems.push('HR_MIN_GROUP_SIZE must be a whole number (default 10).');
  else if (k < MIN_GROUP_SIZE_FLOOR) problems.push(`HR_MIN_GROUP_SIZE is refused below ${MIN_GROUP_SIZE_FLOOR}: smaller groups could identify people.`);

  const userIds = list(e.HR_USER_IDS);
  if (userIds.some((id) => !ID_PATTERN.test(id))) problems.push('HR_USER_IDS must be Entra object ids, comma-separated.');
  const roleName = e.HR_ROLE?.trim() || DEFAULT_HR_ROLE;
  const groupId = e.HR_GROUP_ID?.trim() || null;

  const tenantId = e.HR_TENANT_ID?.trim() ?? '';
  const entra = Boolean(tenantId || e.HR_JWKS_URL);
  const identity: HrIdentity = entra ? 'entra' : production ? 'disabled' : 'development';
  const base = { roleName, groupId, minGroupSize: k, userIds, devKeysFile: join(context.dataDir, 'dev-hr-keys.json') };

  if (identity === 'disabled') {
    warnings.push('The HR API is off: set HR_TENANT_ID (and HR_AUDIENCES) to let HR sign in with Entra ID.');
    return { ...base, identity, tenantId: '', issuers: [], jwksUrl: '', audiences: [] };
  }
  if (identity === 'development') {
    warnings.push('DEVELOPMENT MODE: the HR API accepts development tokens (npm run dev-token). Never use this in production.');
    return { ...base, identity, tenantId: DEV_IDENTITY.tenantId, issuers: [DEV_IDENTITY.issuer], jwksUrl: '', audiences: [DEV_IDENTITY.audience] };
  }

  const issuers = e.HR_ISSUERS
    ? list(e.HR_ISSUERS)
    : tenantId
      ? [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`]
      : [];
  const jwksUrl = e.HR_JWKS_URL?.trim() || `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`;
  const audiences = e.HR_AUDIENCES ? list(e.HR_AUDIENCES) : context.microsoftAppId ? [context.microsoftAppId, `api://${context.microsoftAppId}`] : [];

  if (production && !tenantId) problems.push('HR_TENANT_ID is required in production when the HR API is configured.');
  if (issuers.length === 0) problems.push('HR_ISSUERS is required when HR_JWKS_URL is set without HR_TENANT_ID.');
  if (audiences.length === 0) problems.push('HR_AUDIENCES is required: the client id and/or api:// URI of the HR tab app.');
  if (!isUrl(jwksUrl, production)) problems.push(`HR_JWKS_URL must be an ${production ? 'https' : 'http(s)'} URL.`);
  if (production && issuers.some((issuer) => !isUrl(issuer, true))) problems.push('HR_ISSUERS must be https URLs in production.');
  if (issuers.includes(DEV_IDENTITY.issuer) || audiences.includes(DEV_IDENTITY.audience)) {
    problems.push('HR_ISSUERS / HR_AUDIENCES must not name the development identity.');
  }
  return { ...base, identity, tenantId, issuers, jwksUrl, audiences };
}
