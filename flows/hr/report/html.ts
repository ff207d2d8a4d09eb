/**
 * The rapportage as one HTML page, pure: the report model and the page's assets (the tab's style
 * sheet, the report's own, and the bundled chart script) in, a self-contained document out that
 * Chromium prints to a tagged A4 PDF. Headings are real h1–h3 (they become the PDF's structure tree
 * and outline), every table has a caption and header cells, and each chart is drawn in the page by
 * the tab's own `barChart` (tab/report-charts.ts) from the specs embedded as JSON.
 */
import { escapeHtml } from '../../escape-html';
import type { ReportChapter, ReportChart, ReportMeasure, ReportModel, ReportSection, ReportTable } from './model';

export interface ReportPageAssets {
  /** CSS, concatenated in order (the tab's tab/hr.css, then tab/report.css). */
  css: string[];
  /** The bundled tab/report-charts.ts. */
  chartScript: string;
}


/** JSON inside a script element: `<` escaped so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function table(spec: ReportTable): string {
  const head = spec.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = spec.rows
    .map((row) => `<tr><th scope="row">${escapeHtml(row.heading)}</th>${row.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<table id="${escapeHtml(spec.id)}"><caption>${escapeHtml(spec.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

const paragraphs = (texts: string[]) => texts.map((p) => `<p>${escapeHtml(p)}</p>`).join('');

const section = (s: ReportSection, level: 2 | 3) => `<section><h${level}>${escapeHtml(s.heading)}</h${level}>${paragraphs(s.paragraphs)}</section>`;

/** A chart's place: the script draws the SVG into it; the text alternative stays visible below. */
function chart(spec: ReportChart): string {
  return `<figure class="report-chart"><div class="chart-slot" data-chart="${escapeHtml(spec.id)}"></div><figcaption>${escapeHtml(spec.alt)}</figcaption></figure>`;
}

const measure = (m: ReportMeasure, level: 3 | 4) =>
  `<section class="measure"><h${level}>${escapeHtml(m.title)}</h${level}><p class="note">${escapeHtml(m.description)}</p>${chart(m.chart)}${table(m.table)}</section>`;

function chapter(c: ReportChapter): string {
  const appraisal = c.appraisal
    ? `<section><h3>${escapeHtml(c.appraisal.heading)}</h3><p>${escapeHtml(c.appraisal.intro)}</p>${c.appraisal.measures.map((m) => measure(m, 4)).join('')}</section>`
    : '';
  return `<section class="chapter" id="theme-${c.id}"><h2>${escapeHtml(c.title)}</h2><p>${escapeHtml(c.description)}</p>${c.measures.map((m) => measure(m, 3)).join('')}${appraisal}${
    c.durations ? table(c.durations) : ''
  }</section>`;
}

function charts(model: ReportModel): ReportChart[] {
  if (model.kind === 'belowK') return [];
  return model.chapters.flatMap((c) => [...c.measures, ...(c.appraisal?.measures ?? [])].map((m) => m.chart));
}

function body(model: ReportModel): string {
  const cover = `<header class="cover"><h1>${escapeHtml(model.title)}</h1><p class="subtitle">${escapeHtml(model.subtitle)}</p><p class="note">${escapeHtml(model.generatedBy)}</p></header>`;
  if (model.kind === 'belowK') return `${cover}${section(model.notice, 2)}`;
  return [
    cover,
    `<section class="summary"><h2>${escapeHtml(model.summary.heading)}</h2>${paragraphs(model.summary.paragraphs)}${table(model.summary.keyFigures)}</section>`,
    ...model.chapters.map(chapter),
    `<section class="chapter methods"><h2>${escapeHtml(model.methods.heading)}</h2>${model.methods.sections.map((s) => section(s, 3)).join('')}</section>`,
    `<section class="chapter annex"><h2>${escapeHtml(model.annex.heading)}</h2><p>${escapeHtml(model.annex.intro)}</p>${model.annex.tables.map(table).join('')}</section>`,
  ].join('');
}

export function reportHtml(model: ReportModel, assets: ReportPageAssets): string {
  const settings = { suppressed: model.suppressed, locale: model.locale, charts: charts(model) };
  return `<!doctype html>
<html lang="${model.locale}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${model.title} — ${model.subtitle}`)}</title>
<style>${assets.css.join('\n')}</style>
</head>
<body class="report">
<main>${body(model)}</main>
<script type="application/json" id="report-settings">${scriptJson(settings)}</script>
<script>${assets.chartScript}</script>
</body>
</html>`;
}

/** Chromium's page footer: the page number in the report's words ("Pagina 3 van 12"). */
export function footerTemplate(model: ReportModel): string {
  const text = escapeHtml(model.pageNumber)
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{pages}', '<span class="totalPages"></span>');
  return `<div style="width:100%;font-size:9px;font-family:sans-serif;color:#4a4a4a;text-align:center;">${escapeHtml(model.subtitle)} · ${text}</div>`;
}
