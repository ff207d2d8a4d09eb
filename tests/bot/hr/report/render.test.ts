/**
 * The rapportage files for bench-like data (bench/hr-data.ts in a real SQLite store): the PDF
 * printed by a real Chromium and read back with pdfjs-dist, the DOCX unzipped. One browser serves
 * every test in this file.
 */
import { unzipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOrgUnits } from '../../../../bench/hr-data';
import { writeSqliteHrData } from '../../../../bench/hr-store-writers';
import { exportJson } from '../../../../bot/hr/export';
import type { HrExportJson } from '../../../../bot/hr/export';
import { renderReport, reportAssets } from '../../../../bot/hr/report/render';
import type { ReportFiles } from '../../../../bot/hr/report/render';
import { reportModel } from '../../../../bot/hr/report/request';
import { HrService } from '../../../../bot/hr/service';
import type { CaseStore } from '../../../../bot/store/case-store';
import { openSqliteStore, sqliteFileIn } from '../../../../bot/store/sqlite';
import { loadHrContent } from '../../../../content/hr';
import { loadReportContent } from '../../../../content/report';
import { parsePeriod } from '../../../../flows/hr/aggregate';
import { reportHtml } from '../../../../flows/hr/report/html';
import type { ReportModel } from '../../../../flows/hr/report/model';
import { buildTab } from '../../../../scripts/build-tab';
import { launchLocalChromium } from '../../../../scripts/chromium';
import type { LocalChromium } from '../../../../scripts/chromium';
import { readPdf } from './read-pdf';
import type { PdfContents } from './read-pdf';
import { everyUnitFlagged } from '../helpers/every-unit-flagged';

const hrTexts = loadHrContent('nl');
const texts = loadReportContent('nl');
const MARKER = 'niet getoond (kleine groep)';
/** Six units with bench data and one without any: its unit report is the below-k notice. */
const UNITS = [...benchOrgUnits(6), 'Eenheid 007'];
const YEAR = parsePeriod('2026')!;
const count = new Intl.NumberFormat('nl-NL');
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 });

let dir: string;
let store: CaseStore;
let chromium: LocalChromium;
let model: ReportModel;
let files: ReportFiles;
let pdf: PdfContents;
let exported: HrExportJson;

