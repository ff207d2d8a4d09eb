/**
 * Environment → validated configuration. The only module that reads `process.env` (and the `.env`
 * file beside it, see `withDotenvFile`).
 *
 * Development (anything but NODE_ENV=production): authentication is off, and missing secrets are
 * generated once into DATA_DIR so `npm start` works on a fresh machine. Production refuses to start
 * without Bot Framework credentials and without the secrets that protect notes and case keys.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { DEFAULT_NOTE_MAX_LENGTH } from '../cards/view-models';
import { CryptoError, parseKey, parseNotesKeys, singleKeyRing } from './crypto';
import type { NotesKeyRing } from './crypto';
import { perInstanceShare } from './http/rate-limit';
import { loadHrConfig } from './hr/hr-config';
import type { HrConfig } from './hr/hr-config';
import { DEFAULT_RETENTION_DAYS } from './retention/retention-periods';
import type { RetentionDays } from './retention/retention-periods';
import { ORG_UNIT_PATTERN } from './store/case-store';
import { parseTenantIds } from './teams/tenant';

export interface Config {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Bot Framework app registration; an empty app id switches JWT validation off (development only). */
  microsoftAppId: string;
  microsoftAppPassword: string;
  microsoftAppTenantId: string;
  microsoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** The SDK the bot runs on (BOT_RUNTIME): botbuilder (default) or the Microsoft 365 Agents SDK (bot/runtime/). */
  botRuntime: 'botbuilder' | 'agents';
  /**
   * The Entra tenants whose Teams activities the bot takes (lower case). null: every tenant, which
   * only development allows (see bot/teams/tenant.ts).
   */
  allowedTenantIds: readonly string[] | null;
  /** The notes key ring: NOTES_KEYS, or NOTES_KEY as a ring of one key. */
  notesKey: NotesKeyRing;
  caseKeySecret: Buffer;
  orgUnits: string[];
  meldkanalenFile: string | undefined;
  /** Largest request body accepted on /api/messages, in bytes. */
  maxBodyBytes: number;
  /** Longest free-text note accepted, in characters. */
  noteMaxLength: number;
  /** How often the reminder scheduler looks for due reminders, in milliseconds. */
  reminderPollMs: number;
  /**
   * Validate Bot Framework tokens against another OpenID metadata document than Microsoft's.
   * For offline verification only; production accepts it only on the loopback interface.
   */
  botAuthOverride: BotAuthOverride | null;
  /** Authenticated turns (or API calls) one user may make per minute on this instance (its INSTANCE_COUNT share); also the burst size. */
  rateLimitPerUserPerMinute: number;
  /** Requests per second this instance accepts (its INSTANCE_COUNT share) before answering 429. */
  rateLimitGlobalPerSecond: number;
  /** A request that has not been answered after this long gets 503; also bounds slow uploads. */
  requestTimeoutMs: number;
  /** Warnings to print at start-up (never secrets). */
  warnings: string[];
  /** The PostgreSQL store, when DATABASE_URL is set; otherwise the embedded SQLite store in DATA_DIR. */
  postgres: PostgresConfig | null;
  /** How long one turn may spend on calls to the Bot Connector, retries included, in ms. */
  turnBudgetMs: number;
  /** How long one call to the Bot Connector may wait for an answer before it is retried, in ms. */
  outboundTimeoutMs: number;
  /** The HR view: sign-in, role, k and the users of the `hr` command (bot/hr/hr-config.ts). */
  hr: HrConfig;
  /** How long each kind of record is kept (bot/retention/retention-periods.ts) and how often the purge job runs. */
  retention: { days: RetentionDays; purgeIntervalMs: number };
  /**
   * `mijn gegevens`: where browsers reach the bot (download links) and how long a link works.
   * publicBaseUrl is null in development without PUBLIC_BASE_URL: http://localhost:<listening port>.
   * teamsAppId (TEAMS_APP_ID, the Teams app's id): the link opens as a Teams dialog, where SSO works.
   */
  myData: { publicBaseUrl: string | null; linkMinutes: number; teamsAppId: string | null };
  /** The organisation's training the team-discussion kit links to (TEAM_TRAINING_URL, https); null: the card says to ask HR. */
  teamTrainingUrl: string | null;
}

