/**
 * The HR tab's pages and files, served by the bot. Pages are the HTML templates of `tab/` filled
 * with the locale's texts from content/hr.*.yaml (all rendered once at start-up, so a missing text
 * stops the bot like invalid content does). No inline script or style: the page's settings travel in a
 * JSON data block, code and CSS are files, so the pages run under a strict Content-Security-Policy.
 *
 * | route                               | serves                                               |
 * |-------------------------------------|------------------------------------------------------|
 * | /tab/hr, /tab/privacy, /tab/toegankelijkheid, /tab/gebruik | the pages; `?lang=nl|en`, else Accept-Language, else Dutch |
 * | /tab/assets/hr.js                   | the tab's code, bundled by `npm run build` (dist/tab) |
 * | /tab/assets/hr.css                  | tab/hr.css                                           |
 * | /tab/vendor/MicrosoftTeams.min.js   | @microsoft/teams-js from node_modules (no CDN)       |
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { loadAllHrContent } from '../../content/hr';
import type { HrContent } from '../../content/hr';
import { LOCALES, projectRoot } from '../../content/load';
import type { Locale } from '../../content/load';
import type { Config } from '../config';
import { escapeHtml } from '../../flows/escape-html';

export interface TabRoutesDeps {
  config: Config;
  /** Where the bundled hr.js is; defaults to dist/tab of the project. */
  assetsDir?: string;
  /** The bot's clock: the page offers this year and the four before it. */
  now?: () => Date;
}

type PageId = 'hr' | 'privacy' | 'accessibility' | 'terms';
const PAGE_PATHS: Record<PageId, string> = { hr: '/tab/hr', privacy: '/tab/privacy', accessibility: '/tab/toegankelijkheid', terms: '/tab/gebruik' };

const tabDir = () => join(projectRoot(__dirname), 'tab');

export function defaultTabAssetsDir(): string {
  return join(projectRoot(__dirname), 'dist', 'tab');
}


/** JSON that is safe inside a `<script type="application/json">` element. */
const jsonForHtml = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function lookup(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), source);
}

/**
 * `{{{name}}}` inserts raw HTML from `raw`; `{{path}}` inserts escaped text from `values` or the
 * content. A placeholder without a value is a defect: it throws.
 */
function fill(template: string, content: HrContent, values: Record<string, string>, raw: Record<string, string>): string {
  return template
    .replace(/(?<!\{)\{\{([\w.]+)\}\}(?!\})/g, (_, path: string) => {
      const value = path in values ? values[path] : lookup(content, path);
      if (typeof value !== 'string') throw new Error(`tab template: no text for ${path}`);
      return escapeHtml(value);
    })
    .replace(/\{\{\{(\w+)\}\}\}/g, (_, name: string) => {
      if (!(name in raw)) throw new Error(`tab template: no raw value for ${name}`);
      return raw[name]!;
    });
}

/** Privacy, accessibility and terms of use: headings and paragraphs from the content. */
function textPage(page: HrContent['privacy']): string {
  const sections = page.sections.map(
    (s) => `<section>\n<h2>${escapeHtml(s.heading)}</h2>\n${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}\n</section>`,
  );
  return [`<h1>${escapeHtml(page.title)}</h1>`, `<p class="intro">${escapeHtml(page.intro)}</p>`, ...sections].join('\n');
}

/** What the page's script needs: its texts, the current year and how to get a token outside Teams. */
function pageSettings(config: Config, content: HrContent, locale: Locale, year: number) {
  const { tab, themes, tables, intervals, statistics, suppression } = content;
  return {
    lang: locale,
    year,
    k: config.hr.minGroupSize,
    devTokenUrl: config.hr.identity === 'development' ? '/api/hr/dev/token?role=hr' : null,
    texts: { tab, themes, tables, intervals, statistics, suppression },
  };
}

/** The JSON the HR page's script reads from its `#hr-settings` data block. */
export type HrPageSettings = ReturnType<typeof pageSettings>;

interface Templates {
  layout: string;
  hr: string;
}

function renderPage(templates: Templates, config: Config, content: HrContent, locale: Locale, page: PageId, year: number): string {
  const main = page === 'hr' ? fill(templates.hr, content, {}, {}) : textPage(content[page]);
  const scripts =
    page === 'hr'
      ? [
          `<script type="application/json" id="hr-settings">${jsonForHtml(pageSettings(config, content, locale, year))}</script>`,
          '<script src="/tab/vendor/MicrosoftTeams.min.js"></script>',
          '<script src="/tab/assets/hr.js"></script>',
        ].join('\n')
      : '';
  const title = page === 'hr' ? content.tab.title : content[page].title;
  const current = (id: PageId) => (id === page ? ' aria-current="page"' : '');
  return fill(
    templates.layout,
    content,
    { lang: locale, otherLang: locale === 'nl' ? 'en' : 'nl', title, path: PAGE_PATHS[page] },
    { main, scripts, currentHr: current('hr'), currentPrivacy: current('privacy'), currentAccessibility: current('accessibility'), currentTerms: current('terms') },
  );
}

/** `?lang=` wins, then the browser's first language, then Dutch. */
export function pageLocale(req: Request): Locale {
  const asked = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang');
  if (asked === 'nl' || asked === 'en') return asked;
  return /^\s*en\b/i.test(req.header('accept-language') ?? '') ? 'en' : 'nl';
}

export function tabRoutes({ config, assetsDir = defaultTabAssetsDir(), now = () => new Date() }: TabRoutesDeps): (server: Server) => void {
  const contents = loadAllHrContent();
  const templates: Templates = { layout: readFileSync(join(tabDir(), 'layout.html'), 'utf8'), hr: readFileSync(join(tabDir(), 'hr.html'), 'utf8') };
  const render = (page: PageId, locale: Locale) => renderPage(templates, config, contents[locale], locale, page, now().getUTCFullYear());
  // Rendered once now so a missing text stops the bot at start-up, not on the first visit.
  for (const locale of LOCALES) for (const page of Object.keys(PAGE_PATHS) as PageId[]) render(page, locale);

  // eslint-disable-next-line @typescript-eslint/require-await -- restify takes a handler without `next` only if async; a throw then answers 500
  const sendFile = (file: string, contentType: string) => async (_req: Request, res: Response) => {
    if (!existsSync(file)) {
      res.send(404, { error: 'notFound' });
      return;
    }
    res.sendRaw(200, readFileSync(file), { 'content-type': contentType, 'cache-control': 'no-cache' });
  };

  return (server: Server) => {
    for (const page of Object.keys(PAGE_PATHS) as PageId[]) {
      // eslint-disable-next-line @typescript-eslint/require-await -- restify takes a handler without `next` only if async; a throw then answers 500
      server.get(PAGE_PATHS[page], async (req: Request, res: Response) => {
        const locale = pageLocale(req);
        res.sendRaw(200, render(page, locale), { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-language': locale });
      });
    }
    server.get('/tab/assets/hr.js', sendFile(join(assetsDir, 'hr.js'), 'text/javascript; charset=utf-8'));
    server.get('/tab/assets/hr.css', sendFile(join(tabDir(), 'hr.css'), 'text/css; charset=utf-8'));
    server.get('/tab/vendor/MicrosoftTeams.min.js', sendFile(require.resolve('@microsoft/teams-js'), 'text/javascript; charset=utf-8'));
  };
}
