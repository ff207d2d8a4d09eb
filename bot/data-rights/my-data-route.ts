/**
 * The download behind a `mijn gegevens` link, in two steps so that a link scanner or preview that
 * merely fetches the URL cannot use up the one-time link:
 *
 * | request                       | answers                                                              |
 * |-------------------------------|----------------------------------------------------------------------|
 * | GET /api/my-data/<token>      | a small page (Dutch, then English) with a download button; uses nothing |
 * | POST /api/my-data/<token>     | the owner's export as a JSON attachment, once; the link is gone after |
 * | a link expired, used or unknown | 404 with a page saying so and how to get a new link                |
 * | the store cannot be read      | 503 with a page saying to try again with a new link                  |
 *
 * Every answer is `no-store`, sends no referrer and runs no script. The export is audited per case
 * by the store; the log line holds a count only.
 */
import type { Request, Response, Server } from 'restify';
import { myDataDocument } from '../../cards/data-rights-models';
import type { CaseToExport } from '../../cards/data-rights-models';
import { LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import { restore } from '../../flows/escalation/ladder';
import type { PersistedEscalation } from '../../flows/escalation/ladder';
import type { StepId } from '../../flows/escalation/types';
import { localeOf } from '../locale';
import { errorFields } from '../logger';
import type { Logger } from '../logger';
import type { CaseStore } from '../store/case-store';
import type { OwnerCaseExport } from '../store/lifecycle-store';
import { MY_DATA_PATH, MY_DATA_TOKEN_PATTERN, myDataTokenHash } from './my-data-link';

export interface MyDataRouteDeps {
  store: CaseStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  log: Logger;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** One page, every locale in turn (Dutch first); `form` adds the download button. */
function page(contents: Record<Locale, LocaleContent>, paragraph: (content: LocaleContent) => string, form: boolean): string {
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
    form ? `<form method="post"><button type="submit">${button}</button></form>` : '',
    ...sections.slice(1),
    '</main></body></html>',
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
    step: row.step as StepId,
    context: restore(row.snapshot as PersistedEscalation).context,
    notes: exported.notes,
    reminders: exported.reminders.map((r) => ({ kind: r.kind, dueAt: r.dueAt, status: r.status })),
  };
}

export function myDataRoutes({ store, contents, now, log }: MyDataRouteDeps): (server: Server) => void {
  const gone = page(contents, (content) => content.dataRights.myData.linkGone, false);
  const unavailable = page(contents, (content) => content.dataRights.myData.unavailable, false);
  const downloadPage = page(contents, (content) => content.dataRights.myData.pageIntro, true);
  const tokenOf = (req: Request): string | null => {
    const token = (req.params as { token?: unknown }).token;
    return typeof token === 'string' && MY_DATA_TOKEN_PATTERN.test(token) ? token : null;
  };

  return (server) => {
    server.get(`${MY_DATA_PATH}/:token`, async (req: Request, res: Response) => {
      res.sendRaw(tokenOf(req) ? 200 : 404, tokenOf(req) ? downloadPage : gone, PAGE_HEADERS);
    });

    // The handler returns nothing: restify logs a returned value itself, request URL (token) included.
    server.post(`${MY_DATA_PATH}/:token`, async (req: Request, res: Response) => {
      const token = tokenOf(req);
      if (!token) {
        res.sendRaw(404, gone, PAGE_HEADERS);
        return;
      }
      const at = now().toISOString();
      try {
        const link = await store.takeMyDataLink(myDataTokenHash(token), at);
        if (!link) {
          res.sendRaw(404, gone, PAGE_HEADERS);
          return;
        }
        const [cases, settings, orgUnits, notesLeftBehind] = await Promise.all([
          store.exportOwnerData(link.ownerId, at),
          store.userSettings(link.ownerId),
          store.managerUnits(link.ownerId),
          store.notesLeftBehind(link.ownerId, at),
        ]);
        const content = contents[localeOf(link.locale)];
        const document = myDataDocument(content, { user: { id: link.ownerId, ...settings, orgUnits }, exportedAt: at, cases: cases.map(caseToExport), notesLeftBehind });
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
        res.sendRaw(503, unavailable, PAGE_HEADERS);
      }
    });
  };
}
