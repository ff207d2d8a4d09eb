/**
 * The download behind a `mijn gegevens` link, bound to the person it was made for: the link opens a
 * page inside Teams (a dialog, see my-data-link.ts), the page's script asks Teams for the user's
 * SSO token (tab/my-data.ts) and the download needs that token, of that user. Two steps, so that a
 * link scanner or preview that merely fetches the URL cannot use up the one-time link:
 *
 * | request                                   | answers                                                  |
 * |-------------------------------------------|----------------------------------------------------------|
 * | GET /tab/my-data/<token>                  | a small page (Dutch, then English) with a download button; uses nothing |
 * | POST /api/my-data/<token>, no valid SSO token | 401; the link is not touched                         |
 * | POST with the SSO token of the link's owner | the owner's export as a JSON attachment, once; the link is gone after |
 * | POST with anyone else's SSO token         | 404, and the link is used up: its owner asks for a new one |
 * | a link expired, used or unknown           | 404                                                      |
 * | the store cannot be read                  | 503                                                      |
 *
 * The token is checked like the HR API's (bot/hr/auth.ts: signature, issuer, audience, tenant,
 * lifetime), without the HR role. Every answer is `no-store` and sends no referrer; the page is a
 * tab page (security-headers.ts: Teams may frame it, it runs only its own scripts). The export is
 * audited per case by the store; the log lines hold no id and no token.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { myDataDocument } from '../../cards/data-rights-models';
import type { CaseToExport, TeamPostToExport } from '../../cards/data-rights-models';
import { loadAllHrContent } from '../../content/hr';
import { LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import { HrAuthenticator } from '../hr/auth';
import type { HrConfig } from '../hr/hr-config';
import { localeOf } from '../locale';
import { defaultTabAssetsDir } from '../tab/routes';
import { errorFields } from '../logger';
import type { Logger } from '../logger';
import { restoreCase } from '../store/case-store';
import type { CaseStore } from '../store/case-store';
import type { OwnerCaseExport } from '../store/lifecycle-store';
import { MY_DATA_PAGE_PATH, MY_DATA_PATH, MY_DATA_TOKEN_PATTERN, myDataTokenHash } from './my-data-link';
import { escapeHtml } from '../../flows/escape-html';

/** What the 'mijn gegevens' download reads: the link, the owner's export, settings, units, notes left behind and planned team posts. */
export type MyDataStore = Pick<CaseStore, 'takeMyDataLink' | 'exportOwnerData' | 'userSettings' | 'managerUnits' | 'notesLeftBehind' | 'teams'>;

export interface MyDataRouteDeps {
  store: MyDataStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  log: Logger;
  /** Whose SSO tokens count: the HR API's sign-in settings (HR_TENANT_ID, HR_AUDIENCES…). */
  hr: HrConfig;
  /** Where the page's script is (default: dist/tab, built by `npm run build`). */
  assetsDir?: string;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };


/** What the page's script needs: where to post, and its messages (Dutch, then English). */
export interface MyDataPageSettings {
  downloadPath: string;
  messages: { linkGone: string; unavailable: string; notInTeams: string };
}

/** One page, every locale in turn (Dutch first); `settings` adds the download button and its script. */
function page(contents: Record<Locale, LocaleContent>, paragraph: (content: LocaleContent) => string, settings: MyDataPageSettings | null): string {
  const nl = contents.nl.dataRights.myData;
  const sections = LOCALES.map((locale) => {
    const m = contents[locale].dataRights.myData;
    return `<section lang="${locale}"><h${locale === 'nl' ? 1 : 2}>${escapeHtml(m.pageTitle)}</h${locale === 'nl' ? 1 : 2}><p>${escapeHtml(paragraph(contents[locale]))}</p></section>`;
  });
  const button = LOCALES.map((locale) => escapeHtml(contents[locale].dataRights.myData.downloadButton)).join(' / ');
  return [
    '<!doctype html>',
    `<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(nl.pageTitle)}</title></head>`,
    '<body><main>',
    sections[0],
    settings ? `<p><button type="button" id="my-data-download" disabled>${button}</button></p><p id="my-data-status" role="status"></p>` : '',
    ...sections.slice(1),
    '</main>',
    ...(settings
      ? [
          `<script type="application/json" id="my-data-settings">${JSON.stringify(settings).replace(/</g, '\\u003c')}</script>`,
          '<script src="/tab/vendor/MicrosoftTeams.min.js"></script>',
          '<script src="/tab/assets/my-data.js"></script>',
        ]
      : []),
    '</body></html>',
  ].join('\n');
}

function caseToExport(exported: OwnerCaseExport): CaseToExport {
  const row = exported.case;
  return {
    caseId: row.id,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    revision: row.revision,
    orgUnit: row.orgUnit,
    status: row.status,
    step: row.step,
    context: restoreCase(row).context,
    notes: exported.notes,
    reminders: exported.reminders.map((r) => ({ kind: r.kind, dueAt: r.dueAt, status: r.status })),
  };
}

