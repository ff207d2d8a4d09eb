/**
 * The rapportage as data, pure: the export's suppressed figures (bot/hr/export.ts `exportJson`) of a
 * period, optionally of a comparison period, and the texts in; a report model out that the HTML
 * template (PDF) and the DOCX writer both lay out. A report leaves HR, so it is an export: every
 * number in the model is a cell the export publishes, read from it and never recomputed, and a
 * suppressed cell becomes the marker text, never a number. The only figure the model derives is a
 * change against the comparison period, and only between two published cells.
 */
import type { HrContent } from '../../../content/hr';
import type { ReportContent } from '../../../content/report';
import { HR_APPRAISAL_TABLES, HR_THEMES } from '../measures';
import type { HrTheme } from '../measures';

/** The part of the export (bot/hr/export.ts `HrExportJson`) a report reads. */
export interface ReportSourceCell {
  code: string;
  label: string;
  value: number | null;
}
export interface ReportSourceRow {
  orgUnit: string | null;
  total: ReportSourceCell;
  categories: ReportSourceCell[];
  share?: { label: string; percent: number | null };
}
export interface ReportSource {
  period: string;
  k: number;
  themes: Array<{
    code: HrTheme;
    title: string;
    tables: Array<{ code: string; title: string; rows: ReportSourceRow[] }>;
    durations: Array<{ code: string; title: string; rows: Array<{ orgUnit: string | null; medianDays: number | null; p90Days: number | null }> }>;
  }>;
}

export interface ReportInput {
  current: ReportSource;
  /** The comparison period's export, if one was asked for. */
  compare?: ReportSource;
  /** The unit the report is about; null for all units. */
  unit: string | null;
  texts: ReportContent;
  hrTexts: HrContent;
}

export interface ReportTable {
  id: string;
  caption: string;
  /** Column headings; the first is the row heading column. */
  headers: string[];
  rows: Array<{ heading: string; cells: string[] }>;
}

export interface ReportBar {
  label: string;
  /** null: suppressed (drawn hatched with the marker, never as a zero bar). */
  value: number | null;
}

/** What tab/charts.ts `barChart` draws, minus the functions (the page adds them from `percent`). */
export interface ReportChart {
  id: string;
  title: string;
  description: string;
  groups: Array<{ label: string; bars: ReportBar[] }>;
  /** The bars are percentages (0–100) rather than counts. */
  percent: boolean;
  /** The text alternative: the title, the description and every value in words. */
  alt: string;
}

export interface ReportMeasure {
  id: string;
  title: string;
  description: string;
  chart: ReportChart;
  table: ReportTable;
}

export interface ReportChapter {
  id: HrTheme;
  title: string;
  description: string;
  measures: ReportMeasure[];
  /** The appraisal question's measures (handelingsvaardigheid only). */
  appraisal?: { heading: string; intro: string; measures: ReportMeasure[] };
  durations: ReportTable | null;
}

export interface ReportSection {
  heading: string;
  paragraphs: string[];
}

interface ReportHead {
  locale: HrContent['meta']['locale'];
  title: string;
  subtitle: string;
  generatedBy: string;
  pageNumber: string;
  suppressed: string;
  /** Said in the DOCX where no browser could draw the charts. */
  chartsMissing: string;
}

export interface FullReport extends ReportHead {
  kind: 'full';
  summary: { heading: string; paragraphs: string[]; keyFigures: ReportTable };
  chapters: ReportChapter[];
  methods: { heading: string; sections: ReportSection[] };
  annex: { heading: string; intro: string; tables: ReportTable[] };
}

/** A unit below k in the period: one page that says so, and nothing else. */
export interface BelowKReport extends ReportHead {
  kind: 'belowK';
  notice: ReportSection;
}

export type ReportModel = FullReport | BelowKReport;

const INTL: Record<ReportHead['locale'], string> = { nl: 'nl-NL', en: 'en-GB' };

