/**
 * `npm start`: configuration from the environment and `.env`, the store (PostgreSQL when
 * DATABASE_URL is set, otherwise SQLite in DATA_DIR), the server on PORT.
 * SIGTERM/SIGINT stop accepting turns, let the ones in flight finish and close the store.
 */
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startBot } from './app';
import { openConfiguredStore } from './store/open-store';
import { PortInUseError } from './server';

/** For a person at a terminal in development: where the bot is and what to open next, in one plain line. */
function developmentGuide(port: number): string {
  const base = `http://localhost:${port}`;
  return (
    `Ready: the bot's endpoint is ${base}/api/messages, the HR tab is ${base}/tab/hr. ` +
    'To chat with the bot in a Teams-like client, stop it (Ctrl+C) and run npm run playground (same port).'
  );
}

async function main(): Promise<void> {
  const log = createLogger();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Escalatiewijzer cannot start.\n${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  for (const warning of config.warnings) log.warn(warning);

  const store = await openConfiguredStore(config);
  const running = await startBot({ config, store, log });
  log.info('listening', { port: running.port, endpoint: `http://localhost:${running.port}/api/messages`, production: config.production, store: config.postgres ? 'postgres' : 'sqlite' });
  if (!config.production) log.print(developmentGuide(running.port));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await running.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof PortInUseError) process.stderr.write(`${error.advice('npm start')}\n`);
  else process.stderr.write(`Escalatiewijzer stopped: ${error instanceof Error ? error.message : 'unknown error'}\n`);
  process.exit(1);
});
