/** A development-mode bot on a real port with its own store and configuration, for HTTP tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../../bot/app';
import type { Logger } from '../../../bot/logger';
import { silentLogger } from '../../../bot/logger';
import type { RunningServer } from '../../../bot/server';
import type { CaseStore } from '../../../bot/store/case-store';
import { openSqliteStore, sqliteFileIn } from '../../../bot/store/sqlite';
import { testConfig } from '../helpers/test-bot';

export interface HttpBot {
  bot: RunningServer;
  store: CaseStore;
  base: string;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startHttpBot(env: Record<string, string> = {}, log: Logger = silentLogger): Promise<HttpBot> {
  const dir = mkdtempSync(join(tmpdir(), 'ew-http-'));
  const config = testConfig(dir, env);
  const store = await openSqliteStore({ file: sqliteFileIn(dir), notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
  const clock = { now: new Date('2026-11-24T09:00:00.000Z') };
  const bot = await startBot({ config, store, log, now: () => clock.now });
  return {
    bot,
    store,
    base: `http://127.0.0.1:${bot.port}`,
    clock,
    async close() {
      await bot.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
