/**
 * The HR tab: sign in (Teams SSO, or a development token outside Teams in development), read the
 * filters, fetch the suppressed summary, draw the charts with their data tables and every table by
 * theme, and download the export. Bundled by `npm run build` into dist/tab/hr.js.
 */
import type { HrCell, HrIntervalStats, HrSummary, HrTableRow, HrTableView } from '../flows/hr/aggregate';
import { DEADLINE_TABLES, HR_THEMES } from '../flows/hr/measures';
import type { HrTimelinePage } from '../bot/hr/service';
import type { HrPageSettings } from '../bot/tab/routes';
import { download, getJson, HrApiError, signIn } from './api';
import type { SignIn } from './api';
import { barChart } from './charts';
import { byId, dataTable, el, format, show } from './dom';

const settings = JSON.parse(byId('hr-settings').textContent ?? '{}') as HrPageSettings;
const { texts } = settings;
const t = texts.tab;
const numberFormat = new Intl.NumberFormat(settings.lang === 'nl' ? 'nl-NL' : 'en-GB');
const percentFormat = new Intl.NumberFormat(settings.lang === 'nl' ? 'nl-NL' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 });


const status = byId('status');
const errorBox = byId('error');

function showError(error: unknown): void {
  const code = error instanceof HrApiError ? error.code : 'internal';
  // Figures still being computed are no failure: said politely in the status region, not as an alert.
  if (code === 'figuresComputing') {
    errorBox.hidden = true;
    status.textContent = t.errors.figuresComputing;
    return;
  }
  errorBox.textContent = t.errors[code];
  errorBox.hidden = false;
  status.textContent = '';
}

/** Without a Retry-After the page asks again after this many seconds. */
const DEFAULT_RETRY_SECONDS = 20;
/** The one pending retry of the overview: a new load replaces it, so retries never pile up. */
let pendingRetry: ReturnType<typeof setTimeout> | undefined;

/**
 * Loads the overview; while the year's figures are still being computed, says so and loads again
 * after the API's Retry-After.
 */
async function loadUntilComputed(session: SignIn): Promise<void> {
  clearTimeout(pendingRetry);
  pendingRetry = undefined;
  try {
    await load(session);
  } catch (error) {
    if (!(error instanceof HrApiError) || error.code !== 'figuresComputing') throw error;
    status.textContent = t.status.computing;
    // Figures of an earlier selection would look like the ones asked for.
    byId('content').hidden = true;
    // Two loads that overlapped (a click during a retry) leave one retry, not two.
    clearTimeout(pendingRetry);
    pendingRetry = setTimeout(() => void loadUntilComputed(session).catch(showError), 1000 * (error.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS));
  }
}

const suppressedMarker = () => el('span', { class: 'suppressed' }, texts.suppression.marker);

/** A count, or the suppression marker in text (never only a colour). */
function cellText(cell: HrCell): Node | string {
  return cell.value === null ? suppressedMarker() : numberFormat.format(cell.value);
}

/** A percentage (0–100), or the suppression marker in text. */
function percentText(percent: number | null): Node | string {
  return percent === null ? suppressedMarker() : percentFormat.format(percent / 100);
}

/** A table row's column heading: a breakdown's unit or quarter, or the selected unit and period. */
function rowHeading(summary: HrSummary, row: HrTableRow): string {
  return row.key ?? `${summary.orgUnit ?? t.filters.allUnits} ${summary.period.id}`;
}

const tableOf = (summary: HrSummary, id: string) => summary.tables.find((x) => x.id === id)!;

function categoryLabel(tableId: string, code: string): string {
  return (texts.tables[tableId]!.categories as Record<string, string>)[code] ?? code;
}

// ————— filters —————

const yearSelect = byId<HTMLSelectElement>('filter-year');
const quarterSelect = byId<HTMLSelectElement>('filter-quarter');
const unitSelect = byId<HTMLSelectElement>('filter-unit');