export interface PostgresConfig {
  /** `postgres://user:password@host:port/database`; never logged. */
  url: string;
  poolMax: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  idleTimeoutMs: number;
}

export interface BotAuthOverride {
  openIdMetadataUrl: string;
  /** null keeps Bot Framework's own issuer. */
  tokenIssuer: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is incomplete or invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_ORG_UNITS = ['Beleid', 'Uitvoering', 'Bedrijfsvoering', 'Toezicht', 'Staf'];

const numberFrom = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .pipe(z.number().int().min(min).max(max));

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: numberFrom(3978, 0, 65535),
  HOST: z.string().optional(),
  DATA_DIR: z.string().optional(),
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppTenantId: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  BOT_RUNTIME: z.enum(['botbuilder', 'agents']).default('botbuilder'),
  ALLOWED_TENANT_IDS: z.string().optional(),
  NOTES_KEY: z.string().optional(),
  NOTES_KEYS: z.string().optional(),
  CASE_KEY_SECRET: z.string().optional(),
  ORG_UNITS: z.string().optional(),
  MELDKANALEN_FILE: z.string().optional(),
  MAX_BODY_BYTES: numberFrom(256 * 1024, 1024, 10 * 1024 * 1024),
  NOTE_MAX_LENGTH: numberFrom(DEFAULT_NOTE_MAX_LENGTH, 100, 20000),
  REMINDER_POLL_MS: numberFrom(30_000, 10, 3_600_000),
  RETENTION_CASE_DAYS: numberFrom(DEFAULT_RETENTION_DAYS.cases, 1, 36_500),
  RETENTION_NOTE_DAYS: numberFrom(DEFAULT_RETENTION_DAYS.notes, 1, 36_500),
  RETENTION_REMINDER_DAYS: numberFrom(DEFAULT_RETENTION_DAYS.reminders, 1, 36_500),
  RETENTION_HR_DAYS: numberFrom(DEFAULT_RETENTION_DAYS.hrLog, 1, 36_500),
  RETENTION_APPRAISAL_DAYS: numberFrom(DEFAULT_RETENTION_DAYS.appraisal, 1, 36_500),
  RETENTION_AUDIT_DAYS: numberFrom(DEFAULT_RETENTION_DAYS.audit, 1, 36_500),
  PURGE_INTERVAL_MS: numberFrom(3_600_000, 10, 86_400_000),
  PUBLIC_BASE_URL: z.string().optional(),
  MY_DATA_LINK_MINUTES: numberFrom(10, 1, 60),
  TEAMS_APP_ID: z.string().optional(),
  TEAM_TRAINING_URL: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_MAX: numberFrom(10, 1, 200),
  DATABASE_CONNECT_TIMEOUT_MS: numberFrom(5000, 100, 60_000),
  DATABASE_STATEMENT_TIMEOUT_MS: numberFrom(5000, 100, 600_000),
  DATABASE_IDLE_TIMEOUT_MS: numberFrom(30_000, 1000, 3_600_000),
  TURN_BUDGET_MS: numberFrom(10_000, 500, 60_000),
  OUTBOUND_TIMEOUT_MS: numberFrom(4000, 100, 60_000),
  ToBotFromChannelOpenIdMetadataUrl: z.string().optional(),
  ToBotFromChannelTokenIssuer: z.string().optional(),
  RATE_LIMIT_PER_USER_PER_MINUTE: numberFrom(60, 1, 100_000),
  RATE_LIMIT_GLOBAL_PER_SECOND: numberFrom(200, 1, 1_000_000),
  INSTANCE_COUNT: numberFrom(1, 1, 1000),
  REQUEST_TIMEOUT_MS: numberFrom(15_000, 100, 300_000),
});

