/**
 * The bot as it runs in production — authentication on, real secrets, SQLite in a temp dir — with
 * botbuilder's OpenID metadata pointed at a local key server (see bot-framework-keys.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../../bot/app';
import type { Config } from '../../../bot/config';
import type { Logger } from '../../../bot/logger';
import type { RunningServer } from '../../../bot/server';
import type { CaseStore } from '../../../bot/store/case-store';
import { openSqliteStore, sqliteFileIn } from '../../../bot/store/sqlite';
import { seedAgentsOutboundToken, seedOutboundToken } from './bot-framework-keys';
import type { BotFrameworkKeys } from './bot-framework-keys';
import { TEST_TENANT_ID } from './http-turns';
import { testConfig } from './test-bot';

export interface ProductionBot {
  config: Config;
  store: CaseStore;
  bot: RunningServer;
  close(): Promise<void>;
}

/** `now`: the bot's clock, for tests that control time (token checks keep the real one). */
export async function startProductionBot(appId: string, keys: BotFrameworkKeys, log: Logger, env: Record<string, string> = {}, now?: () => Date): Promise<ProductionBot> {
  const dir = mkdtempSync(join(tmpdir(), 'ew-prod-'));
  const config = testConfig(dir, {
    NODE_ENV: 'production',
    MicrosoftAppId: appId,
    MicrosoftAppPassword: 'never-sent-offline',
    NOTES_KEY: randomBytes(32).toString('base64'),
    CASE_KEY_SECRET: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: 'https://escalatiewijzer.example.nl',
    ToBotFromChannelOpenIdMetadataUrl: keys.metadataUrl,
    ALLOWED_TENANT_IDS: TEST_TENANT_ID,
    ...env,
  });
  const store = await openSqliteStore({ file: sqliteFileIn(dir), notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
  const bot = await startBot({ config, store, log, ...(now ? { now } : {}) });
  seedOutboundToken(appId);
  seedAgentsOutboundToken(config);
  return {
    config,
    store,
    bot,
    async close() {
      await bot.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
