/**
 * A headless Chromium that reaches nothing but this machine: the one pinned by @sparticuz/chromium
 * (so `npm ci` is all a fresh clone needs), or Debian's when CHROME_PATH points at it. Every request
 * to another host is aborted, so pages render offline and nothing leaves the machine.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Sparticuz from '@sparticuz/chromium' with { 'resolution-mode': 'import' };
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

/** Loopback and local files only. */
export function isLocalUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'file:' || protocol === 'data:' || protocol === 'about:' || protocol === 'blob:') return true;
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LocalChromium {
  context: BrowserContext;
  close: () => Promise<void>;
}

/**
 * To TypeScript @sparticuz/chromium is an ES module (a dynamic import of it fails under jest); Node
 * loads its CommonJS build, whose export is the class itself. Required only when CHROME_PATH is
 * unset: it is a devDependency, absent from a production installation (scripts/prod-install.sh).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const bundledChromium = () => require('@sparticuz/chromium') as typeof Sparticuz;

async function launch(): Promise<LocalChromium> {
  if (process.env.CHROME_PATH) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROME_PATH, headless: true, args: CHROMIUM_FLAGS });
    return {
      context,
      close: async () => {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
      },
    };
  }
  const sparticuz = bundledChromium();
  const browser = await chromium.launch({ executablePath: await sparticuz.executablePath(), args: sparticuz.args, headless: true });
  return { context: await browser.newContext(), close: () => browser.close() };
}

/**
 * Launches, retrying twice: @sparticuz/chromium unpacks the browser to /tmp/chromium on first use,
 * not atomically, so a test file that starts at the same moment can find it half written.
 */
export async function launchLocalChromium(): Promise<LocalChromium> {
  let local: LocalChromium | undefined;
  for (let attempt = 1; !local; attempt++) {
    try {
      local = await launch();
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000 * attempt));
    }
  }
  await local.context.route('**/*', (route) => (isLocalUrl(route.request().url()) ? route.continue() : route.abort()));
  return local;
}
