/**
 * The HR tab in a real Chromium (@sparticuz/chromium + playwright-core), served by the real bot on
 * port 0, showing cases that were walked through the real conversation. Outside Teams, in
 * development mode, the page signs in with a development token. The pages run under a strict
 * Content-Security-Policy (no 'unsafe-inline'), as the security middleware will serve them.
 */
import axe from 'axe-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwright } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadHrContent } from '../../content/hr';
import { buildTab } from '../../scripts/build-tab';
import { startHrServer } from '../bot/hr/helpers/hr-server';
import type { HrServer } from '../bot/hr/helpers/hr-server';
import { HR_DEMO_CASES, walkCases } from '../bot/hr/helpers/walk-cases';
import { HR_DEMO_APPRAISALS, walkAppraisals } from '../bot/hr/helpers/walk-appraisals';

const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'";
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const nl = loadHrContent('nl');

let assets: string;
let server: HrServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  assets = mkdtempSync(join(tmpdir(), 'ew-tab-bundle-'));
  await buildTab(assets);
  server = await startHrServer(
    // The rapportage download prints a PDF: seconds, more on a busy test machine than the default 15 s.
    { HR_MIN_GROUP_SIZE: '5', REQUEST_TIMEOUT_MS: '120000' },
    async (bot) => {
      await walkCases(bot, HR_DEMO_CASES);
      await walkAppraisals(bot, HR_DEMO_APPRAISALS);
    },
    assets,
  );
  // Its types are ESM-only, but the package has a CommonJS entry that jest's sandbox can require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a devDependency, loaded only when CHROME_PATH is unset (bot/browser/chromium.ts)
  const chromium = require('@sparticuz/chromium') as { executablePath(): Promise<string>; args: string[] };
  browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  context = await browser.newContext({ acceptDownloads: true, locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  // Only the bot itself may be reached; its pages get the strict policy the security headers will set.
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== '127.0.0.1') return route.abort();
    if (!url.pathname.startsWith('/tab/')) return route.continue();
    const response = await route.fetch();
    return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(assets, { recursive: true, force: true });
});