const keys = { notesKey: Buffer.alloc(32, 1), caseKeySecret: Buffer.alloc(32, 2) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ew-report-'));
  const file = sqliteFileIn(dir);
  await (await openSqliteStore({ file, ...keys })).close(); // migrates the schema the bench writer fills
  writeSqliteHrData(file, { rows: 20_000, orgUnits: benchOrgUnits(6), firstYear: 2025, years: 2 });
  store = await openSqliteStore({ file, ...keys });
  const service = new HrService(store, { timelineFlags: everyUnitFlagged, orgUnits: UNITS, minGroupSize: 10 });
  exported = exportJson(await service.exportData(YEAR), hrTexts);
  await buildTab(dir);
  chromium = await launchLocalChromium();
  model = await reportModel(service, { period: YEAR, compare: parsePeriod('2025')!, orgUnit: null, locale: 'nl' });
  files = await renderReport(model, reportAssets(dir), chromium.context);
  writeFileSync(join(dir, 'report.pdf'), files.pdf!);
  pdf = readPdf(join(dir, 'report.pdf'));
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The rows of every table in a DOCX, as the texts of their cells. */
function docxRows(docx: Buffer): string[][] {
  const xml = new TextDecoder().decode(unzipSync(new Uint8Array(docx))['word/document.xml']);
  return [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => [...c[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  );
}

describe('the rapportage PDF', () => {
  it('is A4, tagged with the headings of the four themes, the methods and the annex, and in the outline', () => {
    for (const page of pdf.pages) expect([Math.round(page.width), Math.round(page.height)]).toEqual([595, 842]);
    const headings = pdf.pages.flatMap((p) => p.headings);
    for (const theme of Object.values(hrTexts.themes)) expect(headings).toContain(`H2 ${theme.title}`);
    expect(headings).toEqual(expect.arrayContaining([`H2 ${texts.summary.heading}`, `H2 ${texts.methods.heading}`, `H2 ${texts.annex.heading}`]));
    expect(pdf.outline).toEqual(expect.arrayContaining([texts.methods.heading, hrTexts.themes.handhaving.title]));
  });

  it('numbers its pages "Pagina n van N"', () => {
    const last = pdf.pages.length;
    expect(last).toBeGreaterThan(4);
    pdf.pages.forEach((page, i) => expect(page.text).toContain(`Pagina ${i + 1} van ${last}`));
  });

  it('says what k means in words, and shows the marker for suppressed cells', () => {
    const text = pdf.pages.map((p) => p.text.replace(/\s+/g, ' ')).join(' ');
    expect(text).toContain('Een aantal kleiner dan 10 tonen we niet');
    expect(text).toContain('tussenoplossing');
    expect(text).toContain(MARKER);
  });
});

describe('the rapportage DOCX', () => {
  it('opens as a Word document with the headings, the methods and a chart image per measure with its description', () => {
    const zip = unzipSync(new Uint8Array(files.docx!));
    const xml = new TextDecoder().decode(zip['word/document.xml']);
    for (const theme of Object.values(hrTexts.themes)) expect(xml).toContain(theme.title);
    expect(xml).toContain(texts.methods.heading);
    const measures = exported.themes.flatMap((t) => t.tables).length;
    // One picture with its description per measure; docx stores identical charts (two measures
    // hidden alike) once, so there may be fewer image files than pictures, never none.
    expect((xml.match(/<wp:docPr [^>]*descr="/g) ?? []).length).toBe(measures);
    expect((xml.match(/<a:blip r:embed="/g) ?? []).length).toBe(measures);
    const images = Object.keys(zip).filter((name) => name.startsWith('word/media/') && name.endsWith('.png'));
    expect(images.length).toBeGreaterThan(0);
    expect(images.length).toBeLessThanOrEqual(measures);
  });

  it('has every published cell of the export in its annex with the same figure, and a suppressed one only as the marker', () => {
    const rows = docxRows(files.docx!).map((r) => JSON.stringify(r));
    let suppressed = 0;
    for (const table of exported.themes.flatMap((t) => t.tables)) {
      for (const row of table.rows) {
        const cells = [row.total, ...row.categories].map((c) => (c.suppressed ? MARKER : count.format(c.value!)));
        if (row.share) cells.push(row.share.suppressed ? MARKER : percent.format(row.share.percent! / 100));
        suppressed += cells.filter((c) => c === MARKER).length;
        expect(rows).toContain(JSON.stringify([row.orgUnit ?? texts.allUnits, ...cells]));
      }
    }
    expect(suppressed).toBeGreaterThan(0);
  });
});

describe('the report page', () => {
  it('draws a suppressed bar hatched with the marker, never as a zero bar', async () => {
    const page = await chromium.context.newPage();
    try {
      await page.setContent(reportHtml(model, reportAssets(dir)));
      await page.waitForSelector('body[data-charts-drawn]', { state: 'attached' });
      const drawn = await page.$$eval('[data-chart] svg', (svgs) =>
        svgs.map((svg) => ({ suppressed: svg.querySelectorAll('rect.bar-suppressed').length, bars: svg.querySelectorAll('rect.bar').length })),
      );
      if (model.kind !== 'full') throw new Error('expected the full report');
      const charts = model.chapters.flatMap((c) => [...c.measures, ...(c.appraisal?.measures ?? [])]).map((m) => m.chart);
      const bars = charts.map((c) => c.groups.flatMap((g) => g.bars));
      expect(drawn).toEqual(bars.map((b) => ({ suppressed: b.filter((x) => x.value === null).length, bars: b.filter((x) => x.value !== null).length })));
      expect(drawn.some((d) => d.suppressed > 0)).toBe(true);
    } finally {
      await page.close();
    }
  });
});

describe('a unit below k in the period', () => {
  it('gets a one-page report that says so, in both files', async () => {
    const service = new HrService(store, { timelineFlags: everyUnitFlagged, orgUnits: UNITS, minGroupSize: 10 });
    const below = await reportModel(service, { period: YEAR, orgUnit: 'Eenheid 007', locale: 'nl' });
    const out = await renderReport(below, reportAssets(dir), chromium.context);
    writeFileSync(join(dir, 'below.pdf'), out.pdf!);
    const read = readPdf(join(dir, 'below.pdf'));
    expect(read.pages).toHaveLength(1);
    expect(read.pages[0]!.text).toContain(texts.belowK.heading);
    const xml = new TextDecoder().decode(unzipSync(new Uint8Array(out.docx!))['word/document.xml']);
    expect(xml).toContain(texts.belowK.heading);
    expect(xml).not.toContain('<w:tbl>');
  });
});