/** This year (by the bot's clock) and the four before it. */
function fillYears(): void {
  for (let year = settings.year; year > settings.year - 5; year -= 1) yearSelect.append(el('option', { value: String(year) }, String(year)));
}

function fillUnits(units: readonly string[]): void {
  const chosen = unitSelect.value;
  const known = new Set([...unitSelect.options].map((o) => o.value));
  for (const unit of units) if (!known.has(unit)) unitSelect.append(el('option', { value: unit }, unit));
  unitSelect.value = chosen;
}

function filters(): { period: string; orgUnit: string } {
  return { period: quarterSelect.value ? `${yearSelect.value}-${quarterSelect.value}` : yearSelect.value, orgUnit: unitSelect.value };
}

// ————— charts and tables —————

function funnel(summary: HrSummary): void {
  const table = tableOf(summary, 'highestRung');
  const bars = table.scope.categories.map((c) => ({ label: categoryLabel(table.id, c.code), value: c.cell.value }));
  show(
    byId('funnel-chart'),
    barChart({
      id: 'funnel',
      title: t.charts.funnel.title,
      description: t.charts.funnel.description,
      groups: bars.map((bar) => ({ label: bar.label, bars: [bar] })),
      formatValue: (v) => numberFormat.format(v),
      suppressedText: texts.suppression.marker,
    }),
  );
  show(byId('funnel-table'), themeTable(summary, table, `${t.charts.dataTable}: ${t.charts.funnel.title}`));
}

function durations(summary: HrSummary): void {
  const description = format(t.charts.durations.description, { k: summary.k });
  byId('durations-description').textContent = description;
  const days = (v: number) => `${numberFormat.format(v)} ${texts.statistics.days}`;
  const stat = (value: number | null) => (value === null ? suppressedMarker() : days(value));
  const label = (interval: HrIntervalStats) => texts.intervals[interval.id] ?? interval.id;
  show(
    byId('durations-chart'),
    barChart({
      id: 'durations',
      title: t.charts.durations.title,
      description,
      groups: summary.intervals.map((interval) => ({
        label: label(interval),
        bars: [
          { label: texts.statistics.median, value: interval.median },
          { label: texts.statistics.p90, value: interval.p90 },
        ],
      })),
      formatValue: days,
      suppressedText: texts.suppression.marker,
    }),
  );
  show(
    byId('durations-table'),
    dataTable({
      caption: `${t.charts.dataTable}: ${t.charts.durations.title}`,
      headers: [t.tables.category, texts.statistics.median, texts.statistics.p90],
      rows: summary.intervals.map((interval) => ({ heading: label(interval), cells: [stat(interval.median), stat(interval.p90)] })),
    }),
  );
}

/** Share met = met / (met + missed) in percent, when both counts are shown. */
function shareMet(row: HrTableRow): number | null {
  const cell = (code: string) => row.categories.find((c) => c.code === code)!.cell;
  const met = cell('met').value;
  const missed = cell('missed').value;
  return met === null || missed === null || met + missed === 0 ? null : (100 * met) / (met + missed);
}

function deadlines(summary: HrSummary): void {
  const tables = DEADLINE_TABLES.map((id) => tableOf(summary, id));
  const rows = tables.map((table) => ({ label: texts.tables[table.id]!.title, value: shareMet(table.scope) }));
  show(
    byId('deadlines-chart'),
    barChart({
      id: 'deadlines',
      title: t.charts.deadlines.title,
      description: t.charts.deadlines.description,
      groups: rows.map((row) => ({ label: row.label, bars: [{ label: t.charts.share, value: row.value }] })),
      formatValue: (v) => percentFormat.format(v / 100),
      suppressedText: texts.suppression.marker,
      max: 100,
    }),
  );
  show(
    byId('deadlines-table'),
    dataTable({
      caption: `${t.charts.dataTable}: ${t.charts.deadlines.title}`,
      headers: [t.tables.category, t.charts.share],
      rows: rows.map((row) => ({ heading: row.label, cells: [percentText(row.value)] })),
    }),
  );
}

