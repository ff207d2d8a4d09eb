import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, withDotenvFile } from '../../bot/config';
import { DEFAULT_RETENTION_DAYS } from '../../bot/retention/retention-periods';
import { tokenValidationSettings } from '../../bot/runtime/botbuilder/adapter';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ew-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TENANT = '5e7a0c1d-0000-4000-8000-00000000e057';
const OTHER_TENANT = '0b1ec7ed-0000-4000-8000-000000000002';

const production = () => ({
  NODE_ENV: 'production',
  DATA_DIR: dir,
  MicrosoftAppId: 'app-id',
  MicrosoftAppPassword: 'app-password',
  NOTES_KEY: randomBytes(32).toString('base64'),
  CASE_KEY_SECRET: randomBytes(32).toString('base64'),
  PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl',
  ALLOWED_TENANT_IDS: TENANT,
});

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('the .env file', () => {
  it('adds its variables; a variable already set wins; without a file nothing changes', () => {
    const folder = mkdtempSync(join(dir, 'dotenv-'));
    expect(withDotenvFile({ DATA_DIR: dir }, folder)).toEqual({ DATA_DIR: dir });
    writeFileSync(join(folder, '.env'), '# as in .env.example\nPORT=3988\nORG_UNITS="Noord, Zuid"\nHOST=127.0.0.1\n');
    const config = loadConfig(withDotenvFile({ DATA_DIR: dir, HOST: '0.0.0.0' }, folder));
    expect(config).toMatchObject({ port: 3988, orgUnits: ['Noord', 'Zuid'], host: '0.0.0.0' });
  });
});

