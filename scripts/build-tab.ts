/**
 * Bundles the HR tab's browser code (tab/hr.ts and what it imports) into one script, hr.js, that
 * the bot serves at /tab/assets/hr.js, the rapportage's chart script into report-charts.js, and the
 * `mijn gegevens` page's script into my-data.js.
 * Run by `npm run build` (so `npm start` serves it) and by the browser test into its own folder.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../content/load';
import { defaultTabAssetsDir } from '../bot/tab/routes';

/** The tab's script, and the rapportage's chart script (tab/report-charts.ts, report-charts.js) beside it. */
export async function buildTab(outDir: string = defaultTabAssetsDir()): Promise<string> {
  for (const entry of ['hr', 'report-charts', 'my-data']) {
    await build({
      entryPoints: [join(projectRoot(__dirname), 'tab', `${entry}.ts`)],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2020',
      minify: true,
      outfile: join(outDir, `${entry}.js`),
      logLevel: 'warning',
    });
  }
  return join(outDir, 'hr.js');
}

if (require.main === module) {
  buildTab().then(
    (file) => console.log(`HR tab bundled: ${file}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
