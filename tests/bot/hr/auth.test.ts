/**
 * The HR API's sign-in, over HTTP against the real server, with real RS256 signatures from locally
 * generated keys served by a local JWKS endpoint (standing in for Entra ID), and the development
 * identity with its own key pair.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateSecret } from '../../../bot/crypto';
import { ConfigError, loadConfig } from '../../../bot/config';
import { parseDevTokenArgs } from '../../../scripts/dev-token';
import { startHrServer, startJwks } from './helpers/hr-server';
import type { HrServer, Jwks } from './helpers/hr-server';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '00000000-aaaa-bbbb-cccc-000000000001';
const APP_ID_URI = `api://hr.example.org/${CLIENT_ID}`;
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const HR_GROUP = '11111111-2222-3333-4444-555555555555';

let jwks: Jwks;
let server: HrServer;
const now = () => Math.floor(server.bot.clock.now.getTime() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  tid: TENANT,
  oid: 'aad-hr-0001',
  roles: ['Escalatiewijzer.HR'],
  iat: now() - 60,
  nbf: now() - 60,
  exp: now() + 3600,
  ...extra,
});
const summary = (token?: string) => server.get('/api/hr/summary?period=2026', token);

beforeAll(async () => {
  jwks = await startJwks();
  server = await startHrServer({
    HR_TENANT_ID: TENANT,
    HR_JWKS_URL: jwks.url,
    HR_AUDIENCES: `${CLIENT_ID},${APP_ID_URI}`,
    HR_GROUP_ID: HR_GROUP,
  });
});

afterAll(async () => {
  await server.close();
  await jwks.close();
});

describe('HR API sign-in with Entra ID tokens', () => {
  it('accepts a valid token for the client id and for the api:// URI', async () => {
    expect((await summary(await jwks.sign(claims()))).status).toBe(200);
    expect((await summary(await jwks.sign(claims({ aud: APP_ID_URI })))).status).toBe(200);
  });

  it('accepts the v1 issuer of the tenant too (Teams SSO may send either)', async () => {
    expect((await summary(await jwks.sign(claims({ iss: `https://sts.windows.net/${TENANT}/` })))).status).toBe(200);
  });

  it('grants access through the configured group instead of the app role', async () => {
    expect((await summary(await jwks.sign(claims({ roles: [], groups: [HR_GROUP] })))).status).toBe(200);
  });

  const refused: Array<[string, () => Promise<string>]> = [
    ['expired', () => jwks.sign(claims({ exp: now() - 120 }))],
    ['not yet valid', () => jwks.sign(claims({ nbf: now() + 600 }))],
    ['without exp', () => jwks.sign(claims({ exp: undefined }))],
    ['that lives longer than 24 hours', () => jwks.sign(claims({ exp: now() + 24 * 3600 }))],
    ['for another audience', () => jwks.sign(claims({ aud: 'api://someone-else' }))],
    ['from another issuer', () => jwks.sign(claims({ iss: 'https://login.microsoftonline.com/another-tenant/v2.0' }))],
    ['from another tenant with the right issuer', () => jwks.sign(claims({ tid: 'another-tenant' }))],
    ['without an object id', () => jwks.sign(claims({ oid: undefined }))],
    ['signed by a key that is not in the JWKS', () => jwks.sign(claims(), { key: jwks.strangerKey })],
    [
      "with alg 'none'",
      async () => {
        const [, payload] = (await jwks.sign(claims())).split('.');
        return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      },
    ],
    [
      'with a tampered payload',
      async () => {
        const [header, , signature] = (await jwks.sign(claims({ roles: [] }))).split('.');
        const forged = Buffer.from(JSON.stringify(claims())).toString('base64url');
        return `${header}.${forged}.${signature}`;
      },
    ],
    ['that is not a JWT', async () => 'not-a-token'],
  ];

  it.each(refused)('refuses a token %s with 401 and says nothing more', async (_what, token) => {
    const res = await summary(await token());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await res.json()).toEqual({ error: 'unauthorized' });
  });

  it('refuses a request without a token with 401', async () => {
    const res = await summary();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
  });

  it('refuses every token with 401 when the tenant’s keys cannot be fetched', async () => {
    const keyless = await startHrServer({ HR_TENANT_ID: TENANT, HR_JWKS_URL: `${jwks.url}/gone`, HR_AUDIENCES: CLIENT_ID });
    try {
      keyless.bot.clock.now = server.bot.clock.now;
      const res = await keyless.get('/api/hr/summary?period=2026', await jwks.sign(claims()));
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'unauthorized' });
    } finally {
      await keyless.close();
    }
  });

  it('refuses a valid token without the HR role or group with 403 and says nothing more', async () => {
    const res = await summary(await jwks.sign(claims({ roles: ['Escalatiewijzer.Manager'], groups: ['another-group'] })));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden' });
  });

  it('protects every HR route the same way', async () => {
    for (const path of ['/api/hr/timelines?period=2026', '/api/hr/export.csv?period=2026', '/api/hr/export.json?period=2026']) {
      expect((await server.get(path)).status).toBe(401);
      expect((await server.get(path, await jwks.sign(claims({ roles: [] })))).status).toBe(403);
    }
  });

  it('has no development token endpoint when Entra ID is configured', async () => {
    expect((await server.get('/api/hr/dev/token?role=hr')).status).toBe(404);
    expect((await server.get('/api/hr/dev/jwks.json')).status).toBe(404);
  });

  it('audits who read what, by object id, in the hash-chained trail', async () => {
    await summary(await jwks.sign(claims({ oid: 'aad-hr-audited' })));
    await server.get('/api/hr/export.csv?period=2026', await jwks.sign(claims({ oid: 'aad-hr-audited' })));
    const db = new Database(server.bot.dbFile, { readonly: true });
    const rows = db.prepare("SELECT action, case_id, detail FROM audit WHERE actor = 'aad-hr-audited' ORDER BY seq").all();
    db.close();
    expect(rows).toEqual([
      { action: 'read', case_id: null, detail: 'hrSummary' },
      { action: 'export', case_id: null, detail: 'hrExportCsv' },
    ]);
    expect((await server.bot.store.verifyAudit()).ok).toBe(true);
  });
});

describe('the development identity', () => {
  let dev: HrServer;
  beforeAll(async () => {
    dev = await startHrServer({});
  });
  afterAll(async () => dev.close());

  const devToken = async (role: string) => ((await (await dev.get(`/api/hr/dev/token?role=${role}`)).json()) as { token: string }).token;

  it('serves its JWKS and tokens that open the HR API for the HR role only', async () => {
    const jwksBody = (await (await dev.get('/api/hr/dev/jwks.json')).json()) as { keys: Array<{ kty: string; d?: string }> };
    expect(jwksBody.keys).toHaveLength(1);
    expect(jwksBody.keys[0]).toMatchObject({ kty: 'EC' });
    expect(jwksBody.keys[0]!.d).toBeUndefined();
    expect((await dev.get('/api/hr/summary', await devToken('hr'))).status).toBe(200);
    expect((await dev.get('/api/hr/summary', await devToken('manager'))).status).toBe(403);
    expect((await dev.get('/api/hr/dev/token?role=admin')).status).toBe(400);
  });

  it('prints a token with `npm run dev-token -- --role hr` that the bot accepts', async () => {
    const result = spawnSync(process.execPath, [join(__dirname, '../../../node_modules/tsx/dist/cli.mjs'), 'scripts/dev-token.ts', '--role', 'hr'], {
      cwd: join(__dirname, '../../..'),
      env: { ...process.env, DATA_DIR: dev.bot.dir, NODE_ENV: 'test' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    // The script signs with the real clock; the test bot's clock stands still elsewhere.
    dev.bot.clock.now = new Date();
    expect((await dev.get('/api/hr/summary', result.stdout.trim())).status).toBe(200);
  });

  it('is not trusted by a bot configured for Entra ID', async () => {
    expect((await summary(await devToken('hr'))).status).toBe(401);
  });

  it('reads --role from the command line and refuses anything else', () => {
    expect(parseDevTokenArgs(['--role', 'manager'])).toBe('manager');
    expect(parseDevTokenArgs(['--role=hr'])).toBe('hr');
    expect(parseDevTokenArgs([])).toBe('hr');
    expect(() => parseDevTokenArgs(['--role', 'root'])).toThrow(/hr or manager/);
  });
});

describe('HR configuration', () => {
  const production = {
    NODE_ENV: 'production',
    MicrosoftAppId: CLIENT_ID,
    MicrosoftAppPassword: 'secret',
    NOTES_KEY: generateSecret(),
    CASE_KEY_SECRET: generateSecret(),
    PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl',
    ALLOWED_TENANT_IDS: '5e7a0c1d-0000-4000-8000-00000000e057',
  };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return error instanceof ConfigError ? error.problems : [String(error)];
    }
  };

  it('switches the HR API off in production without a tenant, instead of trusting development keys', () => {
    expect(loadConfig(production).hr.identity).toBe('disabled');
  });

  it('defaults to the tenant issuers and JWKS, the bot as audience, and k = 10 in production', () => {
    const hr = loadConfig({ ...production, HR_TENANT_ID: TENANT }).hr;
    expect(hr).toMatchObject({ identity: 'entra', minGroupSize: 10, roleName: 'Escalatiewijzer.HR', groupId: null });
    expect(hr.issuers).toEqual([ISSUER, `https://sts.windows.net/${TENANT}/`]);
    expect(hr.jwksUrl).toBe(`https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`);
    expect(hr.audiences).toEqual([CLIENT_ID, `api://${CLIENT_ID}`]);
  });

  it('refuses a JWKS over plain http, or the development identity, in production', () => {
    expect(problemsOf({ ...production, HR_TENANT_ID: TENANT, HR_JWKS_URL: 'http://127.0.0.1:1/keys' })).toEqual([expect.stringMatching(/HR_JWKS_URL must be an https URL/)]);
    expect(problemsOf({ ...production, HR_TENANT_ID: TENANT, HR_AUDIENCES: 'api://escalatiewijzer-development' })).toEqual([
      expect.stringMatching(/must not name the development identity/),
    ]);
  });

  it('refuses a minimum group size below 5', () => {
    expect(problemsOf({ ...production, HR_MIN_GROUP_SIZE: '4' })).toEqual([expect.stringMatching(/refused below 5/)]);
    expect(problemsOf({ ...production, HR_MIN_GROUP_SIZE: 'ten' })).toEqual([expect.stringMatching(/whole number/)]);
    expect(loadConfig({ ...production, HR_MIN_GROUP_SIZE: '5' }).hr.minGroupSize).toBe(5);
  });

  it('answers 503 when the HR API is off, without touching the data', async () => {
    const off = await startHrServer(production);
    try {
      const res = await off.get('/api/hr/summary');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'hrNotConfigured' });
      expect((await off.get('/api/hr/dev/token')).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
