/**
 * A rapportage request: which period (and comparison period), which unit, which language; the report
 * model made from the very data and export (bot/hr/export.ts) the CSV/JSON export uses, so the
 * report shows no figure the export would not; and the audit trail's code for the request.
 */
import { loadHrContent } from '../../../content/hr';
import type { Locale } from '../../../content/load';
import { loadReportContent } from '../../../content/report';
import type { HrPeriod } from '../../../flows/hr/aggregate';
import { buildReport } from '../../../flows/hr/report/model';
import type { ReportModel } from '../../../flows/hr/report/model';
import { exportJson } from '../export';
import { HrFilterError } from '../service';
import type { HrService } from '../service';

export interface ReportRequest {
  period: HrPeriod;
  compare?: HrPeriod;
  /** null: all units. */
  orgUnit: string | null;
  locale: Locale;
}

/** The report model of a request, from the very data and export the CSV/JSON export uses. */
export async function reportModel(service: HrService, request: ReportRequest): Promise<ReportModel> {
  const hrTexts = loadHrContent(request.locale);
  const current = await service.exportData(request.period);
  if (request.orgUnit !== null && !current.orgUnits.includes(request.orgUnit)) throw new HrFilterError('orgUnit');
  const compare = request.compare ? exportJson(await service.exportData(request.compare), hrTexts) : undefined;
  return buildReport({
    current: exportJson(current, hrTexts),
    ...(compare ? { compare } : {}),
    unit: request.orgUnit,
    texts: loadReportContent(request.locale),
    hrTexts,
  });
}

export type ReportFormat = 'pdf' | 'docx';

/**
 * The audit row's detail, an enumerated code (no free text in the trail): format, period and unit,
 * the unit as its position in ORG_UNITS (`u3`) or `all`, e.g. `pdf_2026-Q4_u3`.
 */
export function reportAuditDetail(format: ReportFormat, request: ReportRequest, orgUnits: readonly string[]): string {
  const unit = request.orgUnit === null ? 'all' : `u${orgUnits.indexOf(request.orgUnit) + 1}`;
  return `${format}_${request.period.id}_${unit}`;
}
