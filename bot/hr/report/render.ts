/**
 * The rapportage's files from its model (request.ts): the PDF printed by Chromium from the HTML template, and the DOCX with the charts that
 * the same page drew. One page in one browser makes both: the PDF, and a PNG of each chart's SVG.
 *
 * Chromium is optional: without one (no CHROME_PATH and no bundled browser) there is no PDF and the
 * DOCX carries the tables and text alternatives without the chart images.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { projectRoot } from '../../../content/load';
import { footerTemplate, reportHtml } from '../../../flows/hr/report/html';
import type { ReportPageAssets } from '../../../flows/hr/report/html';
import type { ReportModel } from '../../../flows/hr/report/model';
import type { ReportFormat } from './request';
import { reportDocx } from './docx';
import type { ChartImage } from './docx';

/** The style sheets and the bundled chart script (`npm run build`, scripts/build-tab.ts, writes it to `assetsDir`). */
export function reportAssets(assetsDir: string): ReportPageAssets {
  const tab = join(projectRoot(__dirname), 'tab');
  return {
    css: [readFileSync(join(tab, 'hr.css'), 'utf8'), readFileSync(join(tab, 'report.css'), 'utf8')],
    chartScript: readFileSync(join(assetsDir, 'report-charts.js'), 'utf8'),
  };
}

export interface ReportFiles {
  /** null: not asked for, or no browser to print it. */
  pdf: Buffer | null;
  /** null: not asked for. */
  docx: Buffer | null;
}

/** The width the page is laid out at: the A4 text column (210 mm − 2 × 16 mm) in CSS pixels. */
const PAGE_WIDTH_PX = 673;

/** Prints the PDF and draws each chart as a PNG (for the DOCX), in one page of `browser`; only what `wanted` asks for. */
async function printed(
  model: ReportModel,
  assets: ReportPageAssets,
  browser: BrowserContext,
  wanted: ReadonlySet<ReportFormat>,
): Promise<{ pdf: Buffer | null; images: Map<string, ChartImage> }> {
  const page = await browser.newPage();
  try {
    await page.setViewportSize({ width: PAGE_WIDTH_PX, height: 1000 });
    await page.setContent(reportHtml(model, assets), { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts-drawn]', { state: 'attached' });
    const images = new Map<string, ChartImage>();
    for (const slot of wanted.has('docx') ? await page.locator('[data-chart]').all() : []) {
      const id = (await slot.getAttribute('data-chart'))!;
      const chart = slot.locator('svg');
      const box = (await chart.boundingBox())!;
      images.set(id, { png: await chart.screenshot({ omitBackground: false }), width: Math.round(box.width), height: Math.round(box.height) });
    }
    if (!wanted.has('pdf')) return { pdf: null, images };
    const pdf = await page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(model),
      tagged: true,
      outline: true,
    });
    return { pdf, images };
  } finally {
    await page.close();
  }
}

/** The files in `wanted` (both by default): a PDF only with a browser, a DOCX always. */
export async function renderReport(
  model: ReportModel,
  assets: ReportPageAssets,
  browser: BrowserContext | null,
  wanted: ReadonlySet<ReportFormat> = new Set(['pdf', 'docx']),
): Promise<ReportFiles> {
  const { pdf, images } = browser ? await printed(model, assets, browser, wanted) : { pdf: null, images: null };
  return { pdf, docx: wanted.has('docx') ? await reportDocx(model, images) : null };
}