describe('the Bot Framework signing-key override', () => {
  it('is off unless set: botbuilder keeps Microsoft’s keys and issuer', () => {
    const config = loadConfig(production());
    expect(config.botAuthOverride).toBeNull();
    expect(tokenValidationSettings(config)).toEqual({});
  });

  it.each(['http://127.0.0.1:4000/v1/.well-known/openidconfiguration', 'https://localhost/keys', 'http://[::1]:9/x'])(
    'production accepts a loopback key server (%s) and warns loudly',
    (url) => {
      const config = loadConfig({ ...production(), ToBotFromChannelOpenIdMetadataUrl: url });
      expect(config.botAuthOverride).toEqual({ openIdMetadataUrl: url, tokenIssuer: null });
      expect(config.warnings.join('\n')).toMatch(/^SECURITY: .*NOT Microsoft's/m);
    },
  );

  it.each(['https://keys.example.org/openid', 'http://10.0.0.5/keys', 'http://127.0.0.1.example.org/keys'])(
    'production refuses a key server that is not on this host (%s)',
    (url) => {
      expect(problemsOf({ ...production(), ToBotFromChannelOpenIdMetadataUrl: url })).toEqual([
        expect.stringContaining('production accepts only a loopback address'),
      ]);
    },
  );

  it('development accepts any key server, with the same warning', () => {
    const config = loadConfig({ DATA_DIR: dir, ToBotFromChannelOpenIdMetadataUrl: 'https://keys.example.org/openid', ToBotFromChannelTokenIssuer: 'https://issuer.example.org' });
    expect(config.botAuthOverride).toEqual({ openIdMetadataUrl: 'https://keys.example.org/openid', tokenIssuer: 'https://issuer.example.org' });
    expect(config.warnings.some((w) => w.startsWith('SECURITY:') && w.includes('https://issuer.example.org'))).toBe(true);
  });

  it.each([
    [{ ToBotFromChannelTokenIssuer: 'https://issuer.example.org' }, 'only used together with ToBotFromChannelOpenIdMetadataUrl'],
    [{ ToBotFromChannelOpenIdMetadataUrl: 'not a url' }, 'must be an http(s) URL'],
    [{ ToBotFromChannelOpenIdMetadataUrl: 'file:///etc/keys.json' }, 'must be an http(s) URL'],
  ])('refuses a half or malformed override %j', (env, problem) => {
    expect(problemsOf({ DATA_DIR: dir, ...env }).join('\n')).toContain(problem);
  });

  it('restates every other endpoint with Microsoft’s public-cloud values, because botbuilder then takes all as given', () => {
    const settings = tokenValidationSettings({ botAuthOverride: { openIdMetadataUrl: 'http://127.0.0.1:1/m', tokenIssuer: null } });
    expect(settings).toEqual({
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:1/m',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
      ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    });
  });
});

describe('abuse limits', () => {
  it('are the budget of the whole service: each of INSTANCE_COUNT instances takes its share', () => {
    expect(loadConfig({ DATA_DIR: dir, INSTANCE_COUNT: '3', RATE_LIMIT_PER_USER_PER_MINUTE: '60', RATE_LIMIT_GLOBAL_PER_SECOND: '200' })).toMatchObject({
      rateLimitPerUserPerMinute: 20,
      rateLimitGlobalPerSecond: 66,
    });
  });

  it('have safe defaults', () => {
    expect(loadConfig({ DATA_DIR: dir })).toMatchObject({ rateLimitPerUserPerMinute: 60, rateLimitGlobalPerSecond: 200, requestTimeoutMs: 15_000, maxBodyBytes: 256 * 1024 });
  });

  it.each([
    ['RATE_LIMIT_PER_USER_PER_MINUTE', '0'],
    ['RATE_LIMIT_GLOBAL_PER_SECOND', 'lots'],
    ['REQUEST_TIMEOUT_MS', '10'],
    ['INSTANCE_COUNT', '0'],
  ])('refuses %s=%s', (name, value) => {
    expect(problemsOf({ DATA_DIR: dir, [name]: value }).join('\n')).toContain(name);
  });
});

const development = (env: Record<string, string>) => loadConfig({ DATA_DIR: dir, ...env });

describe('retention settings', () => {
  it('default per record type, and each can be set in days', () => {
    expect(development({}).retention).toEqual({ days: DEFAULT_RETENTION_DAYS, purgeIntervalMs: 3_600_000 });
    const set = development({
      RETENTION_CASE_DAYS: '3650',
      RETENTION_NOTE_DAYS: '365',
      RETENTION_REMINDER_DAYS: '30',
      RETENTION_HR_DAYS: '3653',
      RETENTION_APPRAISAL_DAYS: '1096',
      RETENTION_AUDIT_DAYS: '7305',
      PURGE_INTERVAL_MS: '86400000',
    }).retention;
    expect(set).toEqual({ days: { cases: 3650, notes: 365, reminders: 30, hrLog: 3653, appraisal: 1096, audit: 7305 }, purgeIntervalMs: 86_400_000 });
  });

  it('refuses a period that is not a whole number of days from 1 up', () => {
    expect(problemsOf({ DATA_DIR: dir, RETENTION_CASE_DAYS: '0' })).toEqual([expect.stringMatching(/^RETENTION_CASE_DAYS/)]);
    expect(problemsOf({ DATA_DIR: dir, RETENTION_AUDIT_DAYS: 'five years' })).toEqual([expect.stringMatching(/^RETENTION_AUDIT_DAYS/)]);
  });
});

describe('the address of download links (PUBLIC_BASE_URL)', () => {
  it('is the listening port on localhost in development unless set, and loses a trailing slash', () => {
    expect(development({}).myData).toEqual({ publicBaseUrl: null, linkMinutes: 10, teamsAppId: null });
    expect(development({ PUBLIC_BASE_URL: 'http://bot.local:3978/', MY_DATA_LINK_MINUTES: '5' }).myData).toEqual({
      publicBaseUrl: 'http://bot.local:3978',
      linkMinutes: 5,
      teamsAppId: null,
    });
  });

  it('opens in a Teams dialog with TEAMS_APP_ID, which must be the app manifest’s GUID', () => {
    expect(development({ TEAMS_APP_ID: '4cbe9602-8e71-4f34-802d-e7de7aadcfa3' }).myData.teamsAppId).toBe('4cbe9602-8e71-4f34-802d-e7de7aadcfa3');
    expect(problemsOf({ DATA_DIR: dir, TEAMS_APP_ID: 'escalatiewijzer' })).toEqual([expect.stringMatching(/^TEAMS_APP_ID must be/)]);
  });

  it('is required in production, over https', () => {
    const { PUBLIC_BASE_URL: _unset, ...withoutBaseUrl } = production();
    expect(problemsOf(withoutBaseUrl)).toEqual([expect.stringContaining('PUBLIC_BASE_URL is required in production')]);
    expect(problemsOf({ ...production(), PUBLIC_BASE_URL: 'http://escalatiewijzer.example.nl' })).toEqual([expect.stringContaining('https')]);
    expect(loadConfig({ ...production(), PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl/bot' }).myData.publicBaseUrl).toBe(
      'https://escalatiewijzer.example.nl/bot',
    );
  });

  it('refuses a link lifetime over an hour', () => {
    expect(problemsOf({ DATA_DIR: dir, MY_DATA_LINK_MINUTES: '120' })).toEqual([expect.stringMatching(/^MY_DATA_LINK_MINUTES/)]);
  });
});

describe('development mode', () => {
  it('warns that Bot Framework authentication and the HR sign-in are off; production has no such mode', () => {
    const warnings = loadConfig({ DATA_DIR: dir }).warnings.join('\n');
    expect(warnings).toMatch(/^DEVELOPMENT MODE: Bot Framework authentication is OFF/m);
    expect(warnings).toMatch(/^DEVELOPMENT MODE: the HR API accepts development tokens/m);
    expect(loadConfig(production()).warnings.join('\n')).not.toMatch(/DEVELOPMENT MODE/);
    expect(problemsOf({ ...production(), MicrosoftAppId: '' })).toEqual([expect.stringContaining('MicrosoftAppId is required in production')]);
  });
});

describe('organisation units (ORG_UNITS)', () => {
  it('accepts names the store accepts, en dash and parentheses included', () => {
    expect(development({ ORG_UNITS: 'Directie Beleid (DB), Uitvoering – Noord, P&O' }).orgUnits).toEqual(['Directie Beleid (DB)', 'Uitvoering – Noord', 'P&O']);
  });

  it.each([
    ['a character the store refuses', 'Team #1'],
    ['a name that starts with punctuation', '-Staf'],
    ['markup', '<b>Beleid</b>'],
    ['a name over 60 characters', `Afdeling ${'x'.repeat(60)}`],
  ])('refuses to start with %s, naming the unit and what is allowed', (_what, unit) => {
    expect(problemsOf({ DATA_DIR: dir, ORG_UNITS: `Beleid, ${unit}` })).toEqual([
      `ORG_UNITS: "${unit}" is not a valid unit name. A name starts with a letter or digit, is at most 60 characters, and otherwise holds only letters, digits, spaces and & ' ( ) . , / _ + : – -`,
    ]);
  });
});

describe('the tenants whose activities the bot takes', () => {
  it('are ALLOWED_TENANT_IDS, in lower case, without repeats', () => {
    expect(loadConfig({ ...production(), ALLOWED_TENANT_IDS: ` ${TENANT.toUpperCase()}, ${OTHER_TENANT},${TENANT}` }).allowedTenantIds).toEqual([TENANT, OTHER_TENANT]);
  });

  it('default to the app’s own tenant when the app registration is single-tenant', () => {
    const { ALLOWED_TENANT_IDS: _unset, ...withoutList } = production();
    expect(loadConfig({ ...withoutList, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: OTHER_TENANT }).allowedTenantIds).toEqual([OTHER_TENANT]);
  });

  it('are required in production: a multi-tenant app without the list refuses to start and says what to set', () => {
    const { ALLOWED_TENANT_IDS: _unset, ...withoutList } = production();
    const problem = [expect.stringMatching(/^ALLOWED_TENANT_IDS is required in production: .*MicrosoftAppType=SingleTenant with MicrosoftAppTenantId/)];
    expect(problemsOf(withoutList)).toEqual(problem);
    // A tenant id alone does not make a multi-tenant registration single-tenant.
    expect(problemsOf({ ...withoutList, MicrosoftAppTenantId: TENANT })).toEqual(problem);
  });

  it.each([['not-a-guid'], [`${TENANT}, contoso.onmicrosoft.com`], [' , ']])('refuses ALLOWED_TENANT_IDS=%j', (value) => {
    expect(problemsOf({ ...production(), ALLOWED_TENANT_IDS: value })).toEqual([expect.stringMatching(/^ALLOWED_TENANT_IDS must be Entra tenant ids \(GUIDs\)/)]);
  });

  it('are every tenant in development unless set', () => {
    expect(development({}).allowedTenantIds).toBeNull();
    expect(development({ ALLOWED_TENANT_IDS: TENANT }).allowedTenantIds).toEqual([TENANT]);
  });
});

describe('the notes key ring', () => {
  const [current, older] = [randomBytes(32), randomBytes(32)];
  const { NOTES_KEY: _single, ...withoutNotesKey } = production();

  it('takes NOTES_KEYS with the current key first', () => {
    const config = loadConfig({ ...withoutNotesKey, NOTES_KEYS: `2027:${current.toString('base64')},legacy:${older.toString('base64')}` });
    expect(config.notesKey.currentId).toBe('2027');
    expect(config.notesKey.keys.get('legacy')!.equals(older)).toBe(true);
  });

  it('keeps NOTES_KEY working as the ring of one key with the id legacy', () => {
    const env = production();
    expect(loadConfig(env).notesKey).toEqual({ currentId: 'legacy', keys: new Map([['legacy', Buffer.from(env.NOTES_KEY, 'base64')]]) });
  });

  it('refuses both together, neither in production, and a malformed ring without showing a key', () => {
    expect(problemsOf({ ...production(), NOTES_KEYS: `2027:${current.toString('base64')}` })).toEqual([expect.stringContaining('Set NOTES_KEYS or NOTES_KEY, not both')]);
    expect(problemsOf(withoutNotesKey)).toEqual([expect.stringContaining('NOTES_KEYS (or NOTES_KEY) is required in production')]);
    const problems = problemsOf({ ...withoutNotesKey, NOTES_KEYS: `2027:${current.toString('hex').slice(2)}` });
    expect(problems).toEqual([expect.stringContaining('NOTES_KEYS (key id 2027) must be 32 bytes')]);
    expect(problems.join(' ')).not.toContain(current.toString('hex').slice(2));
  });
});

describe('the runtime (BOT_RUNTIME)', () => {
  it('is botbuilder unless the Agents SDK is asked for; anything else is refused', () => {
    expect(development({}).botRuntime).toBe('botbuilder');
    expect(development({ BOT_RUNTIME: 'agents' }).botRuntime).toBe('agents');
    expect(loadConfig({ ...production(), BOT_RUNTIME: 'agents' }).botRuntime).toBe('agents');
    expect(() => development({ BOT_RUNTIME: 'teams-ai' })).toThrow(ConfigError);
  });
});
