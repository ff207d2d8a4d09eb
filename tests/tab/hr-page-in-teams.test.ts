/**
 * The HR tab as Teams runs it: inside a host frame on teams.microsoft.com that answers teams-js
 * (initialize, getContext, authentication.getAuthToken) with an Entra-style SSO token, signed by a
 * local JWKS the bot trusts. The host is a stand-in for the Teams client we cannot reach; teams-js,
 * the page, the bot and the token check are the real ones. Both origins are served through
 * Playwright's routing (https, no network).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwright } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadHrContent } from '../../content/hr';
import { buildTab } from '../../scripts/build-tab';
import { startHrServer, startJwks } from '../bot/hr/helpers/hr-server';
import type { HrServer, Jwks } from '../bot/hr/helpers/hr-server';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '00000000-aaaa-bbbb-cccc-000000000002';
const TEAMS = 'https://teams.microsoft.com';
const TAB = 'https://hr-tab.escalatiewijzer.test';
const STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors https://teams.microsoft.com";

/** Answers the teams-js messages the tab sends, like the Teams client does. */
const hostPage = (token: string, locale: string) => `<!doctype html><html lang="en"><head><title>Teams</title></head><body>
<iframe id="tab" title="HR" src="${TAB}/tab/hr" width="1200" height="900"></iframe>
<script>
  window.hostLog = [];
  const answers = {
    initialize: () => ['content', 'web', '2.0.0'],
    getContext: () => [{ locale: ${JSON.stringify(locale)}, tid: ${JSON.stringify(TENANT)}, frameContext: 'content', hostClientType: 'web', appSessionId: 's-1' }],
    'authentication.getAuthToken': () => [true, ${JSON.stringify(token)}],
  };
  window.addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(TAB)} || typeof event.data !== 'object' || !event.data.func) return;
    window.hostLog.push(event.data.func);
    const answer = answers[event.data.func];
    if (answer) event.source.postMessage({ id: event.data.id, args: answer() }, event.origin);
  });
</script></body></html>`;

let jwks: Jwks;
let server: HrServer;
let browser: Browser;
let assets: string;

beforeAll(async () => {
  assets = mkdtempSync(join(tmpdir(), 'ew-tab-teams-'));
  await buildTab(assets);
  jwks = await startJwks();
  server = await startHrServer({ HR_TENANT_ID: TENANT, HR_JWKS_URL: jwks.url, HR_AUDIENCES: `api://${new URL(TAB).host}/${CLIENT_ID}` }, undefined, assets);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a devDependency, loaded only when CHROME_PATH is unset (bot/browser/chromium.ts)
  const chromium = require('@sparticuz/chromium') as { executablePath(): Promise<string>; args: string[] };
  browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await jwks?.close();
  rmSync(assets, { recursive: true, force: true });
});

/** What the host frame answers: set per test (one browser context: @sparticuz/chromium runs single-process). */
const host = { token: '', locale: 'nl-nl' };
let context: BrowserContext;

beforeAll(async () => {
  // The browser itself asks for Dutch: English can only come from the Teams context.
  context = await browser.newContext({ locale: 'nl-NL' });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === TEAMS) return route.fulfill({ contentType: 'text/html', body: hostPage(host.token, host.locale) });
    if (url.origin !== TAB) return route.abort();
    const response = await route.fetch({ url: `${server.base}${url.pathname}${url.search}` });
    const csp: Record<string, string> = url.pathname.startsWith('/tab/') ? { 'content-security-policy': STRICT_CSP } : {};
    return route.fulfill({ response, headers: { ...response.headers(), ...csp } });
  });
});

async function openInTeams(locale: string, oid: string): Promise<Page> {
  const now = Math.floor(server.bot.clock.now.getTime() / 1000);
  host.locale = locale;
  host.token = await jwks.sign({
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    aud: `api://${new URL(TAB).host}/${CLIENT_ID}`,
    tid: TENANT,
    oid,
    roles: ['Escalatiewijzer.HR'],
    iat: now,
    nbf: now,
    exp: now + 3600,
  });
  const page = await context.newPage();
  await page.goto(`${TEAMS}/host`);
  return page;
}

describe('the HR tab inside Teams', () => {
  it('initialises teams-js, signs in with the SSO token and shows the summary', async () => {
    const page = await openInTeams('nl-nl', 'aad-hr-in-teams');
    const tab = page.frameLocator('#tab');
    const nl = loadHrContent('nl');
    await tab.locator('#status', { hasText: nl.tab.status.loaded.replace('{period}', '2026') }).waitFor();
    expect(await tab.locator('h1').textContent()).toBe(nl.tab.title);
    expect(await page.evaluate(() => (window as unknown as { hostLog: string[] }).hostLog)).toEqual(
      expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']),
    );
    const db = new Database(server.bot.dbFile, { readonly: true });
    expect(db.prepare("SELECT detail FROM audit WHERE actor = 'aad-hr-in-teams'").all()).toEqual([{ detail: 'hrSummary' }]);
    db.close();
    await page.close();
  });

  it('follows the Teams language', async () => {
    const page = await openInTeams('en-us', 'aad-hr-in-teams-en');
    const en = loadHrContent('en');
    const tab = page.frameLocator('#tab');
    await tab.locator('#status', { hasText: en.tab.status.loaded.replace('{period}', '2026') }).waitFor();
    expect(await tab.locator('h1').textContent()).toBe(en.tab.title);
    expect(page.frames().map((frame) => frame.url())).toContain(`${TAB}/tab/hr?lang=en`);
    await page.close();
  });
});
