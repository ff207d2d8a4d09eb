/**
 * The export for the beleids- en effectrapportage, pure: the export data (already suppressed) and
 * the locale's texts in, a CSV or JSON document out, grouped under the four themes. Codes stay
 * beside the labels so a report owner can filter in a spreadsheet and a program can read it.
 *
 * CSV: UTF-8 with BOM, semicolon-separated, CRLF line ends (Excel in a Dutch locale opens it as is);
 * a suppressed count is an empty value with the status "suppressed"/"onderdrukt". Fields that a
 * spreadsheet would run as a formula are prefixed with an apostrophe. A table's share (percent) is
 * one more row, category code `share`, written with the locale's decimal separator so a spreadsheet
 * in that language reads it as a number.
 */
import { INTL_LOCALE } from '../../cards/hr-summary';
import type { HrContent } from '../../content/hr';
import type { HrCell, HrTableRow } from '../../flows/hr/aggregate';
import { HR_INTERVALS, HR_THEMES } from '../../flows/hr/measures';
import type { HrTheme } from '../../flows/hr/measures';
import type { HrExportData, HrExportInterval } from './service';

export interface HrExportCategory {
  code: string;
  label: string;
  value: number | null;
  suppressed: boolean;
}

/** A table's share: category `of` as a percentage of the population. */
export interface HrExportShare {
  code: 'share';
  of: string;
  label: string;
  percent: number | null;
  suppressed: boolean;
}

export interface HrExportJson {
  format: 'escalatiewijzer-hr-export';
  version: 1;
  locale: HrContent['meta']['locale'];
  period: string;
  k: number;
  themes: Array<{
    code: HrTheme;
    title: string;
    tables: Array<{
      code: string;
      title: string;
      population: string;
      rows: Array<{ orgUnit: string | null; total: HrExportCategory; categories: HrExportCategory[]; share?: HrExportShare }>;
    }>;
    durations: Array<{
      code: string;
      title: string;
      rows: Array<{ orgUnit: string | null; medianDays: number | null; p90Days: number | null; suppressed: boolean }>;
    }>;
  }>;
}

const category = (code: string, label: string, cell: HrCell): HrExportCategory => ({ code, label, value: cell.value, suppressed: cell.suppressed });

/** The categories a row publishes: a flags table publishes only its "yes" cells (they are the categories). */
function rowCategories(texts: HrContent, tableId: string, row: HrTableRow): HrExportCategory[] {
  const labels = texts.tables[tableId]!.categories as Record<string, string>;
  return row.categories.map((c) => category(c.code, labels[c.code]!, c.cell));
}

function rowShare(of: string, label: string, row: HrTableRow): HrExportShare {
  const percent = row.share ?? null;
  return { code: 'share', of, label, percent, suppressed: percent === null };
}

function intervalsOf(data: HrExportData, theme: HrTheme, texts: HrContent) {
  return HR_INTERVALS.filter((interval) => interval.theme === theme).map((interval) => ({
    code: interval.id,
    title: texts.intervals[interval.id]!,
    rows: data.intervals
      .filter((row): row is HrExportInterval => row.id === interval.id)
      .map((row) => ({ orgUnit: row.orgUnit, medianDays: row.median, p90Days: row.p90, suppressed: row.suppressed })),
  }));
}

export function exportJson(data: HrExportData, texts: HrContent): HrExportJson {
  return {
    format: 'escalatiewijzer-hr-export',
    version: 1,
    locale: texts.meta.locale,
    period: data.period.id,
    k: data.k,
    themes: HR_THEMES.map((theme) => ({
      code: theme,
      title: texts.themes[theme].title,
      tables: data.tables
        .filter((table) => table.theme === theme)
        .map((table) => {
          const tableTexts = texts.tables[table.id]!;
          return {
            code: table.id,
            title: tableTexts.title,
            population: table.population,
            rows: table.rows.map((row) => ({
              orgUnit: row.key,
              total: category('total', tableTexts.total, row.total),
              categories: rowCategories(texts, table.id, row),
              ...(table.share === undefined ? {} : { share: rowShare(table.share, tableTexts.share!, row) }),
            })),
          };
        }),
      durations: intervalsOf(data, theme, texts),
    })),
  };
}

const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportCsv(data: HrExportData, texts: HrContent): string {
  const json = exportJson(data, texts);
  const t = texts.export;
  const c = t.columns;
  const status = (suppressed: boolean) => (suppressed ? t.suppressed : t.shown);
  const unit = (orgUnit: string | null) => orgUnit ?? t.allUnits;
  const decimal = new Intl.NumberFormat(INTL_LOCALE[texts.meta.locale], { maximumFractionDigits: 1, useGrouping: false });
  const lines: Array<Array<string | number | null>> = [
    [c.themeCode, c.theme, c.tableCode, c.table, c.categoryCode, c.category, c.period, c.orgUnit, c.value, c.status],
  ];
  for (const theme of json.themes) {
    for (const table of theme.tables) {
      for (const row of table.rows) {
        for (const cell of [row.total, ...row.categories]) {
          lines.push([theme.code, theme.title, table.code, table.title, cell.code, cell.label, json.period, unit(row.orgUnit), cell.value, status(cell.suppressed)]);
        }
        if (row.share) {
          const { code, label, percent, suppressed } = row.share;
          lines.push([theme.code, theme.title, table.code, table.title, code, label, json.period, unit(row.orgUnit), percent === null ? null : decimal.format(percent), status(suppressed)]);
        }
      }
    }
    for (const duration of theme.durations) {
      const title = `${duration.title} — ${t.durations}`;
      for (const row of duration.rows) {
        lines.push([theme.code, theme.title, duration.code, title, 'median', texts.statistics.median, json.period, unit(row.orgUnit), row.medianDays, status(row.suppressed)]);
        lines.push([theme.code, theme.title, duration.code, title, 'p90', texts.statistics.p90, json.period, unit(row.orgUnit), row.p90Days, status(row.suppressed)]);
      }
    }
  }
  return `\uFEFF${lines.map((line) => line.map(csvField).join(';')).join('\r\n')}\r\n`;
}