interface DevSecrets {
  NOTES_KEY: string;
  CASE_KEY_SECRET: string;
}

/**
 * NOTES_KEYS, the whole ring: NOTES_KEY beside it would leave unclear which key seals new notes,
 * so both together are refused (NOTES_KEY's key belongs in the ring as `legacy:<key>`).
 */
function notesKeyRingFrom(value: string, notesKey: string | undefined, problems: string[]): NotesKeyRing {
  if (notesKey) problems.push('Set NOTES_KEYS or NOTES_KEY, not both: put the NOTES_KEY key in NOTES_KEYS as legacy:<key> (docs/operations.md).');
  try {
    return parseNotesKeys('NOTES_KEYS', value);
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
    problems.push(error.message);
    return singleKeyRing(Buffer.alloc(32));
  }
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

/** TEAMS_APP_ID: the id in the Teams app's manifest (a GUID), or null when not set. */
function teamsAppIdFrom(value: string | undefined, problems: string[]): string | null {
  const id = value?.trim() ?? '';
  if (id && !GUID.test(id)) problems.push('TEAMS_APP_ID must be the Teams app id from the app manifest (a GUID).');
  return id && GUID.test(id) ? id : null;
}

/** Development secrets live in DATA_DIR so notes written yesterday can still be read today. */
function developmentSecrets(dataDir: string, warnings: string[]): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets = { NOTES_KEY: randomBytes(32).toString('base64'), CASE_KEY_SECRET: randomBytes(32).toString('base64') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  warnings.push(`Generated development secrets in ${file}. Never use them in production.`);
  return secrets;
}

/**
 * `env` with the variables of `dir/.env` added, as `.env.example` suggests: a variable that is
 * already set (the shell, the service manager) wins over the file. Without a file, `env` as it is.
 * Parsed, not loaded into `process.env`, so nothing else starts to depend on it.
 */
export function withDotenvFile(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const file = join(dir, '.env');
  return existsSync(file) ? { ...parseDotenv(readFileSync(file)), ...env } : env;
}

/** The configuration of the process: its environment and the `.env` file of its working folder. */
export function loadConfig(env: NodeJS.ProcessEnv = withDotenvFile(process.env, process.cwd())): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataDir = resolve(e.DATA_DIR || './data');
  const warnings: string[] = [];
  const problems: string[] = [];

  if (production) {
    if (!e.MicrosoftAppId) problems.push('MicrosoftAppId is required in production (Bot Framework authentication).');
    if (!e.MicrosoftAppPassword && e.MicrosoftAppType !== 'UserAssignedMSI') {
      problems.push('MicrosoftAppPassword is required in production (Bot Framework authentication).');
    }
    if (!e.NOTES_KEY && !e.NOTES_KEYS) problems.push('NOTES_KEYS (or NOTES_KEY) is required in production (32-byte keys, base64 or hex; encrypt notes).');
    if (!e.CASE_KEY_SECRET) problems.push('CASE_KEY_SECRET is required in production (32 bytes, base64 or hex; keys the HR case key).');
  } else if (!e.MicrosoftAppId) {
    warnings.push('DEVELOPMENT MODE: Bot Framework authentication is OFF. Anyone who can reach this port can talk to the bot.');
  }

  const dev = production ? null : (e.NOTES_KEY || e.NOTES_KEYS) && e.CASE_KEY_SECRET ? null : developmentSecrets(dataDir, warnings);
  const keyFrom = (name: keyof DevSecrets, value: string | undefined): Buffer => {
    const raw = value || dev?.[name];
    if (!raw) return Buffer.alloc(32);
    try {
      return parseKey(name, raw);
    } catch (error) {
      problems.push((error as Error).message);
      return Buffer.alloc(32);
    }
  };
  const notesKey = e.NOTES_KEYS ? notesKeyRingFrom(e.NOTES_KEYS, e.NOTES_KEY, problems) : singleKeyRing(keyFrom('NOTES_KEY', e.NOTES_KEY));
  const caseKeySecret = keyFrom('CASE_KEY_SECRET', e.CASE_KEY_SECRET);

  const orgUnits = (e.ORG_UNITS ? e.ORG_UNITS.split(',') : DEFAULT_ORG_UNITS).map((u) => u.trim()).filter(Boolean);
  if (orgUnits.length === 0) problems.push('ORG_UNITS must name at least one organisation unit.');
  // The store refuses any other unit name, so a unit outside the pattern would be offered on the card
  // and every signal for it would fail.
  for (const unit of orgUnits.filter((u) => !ORG_UNIT_PATTERN.test(u))) {
    problems.push(
      `ORG_UNITS: "${unit}" is not a valid unit name. A name starts with a letter or digit, is at most 60 characters, and otherwise holds only letters, digits, spaces and & ' ( ) . , / _ + : – -`,
    );
  }
  const allowedTenantIds = allowedTenantIdsFrom(e, production, problems);

  // The URL holds a password: the message names the variable, never its value.
  const databaseUrl = e.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/./.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL.');
  if (e.OUTBOUND_TIMEOUT_MS > e.TURN_BUDGET_MS) problems.push('OUTBOUND_TIMEOUT_MS must not be longer than TURN_BUDGET_MS.');
  const publicBaseUrl = e.PUBLIC_BASE_URL?.trim().replace(/\/+$/, '') || null;
  const teamsAppId = teamsAppIdFrom(e.TEAMS_APP_ID, problems);
  const teamTrainingUrl = e.TEAM_TRAINING_URL?.trim() || null;
  if (teamTrainingUrl && !/^https:\/\/[^\s"<>]+$/.test(teamTrainingUrl)) problems.push('TEAM_TRAINING_URL must be an https URL (the organisation\'s training page).');
  if (production && !publicBaseUrl) problems.push('PUBLIC_BASE_URL is required in production: the https address where browsers reach this bot (download links of `mijn gegevens`).');
  else if (publicBaseUrl && (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicBaseUrl) || (production && !publicBaseUrl.startsWith('https://')))) {
    problems.push(`PUBLIC_BASE_URL must be an ${production ? 'https' : 'http(s)'} URL without query or fragment.`);
  }
  const hr = loadHrConfig(env, { production, dataDir, microsoftAppId: e.MicrosoftAppId ?? '' }, problems, warnings);
  const botAuthOverride = botAuthOverrideFrom(e.ToBotFromChannelOpenIdMetadataUrl, e.ToBotFromChannelTokenIssuer, production, problems, warnings);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    production,
    port: e.PORT,
    host: e.HOST || '0.0.0.0',
    dataDir,
    microsoftAppId: e.MicrosoftAppId ?? '',
    microsoftAppPassword: e.MicrosoftAppPassword ?? '',
    microsoftAppTenantId: e.MicrosoftAppTenantId ?? '',
    microsoftAppType: e.MicrosoftAppType ?? 'MultiTenant',
    botRuntime: e.BOT_RUNTIME,
    allowedTenantIds,
    notesKey,
    caseKeySecret,
    orgUnits,
    meldkanalenFile: e.MELDKANALEN_FILE || undefined,
    maxBodyBytes: e.MAX_BODY_BYTES,
    noteMaxLength: e.NOTE_MAX_LENGTH,
    reminderPollMs: e.REMINDER_POLL_MS,
    botAuthOverride,
    // The RATE_LIMIT_* settings are the budget of the whole service; each instance counts its share in memory.
    rateLimitPerUserPerMinute: perInstanceShare(e.RATE_LIMIT_PER_USER_PER_MINUTE, e.INSTANCE_COUNT),
    rateLimitGlobalPerSecond: perInstanceShare(e.RATE_LIMIT_GLOBAL_PER_SECOND, e.INSTANCE_COUNT),
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    warnings,
    postgres: databaseUrl
      ? {
          url: databaseUrl,
          poolMax: e.DATABASE_POOL_MAX,
          connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
          statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
          idleTimeoutMs: e.DATABASE_IDLE_TIMEOUT_MS,
        }
      : null,
    turnBudgetMs: e.TURN_BUDGET_MS,
    outboundTimeoutMs: e.OUTBOUND_TIMEOUT_MS,
    hr,
    retention: {
      days: {
        cases: e.RETENTION_CASE_DAYS,
        notes: e.RETENTION_NOTE_DAYS,
        reminders: e.RETENTION_REMINDER_DAYS,
        hrLog: e.RETENTION_HR_DAYS,
        appraisal: e.RETENTION_APPRAISAL_DAYS,
        audit: e.RETENTION_AUDIT_DAYS,
      },
      purgeIntervalMs: e.PURGE_INTERVAL_MS,
    },
    myData: { publicBaseUrl, linkMinutes: e.MY_DATA_LINK_MINUTES, teamsAppId },
    teamTrainingUrl,
  };
}