/**
 * The appraisal question for the selected unit and period and each of its units or quarters:
 * the share asked and the share signalled (of those asked), with the number of conversations.
 */
function appraisal(summary: HrSummary): void {
  const asked = tableOf(summary, 'appraisalAsked');
  const signalled = tableOf(summary, 'appraisalSignalled');
  const signalledRows = [signalled.scope, ...signalled.breakdown];
  const rows = [asked.scope, ...asked.breakdown].map((row, i) => ({
    label: rowHeading(summary, row),
    recorded: row.total,
    asked: row.share ?? null,
    signalled: signalledRows[i]!.share ?? null,
  }));
  const askedLabel = texts.tables.appraisalAsked!.share!;
  const signalledLabel = texts.tables.appraisalSignalled!.share!;
  show(
    byId('appraisal-chart'),
    barChart({
      id: 'appraisal',
      title: t.charts.appraisal.title,
      description: t.charts.appraisal.description,
      groups: rows.map((row) => ({
        label: row.label,
        bars: [
          { label: askedLabel, value: row.asked },
          { label: signalledLabel, value: row.signalled },
        ],
      })),
      formatValue: (v) => percentFormat.format(v / 100),
      suppressedText: texts.suppression.marker,
      max: 100,
    }),
  );
  show(
    byId('appraisal-table'),
    dataTable({
      caption: `${t.charts.dataTable}: ${t.charts.appraisal.title}`,
      headers: [t.charts.group, texts.tables.appraisalAsked!.total, askedLabel, signalledLabel],
      rows: rows.map((row) => ({ heading: row.label, cells: [cellText(row.recorded), percentText(row.asked), percentText(row.signalled)] })),
    }),
  );
}

/** A table: categories as rows (and its share, if it has one); the selected scope, then any breakdown (units or quarters), as columns. */
function themeTable(summary: HrSummary, table: HrTableView, caption: string): HTMLElement {
  const columns: HrTableRow[] = [table.scope, ...table.breakdown];
  const tableTexts = texts.tables[table.id]!;
  return dataTable({
    caption,
    headers: [t.tables.category, ...columns.map((column) => rowHeading(summary, column))],
    rows: [
      ...table.scope.categories.map((category, i) => ({
        heading: categoryLabel(table.id, category.code),
        cells: columns.map((column) => cellText(column.categories[i]!.cell)),
      })),
      { heading: tableTexts.total, cells: columns.map((column) => cellText(column.total)) },
      ...(tableTexts.share ? [{ heading: tableTexts.share, cells: columns.map((column) => percentText(column.share ?? null)) }] : []),
    ],
  });
}

function themeTables(summary: HrSummary): void {
  show(
    byId('theme-tables'),
    ...HR_THEMES.map((theme) =>
      el(
        'section',
        { class: 'theme', 'aria-labelledby': `theme-${theme}` },
        el('h3', { id: `theme-${theme}` }, texts.themes[theme].title),
        el('p', {}, texts.themes[theme].description),
        ...summary.tables
          .filter((table) => table.theme === theme)
          .flatMap((table) => [el('p', { class: 'table-description' }, texts.tables[table.id]!.description), themeTable(summary, table, texts.tables[table.id]!.title)]),
      ),
    ),
  );
}

function summaryFigures(summary: HrSummary): void {
  show(byId('summary-cases'), cellText(summary.cases));
  show(byId('summary-appraisals'), cellText(tableOf(summary, 'appraisalAsked').scope.total));
  byId('summary-k').textContent = String(summary.k);
  byId('suppression-note').textContent = format(texts.suppression.explanation, { k: summary.k });
  byId('timelines-description').textContent = format(t.timelines.description, { k: summary.k });
}

// ————— timelines —————

