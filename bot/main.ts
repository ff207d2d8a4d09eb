/**
 * `npm start`: configuration from the environment, the store (PostgreSQL when DATABASE_URL is set,
 * otherwise SQLite in DATA_DIR), the server on PORT.
 * SIGTERM/SIGINT stop accepting turns, let the ones in flight finish and close the store.
 */
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startBot } from './app';
import { openConfiguredStore } from './store/open-store';

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
  process.stderr.write(`Escalatiewijzer stopped: ${error instanceof Error ? error.message : 'unknown error'}\n`);
  process.exit(1);
});