/**
 * Which tenants may talk to the bot. A multi-tenant app registration lets any Entra tenant install
 * it, and their activities would become cases in this organisation's figures, so production needs
 * the list: ALLOWED_TENANT_IDS, or the app's own tenant when the app is single-tenant. Development
 * without either takes every tenant (authentication is usually off there anyway).
 */
function allowedTenantIdsFrom(
  e: { ALLOWED_TENANT_IDS?: string | undefined; MicrosoftAppType?: string | undefined; MicrosoftAppTenantId?: string | undefined },
  production: boolean,
  problems: string[],
): readonly string[] | null {
  const singleTenant = e.MicrosoftAppType === 'SingleTenant' && e.MicrosoftAppTenantId ? e.MicrosoftAppTenantId : '';
  const given = e.ALLOWED_TENANT_IDS?.trim() || singleTenant;
  if (!given) {
    if (production) {
      problems.push(
        'ALLOWED_TENANT_IDS is required in production: the Entra tenant id(s) whose Teams users may use the bot, comma-separated ' +
          '(or set MicrosoftAppType=SingleTenant with MicrosoftAppTenantId).',
      );
    }
    return null;
  }
  const parsed = parseTenantIds(given);
  if (!parsed) problems.push(`${e.ALLOWED_TENANT_IDS?.trim() ? 'ALLOWED_TENANT_IDS' : 'MicrosoftAppTenantId'} must be Entra tenant ids (GUIDs); ALLOWED_TENANT_IDS takes several, comma-separated.`);
  return parsed ?? [];
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The signing keys are the bot's trust anchor: whoever serves them can speak as Teams. A remote
 * override is therefore refused in production (a stray test setting must not open the bot to a
 * foreign key); a loopback one can only be served from the same host, for offline verification.
 */
function botAuthOverrideFrom(
  metadataUrl: string | undefined,
  issuer: string | undefined,
  production: boolean,
  problems: string[],
  warnings: string[],
): BotAuthOverride | null {
  if (!metadataUrl) {
    if (issuer) problems.push('ToBotFromChannelTokenIssuer is only used together with ToBotFromChannelOpenIdMetadataUrl.');
    return null;
  }
  let url: URL;
  try {
    url = new URL(metadataUrl);
  } catch {
    problems.push('ToBotFromChannelOpenIdMetadataUrl must be an http(s) URL.');
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('ToBotFromChannelOpenIdMetadataUrl must be an http(s) URL.');
  if (production && !LOOPBACK_HOSTS.test(url.hostname)) {
    problems.push('ToBotFromChannelOpenIdMetadataUrl: production accepts only a loopback address (offline verification); remove it to use Microsoft\'s signing keys.');
  }
  warnings.push(
    `SECURITY: Bot Framework tokens are checked against the signing keys at ${url.origin}${url.pathname}${issuer ? ` with issuer ${issuer}` : ''}, NOT Microsoft's. For offline verification only.`,
  );
  return { openIdMetadataUrl: metadataUrl, tokenIssuer: issuer || null };
}