/** The same message in every locale, Dutch first. */
const inEveryLocale = (contents: Record<Locale, LocaleContent>, text: (content: LocaleContent) => string) => LOCALES.map((l) => text(contents[l])).join(' / ');

/** The team agendas the manager asked for, with the team's name while the app is still in that team. */
async function teamPostsToExport(store: Pick<MyDataStore, 'teams'>, ownerId: string): Promise<TeamPostToExport[]> {
  const [posts, teams] = await Promise.all([store.teams.postsRequestedBy(ownerId), store.teams.teams()]);
  const names = new Map(teams.map((team) => [team.teamId, team.name]));
  return posts.map((post) => ({ team: names.get(post.teamId) ?? null, dueAt: post.dueAt, status: post.status }));
}

export function myDataRoutes({ store, contents, now, log, hr, assetsDir = defaultTabAssetsDir() }: MyDataRouteDeps): (server: Server) => void {
  const identity = new HrAuthenticator(hr, now);
  const gone = page(contents, (content) => content.dataRights.myData.linkGone, null);
  const hrTexts = loadAllHrContent();
  const pageFor = (token: string) =>
    page(contents, (content) => content.dataRights.myData.pageIntro, {
      downloadPath: `${MY_DATA_PATH}/${token}`,
      messages: {
        linkGone: inEveryLocale(contents, (c) => c.dataRights.myData.linkGone),
        unavailable: inEveryLocale(contents, (c) => c.dataRights.myData.unavailable),
        notInTeams: LOCALES.map((l) => hrTexts[l].tab.errors.notInTeams).join(' / '),
      },
    });
  const tokenOf = (req: Request): string | null => {
    const token = (req.params as { token?: unknown }).token;
    return typeof token === 'string' && MY_DATA_TOKEN_PATTERN.test(token) ? token : null;
  };

  return (server) => {
    // eslint-disable-next-line @typescript-eslint/require-await -- restify takes a handler without `next` only if async; a throw then answers 500
    server.get(`${MY_DATA_PAGE_PATH}/:token`, async (req: Request, res: Response) => {
      const token = tokenOf(req);
      res.sendRaw(token ? 200 : 404, token ? pageFor(token) : gone, PAGE_HEADERS);
    });
    // eslint-disable-next-line @typescript-eslint/require-await -- restify takes a handler without `next` only if async; a throw then answers 500
    server.get('/tab/assets/my-data.js', async (_req: Request, res: Response) => {
      const file = join(assetsDir, 'my-data.js');
      if (!existsSync(file)) {
        res.send(404, { error: 'notFound' });
        return;
      }
      res.sendRaw(200, readFileSync(file), { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    });

    // The handler returns nothing: restify logs a returned value itself, request URL (token) included.
    server.post(`${MY_DATA_PATH}/:token`, async (req: Request, res: Response) => {
      const token = tokenOf(req);
      if (!token) {
        res.sendRaw(404, JSON.stringify({ error: 'linkGone' }), JSON_HEADERS);
        return;
      }
      // Before the link is looked at: without a signed-in user nothing is used up.
      const user = await identity.identify(req.header('authorization') || undefined);
      if (!user.ok) {
        res.sendRaw(401, JSON.stringify({ error: 'unauthorized' }), JSON_HEADERS);
        return;
      }
      const at = now().toISOString();
      try {
        const link = await store.takeMyDataLink(myDataTokenHash(token), at);
        if (!link || link.ownerId !== user.userId) {
          // Someone else's link answers like a used one: nothing says whose it was.
          if (link) log.warn('my data link refused: signed in as another user', {});
          res.sendRaw(404, JSON.stringify({ error: 'linkGone' }), JSON_HEADERS);
          return;
        }
        const [cases, settings, orgUnits, notesLeftBehind, teamAgendaPosts] = await Promise.all([
          store.exportOwnerData(link.ownerId, at),
          store.userSettings(link.ownerId),
          store.managerUnits(link.ownerId),
          store.notesLeftBehind(link.ownerId, at),
          teamPostsToExport(store, link.ownerId),
        ]);
        const content = contents[localeOf(link.locale)];
        const document = myDataDocument(content, { user: { id: link.ownerId, ...settings, orgUnits }, exportedAt: at, cases: cases.map(caseToExport), notesLeftBehind, teamAgendaPosts });
        log.info('my data downloaded', { cases: cases.length });
        res.sendRaw(200, JSON.stringify(document, null, 2), {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="${content.dataRights.myData.fileName}-${at.slice(0, 10)}.json"`,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
          'x-content-type-options': 'nosniff',
        });
      } catch (error) {
        log.error('my data download failed', errorFields(error));
        res.sendRaw(503, JSON.stringify({ error: 'unavailable' }), JSON_HEADERS);
      }
    });
  };
}