async function timelines(session: SignIn, after?: string): Promise<void> {
  const { period, orgUnit } = filters();
  const page = await getJson<HrTimelinePage>(session, '/api/hr/timelines', { period, orgUnit, ...(after ? { after } : {}) });
  const container = byId('timelines');
  if (!after) container.replaceChildren();
  if (page.cases.length === 0 && !after) {
    container.append(el('p', {}, t.timelines.none));
    return;
  }
  const position = (code: string) => (t.timelines.positions as Record<string, string>)[code] ?? code;
  const transition = (code: string) => (t.timelines.transitions as Record<string, string>)[code] ?? code;
  container.append(
    dataTable({
      caption: t.timelines.heading,
      headers: [t.timelines.case, t.timelines.unit, t.timelines.signalQuarter, t.timelines.events],
      rows: page.cases.map((c) => ({
        heading: c.case.slice(0, 12),
        cells: [
          c.orgUnit,
          c.quarter,
          el(
            'ol',
            { class: 'events' },
            ...c.events.map((e) =>
              el('li', {}, `${transition(e.transition)}${e.outcome ? ` (${e.outcome})` : ''} → ${position(e.rung)}${e.daysSinceSignal === null ? '' : `, ${t.timelines.day} ${e.daysSinceSignal}`}`),
            ),
          ),
        ],
      })),
    }),
  );
  if (page.next) {
    const more = el('button', { type: 'button', class: 'button secondary' }, t.timelines.more);
    more.addEventListener('click', () => {
      more.remove();
      timelines(session, page.next!).catch(showError);
    });
    container.append(more);
  }
}

// ————— the page —————

async function load(session: SignIn): Promise<void> {
  errorBox.hidden = true;
  status.textContent = t.status.loading;
  const { period, orgUnit } = filters();
  const by = orgUnit === '' ? 'orgUnit' : quarterSelect.value === '' ? 'quarter' : '';
  const summary = await getJson<HrSummary>(session, '/api/hr/summary', { period, orgUnit, by });
  fillUnits(summary.orgUnits);
  summaryFigures(summary);
  funnel(summary);
  durations(summary);
  deadlines(summary);
  appraisal(summary);
  themeTables(summary);
  byId('timelines').replaceChildren();
  byId('content').hidden = false;
  status.textContent = format(t.status.loaded, { period: summary.period.id });
}

async function main(): Promise<void> {
  fillYears();
  status.textContent = t.status.signingIn;
  const session = await signIn(settings.devTokenUrl);
  const wanted = session.teamsLocale?.toLowerCase().startsWith('en') ? 'en' : session.teamsLocale ? 'nl' : null;
  if (wanted && wanted !== settings.lang && !new URL(location.href).searchParams.has('lang')) {
    location.replace(`${location.pathname}?lang=${wanted}`);
    return;
  }
  const run = (work: () => Promise<void>) => work().catch(showError);
  byId('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void run(() => loadUntilComputed(session));
  });
  const exportParams = () => ({ period: filters().period, lang: settings.lang });
  const exported = () => {
    status.textContent = t.status.exported;
  };
  byId('export-csv').addEventListener('click', () => void run(() => download(session, '/api/hr/export.csv', exportParams(), 'export.csv').then(exported)));
  byId('export-json').addEventListener('click', () => void run(() => download(session, '/api/hr/export.json', exportParams(), 'export.json').then(exported)));
  const reportParams = () => ({ ...filters(), lang: settings.lang });
  byId('report-pdf').addEventListener('click', () => void run(() => download(session, '/api/hr/report.pdf', reportParams(), 'rapportage.pdf').then(exported)));
  byId('report-docx').addEventListener('click', () => void run(() => download(session, '/api/hr/report.docx', reportParams(), 'rapportage.docx').then(exported)));
  byId('timelines-show').addEventListener('click', () => void run(() => timelines(session)));
  await loadUntilComputed(session);
}

main().catch(showError);
