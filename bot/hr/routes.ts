/**
 * The HR API over HTTP. Every route: sign-in check → filters → one service call → audit → answer.
 *
 * | route                        | answers                                                      |
 * |------------------------------|--------------------------------------------------------------|
 * | GET /api/hr/summary          | suppressed tables and durations (`period`, `orgUnit`, `by`)  |
 * | GET /api/hr/timelines        | pseudonymous timelines of large units (`period`, `orgUnit`, `after`, `limit`) |
 * | GET /api/hr/export.csv, .json | the rapportage export by theme (`period`, `lang`)           |
 * | GET /api/hr/report.pdf, .docx | the rapportage itself (`period`, `compare`, `orgUnit`, `lang`); 503 `reportPdfUnavailable` without a browser |
 * | GET /api/hr/dev/jwks.json, /api/hr/dev/token | development identity only (never in production) |
 *
 * Refusals: 401 `unauthorized` (with `WWW-Authenticate: Bearer`), 403 `forbidden`, 503
 * `hrNotConfigured` or `figuresUnavailable`, 503 `figuresComputing` with `Retry-After` (the year's
 * figures are still being computed; asking again later gets them), 400 `invalidFilter` + field,
 * 500 `internal` — bodies carry nothing else.
 */
import type { Next, Request, Response, Server } from 'restify';
import { loadAllHrContent } from '../../content/hr';
import type { HrApiErrorCode } from '../../flows/hr/api-errors';
import { isLocale } from '../../content/load';
import type { Config } from '../config';
import type { Hardened } from '../http/harden';
import type { Logger } from '../logger';
import type { AuditAction } from '../audit';
import type { CaseStore } from '../store/case-store';
import { parsePeriod } from '../../flows/hr/aggregate';
import type { HrBreakdown, HrPeriod } from '../../flows/hr/aggregate';
import { developmentJwks, developmentToken, HrAuthenticator } from './auth';
import { exportCsv, exportJson } from './export';
import { configuredHrService, HrFiguresComputing, HrFiguresUnavailable, HrFilterError } from './service';
import type { ConfiguredHrStore, HrService } from './service';
import { MAX_HR_TIMELINES } from '../store/hr-sql';
import { defaultTabAssetsDir } from '../tab/routes';
import { sharedReportBrowser } from './report/browser';
import type { SharedReportBrowser } from './report/browser';
import { renderReport, reportAssets } from './report/render';
import { reportAuditDetail, reportModel } from './report/request';
import type { ReportFormat } from './report/request';

export interface HrRoutesDeps {
  config: Config;
  /** The HR figures' store, and the audit of each HR request. */
  store: ConfiguredHrStore & Pick<CaseStore, 'recordAudit'>;
  log: Logger;
  now?: () => Date;
  /** Where the built report-charts.js is (scripts/build-tab.ts); defaults to dist/tab. */
  tabAssetsDir?: string;
  /** The process's browser that prints the rapportage (its owner closes it on shutdown). */
  reportBrowser?: SharedReportBrowser;
  /** The process's HR service, shared with the `hr` command so one cache serves both. */
  hrService?: HrService;
}

type Query = URLSearchParams;
interface Answer {
  status: number;
  body: unknown;
  /** A download: raw text or bytes with its content type and file name. */
  download?: { contentType: string; fileName: string };
  /** The audit detail, when it depends on the request. */
  auditDetail?: string;
}

/** No browser to print the PDF (the DOCX still works). */
class ReportPdfUnavailable extends Error {}

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Seconds after which a request that got `figuresComputing` asks again (the tab does so by itself):
 * a year's audit takes seconds to minutes, and each try waits half the request deadline at the server.
 */
export const FIGURES_COMPUTING_RETRY_AFTER_S = 20;

function refuse(res: Response, status: number, error: HrApiErrorCode, extra: Record<string, string> = {}): void {
  res.header('cache-control', 'no-store');
  if (status === 401) res.header('www-authenticate', 'Bearer');
  res.send(status, { error, ...extra });
}

function periodOf(query: Query, now: Date): HrPeriod {
  const period = parsePeriod(query.get('period') ?? String(now.getUTCFullYear()));
  if (!period) throw new HrFilterError('period');
  return period;
}

const orgUnitOf = (query: Query): string | null => query.get('orgUnit') || null;

function breakdownOf(query: Query): HrBreakdown | undefined {
  const by = query.get('by');
  if (by === null || by === '') return undefined;
  if (by !== 'orgUnit' && by !== 'quarter') throw new HrFilterError('by');
  return by;
}