/** `{name}` placeholders filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

const APPRAISAL_TABLES = new Set(HR_APPRAISAL_TABLES.map((t) => t.id));

type SourceTable = ReportSource['themes'][number]['tables'][number];

function tablesOf(source: ReportSource): Map<string, SourceTable> {
  return new Map(source.themes.flatMap((theme) => theme.tables.map((table) => [table.code, table] as const)));
}

const rowOf = (table: SourceTable | undefined, unit: string | null) => table?.rows.find((row) => row.orgUnit === unit);

/** The cells of a row, in order: total, each category, the share if the table has one. */
function cellsOf(row: ReportSourceRow): Array<{ code: string; label: string; value: number | null; percent: boolean }> {
  return [
    { ...row.total, percent: false },
    ...row.categories.map((c) => ({ ...c, percent: false })),
    ...(row.share ? [{ code: 'share', label: row.share.label, value: row.share.percent, percent: true }] : []),
  ];
}

/**
 * A unit is below k in the period when the export hides both of its root counts (cases and
 * appraisal conversations): then none of its figures can be published.
 */
function isBelowK(source: ReportSource, unit: string): boolean {
  const tables = tablesOf(source);
  return ['signalCategories', 'appraisalAsked'].every((id) => rowOf(tables.get(id), unit)?.total.value === null);
}

