/**
 * `npm run playground [-- --locale en]`: the bot and the Microsoft 365 Agents Playground together,
 * for trying the bot by hand. The bot runs as with `npm start` (development mode, SQLite in
 * DATA_DIR); the Playground talks to it through the locale relay, so the manager sees the bot in
 * Dutch (or English with `--locale en`). Prints the address to open; Ctrl+C stops everything.
 */
import { ConfigError, loadConfig } from '../bot/config';
import { startBot } from '../bot/app';
import { createLogger } from '../bot/logger';
import { PortInUseError } from '../bot/server';
import { openSqliteStore, sqliteFileIn } from '../bot/store/sqlite';
import { projectRoot } from '../content/load';
import { startAgentsPlayground } from './playground/agents-playground';
import { startLocaleRelay } from './playground/locale-relay';

const TEAMS_LOCALES = { nl: 'nl-NL', en: 'en-US' } as const;
const USAGE = 'usage: npm run playground [-- --locale nl|en]';
/** The Playground's usual port; it takes another one by itself when this one is busy. */
const PLAYGROUND_PORT = 56150;

export function parsePlaygroundArgs(argv: readonly string[]): { locale: keyof typeof TEAMS_LOCALES } {
  const locale = argv.length === 0 ? 'nl' : argv.length === 2 && argv[0] === '--locale' ? argv[1] : undefined;
  if (locale !== 'nl' && locale !== 'en') throw new Error(USAGE);
  return { locale };
}

async function main(argv: readonly string[]): Promise<void> {
  const { locale } = parsePlaygroundArgs(argv);
  const config = loadConfig();
  if (config.production) throw new Error('npm run playground is for development: the Playground cannot authenticate to a production bot. Unset NODE_ENV.');
  const log = createLogger();
  for (const warning of config.warnings) log.warn(warning);

  const store = await openSqliteStore({ file: sqliteFileIn(config.dataDir), notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
  const bot = await startBot({ config, store, log });
  const relay = await startLocaleRelay(`http://127.0.0.1:${bot.port}/api/messages`, TEAMS_LOCALES[locale]);
  const playground = await startAgentsPlayground({ endpoint: relay.endpoint, cwd: projectRoot(__dirname), port: PLAYGROUND_PORT });
  process.stdout.write(
    `\nEscalatiewijzer in the Microsoft 365 Agents Playground (${TEAMS_LOCALES[locale]} Teams user).\n` +
      `Open ${playground.url} in a browser and type "${locale === 'nl' ? 'nieuw' : 'new'}". Ctrl+C stops the bot and the Playground.\n\n`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await playground.stop();
    await relay.close();
    await bot.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof PortInUseError) {
      // Most often `npm start` still runs: both use PORT (3978 by default).
      process.stderr.write(`${error.advice('npm run playground')} Or stop npm start, which uses the same port.\n`);
      process.exit(1);
    }
    process.stderr.write(`${error instanceof ConfigError ? 'Escalatiewijzer cannot start.\n' : ''}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