export function hrRoutes({ config, store, log, now = () => new Date(), tabAssetsDir = defaultTabAssetsDir(), reportBrowser = sharedReportBrowser(), hrService }: HrRoutesDeps): (server: Server, limitPerUser: Hardened['limitPerUser']) => void {
  const auth = new HrAuthenticator(config.hr, now);
  // Timelines only for units × quarters the operational store finds large enough: padding lifts none (issue 19 §2).
  const service = hrService ?? configuredHrService(store, config);
  const texts = loadAllHrContent();

  /** Who signed in, per request: set by `signIn`, read by the rate limit and the route. */
  const signedIn = new WeakMap<Request, string>();

  /** The sign-in check; a refusal ends the request before the rate limit or the route runs. */
  const signIn = (req: Request, res: Response, next: Next): void => {
    if (!auth.enabled) {
      refuse(res, 503, 'hrNotConfigured');
      return next(false);
    }
    auth.check(req.header('authorization')).then((access) => {
      if (!access.ok) {
        refuse(res, access.status, access.status === 401 ? 'unauthorized' : 'forbidden');
        return next(false);
      }
      signedIn.set(req, access.userId);
      return next();
    }, next);
  };

  /** Filters, the work, the audit row: the same for every HR route, after sign-in and rate limit. */
  const route =
    (audit: { action: AuditAction; detail: string }, work: (query: Query) => Promise<Answer>) => async (req: Request, res: Response) => {
      try {
        const answer = await work(new URL(req.url ?? '/', 'http://localhost').searchParams);
        await store.recordAudit({ actor: signedIn.get(req)!, action: audit.action, caseId: null, detail: answer.auditDetail ?? audit.detail, at: now().toISOString() });
        if (answer.download) {
          res.sendRaw(answer.status, Buffer.isBuffer(answer.body) ? answer.body : String(answer.body), {
            ...NO_STORE,
            'content-type': answer.download.contentType,
            'content-disposition': `attachment; filename="${answer.download.fileName}"`,
          });
        } else {
          res.header('cache-control', 'no-store');
          res.send(answer.status, answer.body);
        }
      } catch (error) {
        if (error instanceof HrFilterError) return refuse(res, 400, 'invalidFilter', { field: error.field });
        if (error instanceof ReportPdfUnavailable) return refuse(res, 503, 'reportPdfUnavailable');
        // The suppression worker failed: no figures rather than unsuppressed ones.
        if (error instanceof HrFiguresUnavailable) return refuse(res, 503, 'figuresUnavailable');
        if (error instanceof HrFiguresComputing) {
          res.header('retry-after', String(FIGURES_COMPUTING_RETRY_AFTER_S));
          return refuse(res, 503, 'figuresComputing');
        }
        log.error('hr request failed', { error: error instanceof Error ? error.name : 'unknown' });
        return refuse(res, 500, 'internal');
      }
    };

  const exportOf = (format: 'csv' | 'json') =>
    route({ action: 'export', detail: format === 'csv' ? 'hrExportCsv' : 'hrExportJson' }, async (query) => {
      const period = periodOf(query, now());
      const lang = query.get('lang') ?? 'nl';
      const locale = isLocale(lang) ? lang : 'nl';
      const data = await service.exportData(period);
      const fileName = `escalatiewijzer-hr-${period.id}-${locale}.${format}`;
      return format === 'csv'
        ? { status: 200, body: exportCsv(data, texts[locale]), download: { contentType: 'text/csv; charset=utf-8', fileName } }
        : { status: 200, body: JSON.stringify(exportJson(data, texts[locale]), null, 2), download: { contentType: 'application/json; charset=utf-8', fileName } };
    });

  const reportOf = (format: ReportFormat) =>
    route({ action: 'report', detail: format }, async (query) => {
      const compareText = query.get('compare');
      const compare = compareText ? parsePeriod(compareText) : undefined;
      if (compare === null) throw new HrFilterError('period');
      const lang = query.get('lang') ?? 'nl';
      const request = { period: periodOf(query, now()), ...(compare ? { compare } : {}), orgUnit: orgUnitOf(query), locale: isLocale(lang) ? lang : ('nl' as const) };
      const model = await reportModel(service, request);
      const browser = await reportBrowser.context();
      if (!browser && format === 'pdf') throw new ReportPdfUnavailable();
      const files = await renderReport(model, reportAssets(tabAssetsDir), browser, new Set([format]));
      const fileName = `rapportage-${request.period.id}${request.orgUnit === null ? '' : `-u${config.orgUnits.indexOf(request.orgUnit) + 1}`}-${request.locale}.${format}`;
      const contentType = format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      return { status: 200, body: format === 'pdf' ? files.pdf : files.docx, download: { contentType, fileName }, auditDetail: reportAuditDetail(format, request, config.orgUnits) };
    });

  return (server: Server, limitPerUser: Hardened['limitPerUser']) => {
    const guarded = [signIn, limitPerUser((req) => signedIn.get(req) ?? null)];
    server.get(
      '/api/hr/summary',
      ...guarded,
      route({ action: 'read', detail: 'hrSummary' }, async (query) => ({
        status: 200,
        body: await service.summary(periodOf(query, now()), orgUnitOf(query), breakdownOf(query)),
      })),
    );
    server.get(
      '/api/hr/timelines',
      ...guarded,
      route({ action: 'read', detail: 'hrTimelines' }, async (query) => {
        const after = query.get('after') || undefined;
        if (after !== undefined && !/^[0-9a-f]{64}$/.test(after)) throw new HrFilterError('after');
        const limit = query.get('limit') ? Number(query.get('limit')) : undefined;
        if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit < MAX_HR_TIMELINES)) throw new HrFilterError('limit');
        return { status: 200, body: await service.timelines(periodOf(query, now()), orgUnitOf(query), after, limit) };
      }),
    );
    server.get('/api/hr/export.csv', ...guarded, exportOf('csv'));
    server.get('/api/hr/export.json', ...guarded, exportOf('json'));
    server.get('/api/hr/report.pdf', ...guarded, reportOf('pdf'));
    server.get('/api/hr/report.docx', ...guarded, reportOf('docx'));

    if (config.hr.identity === 'development') {
      // eslint-disable-next-line @typescript-eslint/require-await -- restify takes a handler without `next` only if async; a throw then answers 500
      server.get('/api/hr/dev/jwks.json', async (_req: Request, res: Response) => {
        res.send(200, developmentJwks(config.hr));
      });
      server.get('/api/hr/dev/token', async (req: Request, res: Response) => {
        const role = new URL(req.url ?? '/', 'http://localhost').searchParams.get('role') ?? 'hr';
        if (role !== 'hr' && role !== 'manager') return refuse(res, 400, 'invalidFilter', { field: 'role' });
        res.header('cache-control', 'no-store');
        res.send(200, { token: await developmentToken(config.hr, role, now()) });
      });
    }
  };
}