export function buildReport({ current, compare, unit, texts, hrTexts }: ReportInput): ReportModel {
  const intl = INTL[hrTexts.meta.locale];
  const count = new Intl.NumberFormat(intl);
  const percent = new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(intl, { signDisplay: 'exceptZero', maximumFractionDigits: 1 });
  const show = (value: number | null, isPercent = false) => (value === null ? texts.suppressed : isPercent ? percent.format(value / 100) : count.format(value));
  const unitName = unit ?? texts.allUnits;
  const values = { period: current.period, unit: unitName, k: current.k, compare: compare?.period ?? '' };
  const head: ReportHead = {
    locale: hrTexts.meta.locale,
    title: texts.title,
    subtitle: fill(texts.subtitle, values),
    generatedBy: texts.generatedBy,
    pageNumber: texts.pageNumber,
    suppressed: texts.suppressed,
    chartsMissing: texts.docx.chartsMissing,
  };
  if (unit !== null && isBelowK(current, unit)) {
    return { ...head, kind: 'belowK', notice: { heading: texts.belowK.heading, paragraphs: texts.belowK.paragraphs.map((p) => fill(p, values)) } };
  }

  const currentTables = tablesOf(current);
  const compareTables = compare ? tablesOf(compare) : undefined;
  /** Headings of a scope table: category, this period, and the comparison period with the change. */
  const scopeHeaders = [texts.theme.category, current.period, ...(compare ? [compare.period, texts.theme.change] : [])];
  /** A change only between two published cells; percentages change in percentage points. */
  const change = (now: number | null, before: number | null | undefined) =>
    now === null || before === null || before === undefined ? texts.suppressed : signed.format(now - before);

  function measure(table: SourceTable): ReportMeasure {
    const tableTexts = hrTexts.tables[table.code]!;
    const row = rowOf(table, unit)!;
    const before = rowOf(compareTables?.get(table.code), unit);
    const beforeOf = (code: string) => (before ? cellsOf(before).find((c) => c.code === code)?.value : undefined);
    const cells = cellsOf(row);
    const shares = cells.filter((c) => c.percent);
    // A table with a share is drawn as its share (a percentage), the others as their category counts.
    const drawn = shares.length > 0 ? shares : cells.filter((c) => c.code !== 'total');
    const bars = (c: (typeof cells)[number]): ReportBar[] => [
      { label: current.period, value: c.value },
      ...(compare ? [{ label: compare.period, value: beforeOf(c.code) ?? null }] : []),
    ];
    const groups = drawn.map((c) => ({ label: c.label, bars: bars(c) }));
    const words = groups
      .map((g) => `${g.label}: ${g.bars.map((b) => `${compare ? `${b.label} ` : ''}${show(b.value, shares.length > 0)}`).join(', ')}`)
      .join('; ');
    return {
      id: table.code,
      title: table.title,
      description: tableTexts.description,
      chart: {
        id: `chart-${table.code}`,
        title: table.title,
        description: tableTexts.description,
        groups,
        percent: shares.length > 0,
        alt: `${fill(texts.theme.chartAlt, { title: table.title, description: tableTexts.description })} ${words}`,
      },
      table: {
        id: `table-${table.code}`,
        caption: `${table.title} — ${unitName}`,
        headers: scopeHeaders,
        rows: cells.map((c) => {
          const previous = beforeOf(c.code);
          return {
            heading: c.label,
            cells: [show(c.value, c.percent), ...(compare ? [show(previous ?? null, c.percent), change(c.value, previous)] : [])],
          };
        }),
      },
    };
  }

  function durations(theme: ReportSource['themes'][number]): ReportTable | null {
    const rows = theme.durations.flatMap((d) => {
      const row = d.rows.find((r) => r.orgUnit === unit);
      return row ? [{ heading: d.title, cells: [show(row.medianDays), show(row.p90Days)] }] : [];
    });
    if (rows.length === 0) return null;
    return {
      id: `durations-${theme.code}`,
      caption: `${texts.theme.durations} — ${unitName}`,
      headers: [texts.theme.category, hrTexts.statistics.median, hrTexts.statistics.p90],
      rows,
    };
  }

  const chapters: ReportChapter[] = HR_THEMES.map((code) => {
    const theme = current.themes.find((t) => t.code === code)!;
    const caseTables = theme.tables.filter((t) => !APPRAISAL_TABLES.has(t.code));
    const appraisalTables = theme.tables.filter((t) => APPRAISAL_TABLES.has(t.code));
    return {
      id: code,
      title: theme.title,
      description: hrTexts.themes[code].description,
      measures: caseTables.map(measure),
      ...(appraisalTables.length > 0 ? { appraisal: { heading: texts.appraisal.heading, intro: texts.appraisal.intro, measures: appraisalTables.map(measure) } } : {}),
      durations: durations(theme),
    };
  });

  const keyCell = (table: string, code: string) => {
    const pick = (tables: Map<string, SourceTable> | undefined) => {
      const row = rowOf(tables?.get(table), unit);
      return row ? cellsOf(row).find((c) => c.code === code) : undefined;
    };
    const now = pick(currentTables)!;
    const before = pick(compareTables);
    return [show(now.value, now.percent), ...(compare ? [show(before?.value ?? null, now.percent), change(now.value, before?.value)] : [])];
  };
  const s = texts.summary;
  const keyFigures: ReportTable = {
    id: 'key-figures',
    caption: `${s.keyFigures} — ${unitName}`,
    headers: [s.figure, current.period, ...(compare ? [compare.period, texts.theme.change] : [])],
    rows: [
      { heading: s.cases, cells: keyCell('signalCategories', 'total') },
      { heading: s.formalReports, cells: keyCell('highestRung', 'formalReport') },
      { heading: s.addressOnTime, cells: keyCell('addressDeadline', 'met') },
      { heading: s.appraisals, cells: keyCell('appraisalAsked', 'total') },
      { heading: s.appraisalAskedShare, cells: keyCell('appraisalAsked', 'share') },
    ],
  };

  /** The annex: every table with a row per unit in scope (all units and each unit, or the one unit). */
  const annexTables: ReportTable[] = current.themes.flatMap((theme) => [
    ...theme.tables.map((table) => {
      const rows = table.rows.filter((row) => unit === null || row.orgUnit === unit);
      return {
        id: `annex-${table.code}`,
        caption: `${theme.title} — ${table.title}`,
        headers: [hrTexts.export.columns.orgUnit, ...cellsOf(table.rows[0]!).map((c) => c.label)],
        rows: rows.map((row) => ({ heading: row.orgUnit ?? texts.allUnits, cells: cellsOf(row).map((c) => show(c.value, c.percent)) })),
      };
    }),
    ...theme.durations.map((d) => ({
      id: `annex-${d.code}`,
      caption: `${theme.title} — ${d.title} (${texts.theme.durations})`,
      headers: [hrTexts.export.columns.orgUnit, hrTexts.statistics.median, hrTexts.statistics.p90],
      rows: d.rows.filter((row) => unit === null || row.orgUnit === unit).map((row) => ({ heading: row.orgUnit ?? texts.allUnits, cells: [show(row.medianDays), show(row.p90Days)] })),
    })),
  ]);

  return {
    ...head,
    kind: 'full',
    summary: {
      heading: s.heading,
      paragraphs: [fill(s.intro, values), ...(compare ? [fill(s.compareNote, values)] : [])],
      keyFigures,
    },
    chapters,
    methods: {
      heading: texts.methods.heading,
      sections: texts.methods.sections.map((section) => ({ heading: section.heading, paragraphs: section.paragraphs.map((p) => fill(p, values)) })),
    },
    annex: { heading: texts.annex.heading, intro: texts.annex.intro, tables: annexTables },
  };
}
