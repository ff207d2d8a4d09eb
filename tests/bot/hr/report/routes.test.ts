/**
 * The rapportage over the HR API, on cases walked through the real bot: the PDF and the DOCX for an
 * HR role, a refusal for a manager, an audit row per request, and the DOCX without a browser.
 */
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTab } from '../../../../scripts/build-tab';
import { startHrServer } from '../helpers/hr-server';
import type { HrServer } from '../helpers/hr-server';
import { HR_DEMO_CASES, walkCases } from '../helpers/walk-cases';
import { HR_DEMO_APPRAISALS, walkAppraisals } from '../helpers/walk-appraisals';

let assets: string;
let server: HrServer;
let hr: string;
let manager: string;

const tokenFor = async (role: string) => ((await (await server.get(`/api/hr/dev/token?role=${role}`)).json()) as { token: string }).token;

beforeAll(async () => {
  assets = mkdtempSync(join(tmpdir(), 'ew-report-assets-'));
  await buildTab(assets);
  server = await startHrServer(
    // Printing a report takes seconds, more on a busy test machine than the default 15 s allow.
    { HR_MIN_GROUP_SIZE: '5', REQUEST_TIMEOUT_MS: '120000' },
    async (bot) => {
      await walkCases(bot, HR_DEMO_CASES);
      await walkAppraisals(bot, HR_DEMO_APPRAISALS);
    },
    assets,
  );
  hr = await tokenFor('hr');
  manager = await tokenFor('manager');
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(assets, { recursive: true, force: true });
});

function reportAudit(): unknown[] {
  const db = new Database(server.bot.dbFile, { readonly: true });
  try {
    return db.prepare("SELECT action, case_id, detail FROM audit WHERE action = 'report' ORDER BY seq").all();
  } finally {
    db.close();
  }
}

describe('the rapportage download', () => {
  it('gives an HR role the PDF and the DOCX as attachments, and writes who, period, unit and format to the audit trail', async () => {
    const pdf = await server.get('/api/hr/report.pdf?period=2026&compare=2025&lang=nl', hr);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="rapportage-2026-nl.pdf"');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const docx = await server.get('/api/hr/report.docx?period=2026-Q4&orgUnit=Beleid&lang=en', hr);
    expect(docx.status).toBe(200);
    const xml = new TextDecoder().decode(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']);
    expect(xml).toContain('How these figures are made');

    expect(reportAudit()).toEqual([
      { action: 'report', case_id: null, detail: 'pdf_2026_all' },
      { action: 'report', case_id: null, detail: 'docx_2026-Q4_u1' },
    ]);
  }, 60_000);

  it('refuses a manager, without an audit row', async () => {
    const before = reportAudit().length;
    for (const format of ['pdf', 'docx']) {
      const res = await server.get(`/api/hr/report.${format}?period=2026`, manager);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'forbidden' });
    }
    expect((await server.get('/api/hr/report.pdf?period=2026')).status).toBe(401);
    expect(reportAudit()).toHaveLength(before);
  });

  it('refuses an unknown unit or comparison period by name', async () => {
    expect(await (await server.get('/api/hr/report.docx?period=2026&orgUnit=Nergens', hr)).json()).toEqual({ error: 'invalidFilter', field: 'orgUnit' });
    expect(await (await server.get('/api/hr/report.docx?period=2026&compare=vorig', hr)).json()).toEqual({ error: 'invalidFilter', field: 'period' });
  });

  it('says the PDF is unavailable when no browser is found, and still gives the DOCX', async () => {
    // A server of its own: the process's browser is launched once, on its first report.
    const configured = process.env.CHROME_PATH;
    process.env.CHROME_PATH = join(assets, 'no-chromium-here');
    const bare = await startHrServer({ HR_MIN_GROUP_SIZE: '5', REQUEST_TIMEOUT_MS: '120000' }, (bot) => walkCases(bot, HR_DEMO_CASES), assets);
    try {
      const token = ((await (await bare.get('/api/hr/dev/token?role=hr')).json()) as { token: string }).token;
      const pdf = await bare.get('/api/hr/report.pdf?period=2026', token);
      expect(pdf.status).toBe(503);
      expect(await pdf.json()).toEqual({ error: 'reportPdfUnavailable' });
      const docx = await bare.get('/api/hr/report.docx?period=2026', token);
      expect(docx.status).toBe(200);
      const xml = new TextDecoder().decode(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']);
      expect(xml).toContain('geen browser');
      expect(xml).not.toContain('<w:drawing>');
    } finally {
      await bare.close();
      if (configured === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = configured;
    }
  }, 120_000);
});
