/** The HR tab's pages and files as the bot serves them (the browser test runs them in Chromium). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHrContent } from '../../../content/hr';
import { startHrServer } from '../hr/helpers/hr-server';
import type { HrServer } from '../hr/helpers/hr-server';

let server: HrServer;
let assets: string;

beforeAll(async () => {
  assets = mkdtempSync(join(tmpdir(), 'ew-tab-assets-'));
  writeFileSync(join(assets, 'hr.js'), '/* bundled tab */');
  server = await startHrServer({}, undefined, assets);
});
afterAll(async () => {
  await server.close();
  rmSync(assets, { recursive: true, force: true });
});

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.base}${path}`, { headers });
  return { res, html: await res.text() };
};

describe('the tab pages', () => {
  it('serve the HR page in Dutch by default and in English on request or by the browser language', async () => {
    const nl = await page('/tab/hr');
    expect(nl.res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(nl.html).toContain('<html lang="nl">');
    expect(nl.html).toContain(`<h1>${loadHrContent('nl').tab.title}</h1>`);
    expect((await page('/tab/hr?lang=en')).html).toContain(`<h1>${loadHrContent('en').tab.title}</h1>`);
    expect((await page('/tab/hr', { 'accept-language': 'en-GB,en;q=0.9' })).html).toContain('<html lang="en">');
  });

  it('serve the privacy statement and the accessibility statement from the content', async () => {
    const privacy = await page('/tab/privacy');
    expect(privacy.html).toContain(`<h1>${loadHrContent('nl').privacy.title}</h1>`);
    expect(privacy.html).toContain('aria-current="page"');
    const accessibility = await page('/tab/toegankelijkheid?lang=en');
    expect(accessibility.html).toContain(`<h1>${loadHrContent('en').accessibility.title}</h1>`);
    expect(accessibility.html).not.toContain('<script');
    const terms = await page('/tab/gebruik');
    expect(terms.html).toContain(`<h1>${loadHrContent('nl').terms.title}</h1>`);
  });

  it('have no inline script, style or event handler, so a strict Content-Security-Policy holds', async () => {
    for (const path of ['/tab/hr', '/tab/hr?lang=en', '/tab/privacy', '/tab/toegankelijkheid', '/tab/gebruik']) {
      const { html } = await page(path);
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!.trim());
      for (const attributes of scripts) expect(attributes).toMatch(/^(src="\/tab\/[^"]+"|type="application\/json" id="hr-settings")$/);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:/i);
      expect(html.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('tell the page how to get a development token, and the settings cannot break out of their block', async () => {
    const { html } = await page('/tab/hr');
    const block = /<script type="application\/json" id="hr-settings">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(block).not.toContain('<');
    expect(JSON.parse(block)).toMatchObject({ lang: 'nl', year: 2026, k: 10, devTokenUrl: '/api/hr/dev/token?role=hr' });
  });

  it('serve the bundled code, the stylesheet and teams-js from the bot itself', async () => {
    const js = await page('/tab/assets/hr.js');
    expect([js.res.status, js.res.headers.get('content-type'), js.html]).toEqual([200, 'text/javascript; charset=utf-8', '/* bundled tab */']);
    const css = await page('/tab/assets/hr.css');
    expect(css.res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const teams = await page('/tab/vendor/MicrosoftTeams.min.js');
    expect(teams.res.status).toBe(200);
    expect(teams.html).toContain('authentication');
  });
});

describe('the tab in production', () => {
  it('offers no development token and still serves its pages', async () => {
    const production = await startHrServer({
      NODE_ENV: 'production',
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'secret',
      NOTES_KEY: 'a'.repeat(64),
      CASE_KEY_SECRET: 'b'.repeat(64),
      HR_TENANT_ID: 'tenant-1',
      HR_AUDIENCES: 'app-id',
      PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl',
      ALLOWED_TENANT_IDS: '5e7a0c1d-0000-4000-8000-00000000e057',
    });
    try {
      const html = await (await fetch(`${production.base}/tab/hr`)).text();
      const block = /id="hr-settings">([\s\S]*?)<\/script>/.exec(html)![1]!;
      expect(JSON.parse(block).devTokenUrl).toBeNull();
      expect((await fetch(`${production.base}/api/hr/dev/token?role=hr`)).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});
