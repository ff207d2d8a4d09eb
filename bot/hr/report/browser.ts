/**
 * The browser that prints the rapportage, per request: Debian's chromium when CHROME_PATH names it
 * (production), else the one @sparticuz/chromium pins (development, tests). None found is no error:
 * the PDF is then unavailable and the DOCX is made without chart images.
 */
import type { BrowserContext } from 'playwright-core';

export interface ReportBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export type LaunchReportBrowser = () => Promise<ReportBrowser | null>;

export const launchReportBrowser: LaunchReportBrowser = async () => {
  try {
    // Loaded only here: an installation without a browser package still serves the DOCX.
    const { launchLocalChromium } = require('../../../scripts/chromium') as typeof import('../../../scripts/chromium');
    return await launchLocalChromium();
  } catch {
    return null;
  }
};
