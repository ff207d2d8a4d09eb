import type { Request, Response } from 'restify';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { activityFrom, postActivity } from '../helpers/http-turns';
import { startHttpBot } from './helpers';
import type { HttpBot } from './helpers';

const TEAMS_HOSTS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.skype.com',
];

let http: HttpBot;
let connector: ConnectorStub;

beforeAll(async () => {
  http = await startHttpBot();
  connector = await startConnectorStub();
  http.bot.server.get('/tab/test-page', async (_req: Request, res: Response) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.sendRaw(200, '<!doctype html><title>HR</title><p>tab</p>');
  });
  http.bot.server.get('/tab/assets/own-cache.css', async (_req: Request, res: Response) => {
    res.header('cache-control', 'no-cache');
    res.sendRaw(200, 'p{}', { 'content-type': 'text/css' });
  });
});
afterAll(async () => {
  await http.close();
  await connector.close();
});

/** The CSP as directive → sources. */
function directives(csp: string | null): Record<string, string[]> {
  expect(csp).toBeTruthy();
  return Object.fromEntries(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectCommonHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('cache-control')).toBe('no-store');
  expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it('a tab page may be framed by Teams and Microsoft 365 only, and runs nothing inline', async () => {
    const res = await fetch(`${http.base}/tab/test-page`);
    expect(res.status).toBe(200);
    expectCommonHeaders(res.headers);
    const csp = res.headers.get('content-security-policy');
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*(?!\.)/);
    const policy = directives(csp);
    expect(policy['frame-ancestors']).toEqual(TEAMS_HOSTS);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it.each([
    ['GET /healthz', () => fetch(`${http.base}/healthz`), 200],
    ['POST /api/messages', () => postActivity(http.base, activityFrom({ serviceUrl: connector.url, user: 'header-user' }, { type: 'message', text: 'help' })), 200],
    ['GET on an unknown path', () => fetch(`${http.base}/nothing/here`), 404],
    ['a path that only looks like a tab', () => fetch(`${http.base}/tabs/../tab-not`), 404],
  ])('%s is an API answer no page may frame or run', async (_name, request, status) => {
    const res = await request();
    expect(res.status).toBe(status);
    expectCommonHeaders(res.headers);
    expect(directives(res.headers.get('content-security-policy'))).toMatchObject({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('a tab page may be framed by Outlook on the web and the Microsoft 365 app, where the HR app also runs', async () => {
    const ancestors = directives((await fetch(`${http.base}/tab/test-page`)).headers.get('content-security-policy'))['frame-ancestors'];
    for (const host of ['https://outlook.office.com', 'https://outlook.office365.com', 'https://*.cloud.microsoft', 'https://*.microsoft365.com']) {
      expect(ancestors).toContain(host);
    }
    expect(ancestors!.filter((host) => /outlook-sdf|live\.com/.test(host))).toEqual([]);
  });

  it('a route’s own Cache-Control wins and is not doubled; the other headers stay', async () => {
    const res = await fetch(`${http.base}/tab/assets/own-cache.css`);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(directives(res.headers.get('content-security-policy'))['frame-ancestors']).toEqual(TEAMS_HOSTS);
  });

  it('production adds HSTS', async () => {
    const prod = await startHttpBot({ NODE_ENV: 'production', MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', NOTES_KEY: 'a'.repeat(64), CASE_KEY_SECRET: 'b'.repeat(64), PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl', ALLOWED_TENANT_IDS: '5e7a0c1d-0000-4000-8000-00000000e057' });
    try {
      const res = await fetch(`${prod.base}/healthz`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await prod.close();
    }
  });
});