/** axe-core's serious and critical findings against WCAG 2.1 A and AA. */
async function seriousViolations(target: Page = page): Promise<string[]> {
  await target.evaluate(axe.source);
  const results = await target.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function loadPage(path: string): Promise<void> {
  await page.goto(`${server.base}${path}`);
  await page.locator('#status', { hasText: nl.tab.status.loaded.replace('{period}', '2026') }).waitFor();
}

describe('the HR tab in Chromium', () => {
  it('signs in with a development token and shows the real, suppressed aggregates', async () => {
    await loadPage('/tab/hr');
    expect(await page.locator('h1').textContent()).toBe(nl.tab.title);
    expect(await page.locator('#summary-cases').textContent()).toBe('25');
    expect(await page.locator('#summary-appraisals').textContent()).toBe('33');
    expect(await page.locator('#summary-k').textContent()).toBe('5');
    expect(await page.locator('#suppression-note').textContent()).toBe(nl.suppression.explanation.replace('{k}', '5'));
    // Suppressed cells are marked in words and explained, not only by colour.
    expect(await page.locator('#theme-tables .suppressed').count()).toBeGreaterThan(10);
    expect(await page.locator('#theme-tables').getByRole('table', { name: nl.tables.highestRung!.title }).textContent()).toContain(nl.suppression.marker);
  });

  it('draws the funnel, time per rung, deadline and appraisal charts as accessible SVG with data tables', async () => {
    for (const [chart, title] of [
      ['funnel', nl.tab.charts.funnel.title],
      ['durations', nl.tab.charts.durations.title],
      ['deadlines', nl.tab.charts.deadlines.title],
      ['appraisal', nl.tab.charts.appraisal.title],
    ] as const) {
      const svg = page.locator(`#${chart}-chart svg[role="img"]`);
      expect(await svg.count()).toBe(1);
      expect(await svg.locator('title').textContent()).toBe(title);
      expect(await page.locator(`#${chart}-table table caption`).textContent()).toBe(`${nl.tab.charts.dataTable}: ${title}`);
    }
    expect(await page.locator('#funnel-chart rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('#funnel-chart rect.bar-suppressed').count()).toBeGreaterThan(0);
    expect(await page.locator('#durations-chart desc').textContent()).toContain(nl.intervals.signalToConversation);
  });

  it('shows the appraisal question per unit: conversations recorded through the bot, share asked and share signalled', async () => {
    // The year, all units, broken down by unit: 33 conversations. The shares asked and signalled
    // are hidden: with whole, non-negative counts they would narrow a small group (issue 19).
    const rows = await page.locator('#appraisal-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
    expect(rows[0]).toEqual([`${nl.tab.filters.allUnits} 2026`, '33', nl.suppression.marker, nl.suppression.marker]);
    expect(rows).toContainEqual(['Beleid', '23', nl.suppression.marker, nl.suppression.marker]);
    // Toezicht's 5 are hidden: the operational store flags none of its quarters (too few cases), so
    // padding could have made them (issue 19 §2).
    expect(rows).toContainEqual(['Toezicht', nl.suppression.marker, nl.suppression.marker, nl.suppression.marker]);
    // A suppressed share is never drawn as a bar, and its text alternative gives no number.
    expect(await page.locator('#appraisal-chart rect.bar').count()).toBe(0);
    expect(await page.locator('#appraisal-chart desc').textContent()).not.toMatch(/\d+,\d%/);
    // Under its theme, every table of the section, the share as one more row.
    const asked = page.locator('#theme-handelingsvaardigheid ~ *').getByRole('table', { name: nl.tables.appraisalAsked!.title });
    expect(await asked.locator('tbody tr', { hasText: nl.tables.appraisalAsked!.share }).locator('td').first().textContent()).toBe(nl.suppression.marker);
    expect(await page.locator('#theme-tables').getByRole('table', { name: nl.tables.appraisalNotAskedReason!.title }).textContent()).toContain(
      nl.tables.appraisalNotAskedReason!.categories.forgot,
    );
  });

  it('has no serious or critical accessibility violations on any of its pages', async () => {
    expect(await seriousViolations()).toEqual([]);
    for (const path of ['/tab/privacy', '/tab/toegankelijkheid?lang=en', '/tab/gebruik']) {
      await page.goto(`${server.base}${path}`);
      expect(await seriousViolations()).toEqual([]);
    }
  });

  it('works with the keyboard: choose a quarter and a unit, and show them', async () => {
    await loadPage('/tab/hr');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.locator('#filter-quarter').focus();
    await page.keyboard.press('ArrowDown'); // Q1
    await page.keyboard.press('ArrowDown'); // Q2
    await page.keyboard.press('ArrowDown'); // Q3
    await page.keyboard.press('ArrowDown'); // Q4
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-unit');
    await page.keyboard.press('ArrowDown'); // the first unit: Beleid
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // the "show" button
    await page.locator('#status', { hasText: nl.tab.status.loaded.replace('{period}', '2026-Q4') }).waitFor();
    expect(await page.locator('#summary-cases').textContent()).toBe('12');
    // Beleid's 17 conversations of Q4 are hidden: the year minus Q4 would give Q3's 6, a quarter
    // without cases that the store does not flag (issue 19 §2).
    expect(await page.locator('#summary-appraisals').textContent()).toBe(nl.suppression.marker);
  });

  it('downloads the CSV export with the four themes', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: nl.tab.export.csv }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('escalatiewijzer-hr-2026-Q4-nl.csv');
    const csv = readFileSync((await file.path()), 'utf8');
    expect(csv.startsWith('\uFEFFthema_code;thema;')).toBe(true);
    for (const theme of Object.values(nl.themes)) expect(csv).toContain(`;${theme.title};`);
    await page.locator('#status', { hasText: nl.tab.status.exported }).waitFor();
  });

  it('downloads the rapportage as a tagged PDF for the chosen quarter and unit, and has no accessibility violations', async () => {
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: nl.tab.export.reportPdf }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('rapportage-2026-Q4-u1-nl.pdf');
    const pdf = readFileSync((await file.path()));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.includes('/StructTreeRoot')).toBe(true);
    await page.locator('#status', { hasText: nl.tab.status.exported }).waitFor();
    expect(await seriousViolations()).toEqual([]);
  }, 150_000);

  it('shows pseudonymous timelines of the large unit on request', async () => {
    await page.getByRole('button', { name: nl.tab.timelines.show }).click();
    const rows = page.locator('#timelines tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(12);
    expect(await page.locator('#timelines').textContent()).toContain(nl.tab.timelines.transitions.signalRecorded);
    // Dated by quarter only (issue 19): no ISO week, and the column says so.
    expect(await page.locator('#timelines thead').textContent()).toContain(nl.tab.timelines.signalQuarter);
    expect(await rows.first().textContent()).toContain('2026-Q4');
    expect(await page.locator('#timelines').textContent()).not.toMatch(/W\d\d/);
    expect(await seriousViolations()).toEqual([]);
  });

  it('refuses the rapportage to a manager, and says so', async () => {
    // A page of its own (its expected 403s are no script errors), whose development sign-in hands out a manager's token.
    const managerPage = await context.newPage();
    try {
      await managerPage.route(
        (url) => url.pathname === '/api/hr/dev/token',
        (route) => route.continue({ url: route.request().url().replace('role=hr', 'role=manager') }),
      );
      await managerPage.goto(`${server.base}/tab/hr`);
      await managerPage.locator('#error', { hasText: nl.tab.errors.forbidden }).waitFor();
      const status = await managerPage.evaluate(async () => {
        const { token } = (await (await fetch('/api/hr/dev/token?role=hr')).json()) as { token: string };
        return (await fetch('/api/hr/report.pdf?period=2026', { headers: { authorization: `Bearer ${token}` } })).status;
      });
      expect(status).toBe(403);
    } finally {
      await managerPage.close();
    }
  });

  it('says in its status line that the figures are being computed, tries again after Retry-After, and then shows them', async () => {
    // A page of its own (its 503s are expected, no script errors) with the page's clock in the test's hand.
    // The API's answer while computing is tested against the server in tests/bot/hr/figures-computing.test.ts.
    const computingPage = await context.newPage();
    const computing = { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '20', 'cache-control': 'no-store' }, body: JSON.stringify({ error: 'figuresComputing' }) };
    try {
      await computingPage.clock.install();
      let summaries = 0;
      await computingPage.route(
        (url) => url.pathname === '/api/hr/summary',
        (route) => ((summaries += 1) === 1 ? route.fulfill(computing) : route.continue()),
      );
      await computingPage.goto(`${server.base}/tab/hr`);
      await computingPage.getByRole('status').filter({ hasText: nl.tab.status.computing }).waitFor();
      expect(await computingPage.locator('#error').isHidden()).toBe(true);
      expect(await seriousViolations(computingPage)).toEqual([]);
      await computingPage.clock.runFor(19_000);
      expect(summaries).toBe(1);
      await computingPage.clock.runFor(1_000);
      await computingPage.locator('#status', { hasText: nl.tab.status.loaded.replace('{period}', '2026') }).waitFor();
      expect(await computingPage.locator('#summary-cases').textContent()).toBe('25');
      expect(summaries).toBe(2);

      // A download that meets figures still being computed says so too (and starts no download by itself later).
      await computingPage.route((url) => url.pathname === '/api/hr/export.csv', (route) => route.fulfill(computing));
      await computingPage.locator('#export-csv').click();
      await computingPage.getByRole('status').filter({ hasText: nl.tab.errors.figuresComputing }).waitFor();
      expect(await computingPage.locator('#error').isHidden()).toBe(true);
    } finally {
      await computingPage.close();
    }
  });

  it('speaks English when asked, and keeps a screenshot for review', async () => {
    await page.goto(`${server.base}/tab/hr?lang=en`);
    await page.locator('#status', { hasText: loadHrContent('en').tab.status.loaded.replace('{period}', '2026') }).waitFor();
    expect(await page.locator('h1').textContent()).toBe(loadHrContent('en').tab.title);
    await page.setViewportSize({ width: 1280, height: 2600 });
    await loadPage('/tab/hr');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'hr-tab.png') });
  });

  it('ran without a script error or a Content-Security-Policy violation', () => {
    // teams-js fetches its list of Teams host origins from Microsoft's CDN when it loads; the policy
    // blocks that and teams-js falls back to the list it ships with. Nothing else may be refused.
    const cdnPrefetch = /res\.cdn\.office\.net\/teams-js\/validDomains/;
    expect(problems.filter((problem) => !cdnPrefetch.test(problem))).toEqual([]);
  });
});
