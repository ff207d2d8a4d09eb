/**
 * `npm run report`: the rapportage for the beleids- en effectrapportage as PDF and DOCX, for
 * operators, from the same suppressed figures as the HR export.
 *
 *   npm run report -- --period 2026 [--period-compare 2025] [--unit NAME] [--locale nl|en] --out DIR
 *
 * Writes DIR/rapportage-<period>[-<unit>]-<locale>.pdf and .docx. Without a browser (no CHROME_PATH
 * and no bundled Chromium) it says so and writes only the DOCX, without chart images. Uses the
 * bot's settings (DATA_DIR or DATABASE_URL, ORG_UNITS, HR_MIN_GROUP_SIZE); every run is written to
 * the audit trail (action `report`, actor `system:operator`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../bot/config';
import { configuredHrService } from '../bot/hr/service';
import { renderReport, reportAssets } from '../bot/hr/report/render';
import { reportAuditDetail, reportModel } from '../bot/hr/report/request';
import type { ReportRequest } from '../bot/hr/report/request';
import { OPERATOR_ACTOR } from '../bot/store/handover-store';
import { openConfiguredStore } from '../bot/store/open-store';
import { isLocale } from '../content/load';
import { parsePeriod } from '../flows/hr/aggregate';
import { buildTab } from './build-tab';
import { launchLocalChromium } from '../bot/browser/chromium';
import type { LocalChromium } from '../bot/browser/chromium';

const USAGE = 'usage: npm run report -- --period 2026 [--period-compare 2025] [--unit NAME] [--locale nl|en] --out DIR';

function requestOf(values: Record<string, string | undefined>): ReportRequest | string {
  const period = parsePeriod(values.period ?? '');
  if (!period) return 'give --period as a year (2026) or a quarter (2026-Q4)';
  const compare = values['period-compare'] === undefined ? undefined : parsePeriod(values['period-compare']);
  if (compare === null) return 'give --period-compare as a year or a quarter';
  const locale = values.locale ?? 'nl';
  if (!isLocale(locale)) return 'give --locale as nl or en';
  return { period, ...(compare ? { compare } : {}), orgUnit: values.unit ?? null, locale };
}

async function browser(): Promise<LocalChromium | null> {
  try {
    return await launchLocalChromium();
  } catch {
    return null;
  }
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { period: { type: 'string' }, 'period-compare': { type: 'string' }, unit: { type: 'string' }, locale: { type: 'string' }, out: { type: 'string' } },
  });
  const request = requestOf(values);
  if (typeof request === 'string' || !values.out) {
    console.error(typeof request === 'string' ? `${request}\n${USAGE}` : USAGE);
    return 2;
  }
  const config = loadConfig();
  if (request.orgUnit !== null && !config.orgUnits.includes(request.orgUnit)) {
    console.error(`Unknown unit; ORG_UNITS names: ${config.orgUnits.join(', ')}`);
    return 2;
  }
  const store = await openConfiguredStore(config);
  const assetsDir = mkdtempSync(join(tmpdir(), 'ew-report-'));
  const chromium = await browser();
  try {
    await buildTab(assetsDir);
    // An operator's report has no request deadline: it waits for figures that are still being computed.
    const service = configuredHrService(store, config, { waitUntilComputed: true });
    const model = await reportModel(service, request);
    const files = await renderReport(model, reportAssets(assetsDir), chromium?.context ?? null);
    mkdirSync(values.out, { recursive: true });
    const base = join(values.out, `rapportage-${request.period.id}${request.orgUnit ? `-${request.orgUnit.replace(/[^\p{L}\p{N}]+/gu, '_')}` : ''}-${request.locale}`);
    const at = new Date().toISOString();
    if (files.pdf) {
      writeFileSync(`${base}.pdf`, files.pdf);
      await store.recordAudit({ actor: OPERATOR_ACTOR, action: 'report', caseId: null, detail: reportAuditDetail('pdf', request, config.orgUnits), at });
      console.log(`${base}.pdf`);
    } else {
      console.error('No Chromium found (set CHROME_PATH to Debian\'s chromium): no PDF, the DOCX has no chart images.');
    }
    writeFileSync(`${base}.docx`, files.docx!);
    await store.recordAudit({ actor: OPERATOR_ACTOR, action: 'report', caseId: null, detail: reportAuditDetail('docx', request, config.orgUnits), at });
    console.log(`${base}.docx`);
    return 0;
  } finally {
    await chromium?.close();
    rmSync(assetsDir, { recursive: true, force: true });
    await store.close();
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
