/**
 * The browser that prints the rapportage: Debian's chromium when CHROME_PATH names it (production),
 * else the one @sparticuz/chromium pins (development, tests). One browser per process, launched on
 * the first report and closed when the bot shuts down; each report opens a page of its own in it.
 * None found is no error: the PDF is then unavailable and the DOCX is made without chart images.
 */
import type { BrowserContext } from 'playwright-core';
import type * as ChromiumModule from '../../browser/chromium';

export interface ReportBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export type LaunchReportBrowser = () => Promise<ReportBrowser | null>;

export const launchReportBrowser: LaunchReportBrowser = async () => {
  try {
    // Loaded only here: an installation without a browser package still serves the DOCX.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, see above
    const { launchLocalChromium } = require('../../browser/chromium') as typeof ChromiumModule;
    return await launchLocalChromium();
  } catch {
    return null;
  }
};

/** The one browser of a process: `context()` launches it the first time, `close()` on shutdown. */
export interface SharedReportBrowser {
  /** null: no browser could be launched. */
  context(): Promise<BrowserContext | null>;
  close(): Promise<void>;
}

export function sharedReportBrowser(launch: LaunchReportBrowser = launchReportBrowser): SharedReportBrowser {
  let launched: Promise<ReportBrowser | null> | null = null;
  return {
    async context() {
      launched ??= launch().then((browser) => {
        // A browser that crashed or was closed is launched again by the next report.
        browser?.context.once('close', () => {
          launched = null;
        });
        return browser;
      });
      return (await launched)?.context ?? null;
    },
    async close() {
      const browser = await launched;
      launched = null;
      await browser?.close();
    },
  };
}
