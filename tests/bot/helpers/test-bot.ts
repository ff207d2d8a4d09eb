/** A bot on a real SQLite file in a fresh temp dir, with a clock the test moves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDispatcher, startBot } from '../../../bot/app';
import { loadConfig } from '../../../bot/config';
import type { Config } from '../../../bot/config';
import { silentLogger } from '../../../bot/logger';
import type { CaseStore } from '../../../bot/store/case-store';
import { openConfiguredStore } from '../../../bot/store/open-store';
import { openSqliteStore, sqliteFileIn } from '../../../bot/store/sqlite';
import { RecordingAdapter } from './recording-adapter';

export interface TestBot {
  dir: string;
  config: Config;
  store: CaseStore;
  adapter: RecordingAdapter;
  clock: { now: Date };
  dbFile: string;
  close(): Promise<void>;
}

/** Where the clock of `createTestBot` starts: a Tuesday, so working-day reminders fall in the same week. */
export const TEST_CLOCK_START = new Date('2026-11-24T09:00:00.000Z');

export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', ...env });
}

export async function createTestBot(env: Record<string, string> = {}): Promise<TestBot> {
  const dir = mkdtempSync(join(tmpdir(), 'ew-bot-'));
  const config = testConfig(dir, env);
  const dbFile = sqliteFileIn(dir);
  const store = await openSqliteStore({ file: dbFile, notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
  const clock = { now: TEST_CLOCK_START };
  const dispatcher = buildDispatcher({ config, store, log: silentLogger, now: () => clock.now });
  return {
    dir,
    config,
    store,
    adapter: new RecordingAdapter(dispatcher),
    clock,
    dbFile,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpTestBot {
  /** `http://127.0.0.1:<port>`; activities go to `${base}/api/messages`. */
  base: string;
  store: CaseStore;
  /** Stops the server and closes the store. */
  close(): Promise<void>;
}

/** The whole bot over HTTP, on the store `env` configures: PostgreSQL with DATABASE_URL, else SQLite in `dir`. */
export async function startHttpTestBot(dir: string, env: Record<string, string> = {}): Promise<HttpTestBot> {
  const config = testConfig(dir, env);
  const store = await openConfiguredStore(config);
  const running = await startBot({ config, store, log: silentLogger });
  return { base: `http://127.0.0.1:${running.port}`, store, close: () => running.close() };
}
