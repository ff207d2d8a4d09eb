/**
 * The whole bot over HTTP on a real SQLite store, with a Bot Connector stub and a clock the test
 * moves, and managers who type and click as Teams delivers it: what a walk over the endpoint needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../../bot/app';
import type { Config } from '../../../bot/config';
import { silentLogger } from '../../../bot/logger';
import type { RunningServer } from '../../../bot/server';
import type { CaseStore } from '../../../bot/store/case-store';
import { sqliteHarness } from '../store/fixtures/harness';
import type { StoreHarness } from '../store/fixtures/harness';
import { startConnectorStub } from './connector-stub';
import type { ConnectorStub } from './connector-stub';
import { executeActions } from './conversation-client';
import { activityFrom, postActivity } from './http-turns';
import type { Answer } from './http-turns';
import { testConfig } from './test-bot';
import type { Json } from '../../helpers/json';


export interface HttpChatBot {
  dir: string;
  config: Config;
  harness: StoreHarness;
  stub: ConnectorStub;
  bot: RunningServer;
  /** A second connection to the bot's database, for what the test checks. */
  store: CaseStore;
  clock: { now: Date };
  /** Posts one activity from `user`'s personal chat. */
  post(user: string, extra: Record<string, unknown>): Promise<Answer>;
  /** Types a text; the cards the bot answered with in that chat (reminders sent meanwhile left out). */
  say(user: string, text: string): Promise<Json[]>;
  /** Clicks an Action.Execute with inputs: the answer, the card that replaced it, and new cards in the chat. */
  click(user: string, action: Json, inputs?: Record<string, string>): Promise<{ answer: Answer; inPlace: Json; sent: Json[] }>;
  close(): Promise<void>;
}

export async function startHttpChatBot(label: string, startedAt: string, env: Record<string, string> = {}): Promise<HttpChatBot> {
  const stub = await startConnectorStub();
  const dir = mkdtempSync(join(tmpdir(), `ew-${label}-`));
  const config = testConfig(dir, env);
  const harness = await sqliteHarness(label);
  const keys = { notesKey: config.notesKey, caseKeySecret: config.caseKeySecret };
  const clock = { now: new Date(startedAt) };
  const bot = await startBot({ config, store: await harness.open(keys), log: silentLogger, now: () => clock.now });
  const store = await harness.open(keys);
  const base = `http://127.0.0.1:${bot.port}`;

  const post = (user: string, extra: Record<string, unknown>) => postActivity(base, activityFrom({ serviceUrl: stub.url, user }, extra));
  const cardsSince = (user: string, before: number): Json[] =>
    stub.calls
      .slice(before)
      .filter((call) => call.path.includes(`conv-${user}`))
      .flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content))
      // A reminder the scheduler sends meanwhile is no answer to what was typed or clicked.
      .filter((card: Json) => !executeActions(card).some((a) => a.data?.kind === 'snooze'));

  return {
    dir,
    config,
    harness,
    stub,
    bot,
    store,
    clock,
    post,
    async say(user, text) {
      const before = stub.calls.length;
      const answer = await post(user, { type: 'message', text });
      if (answer.status !== 200) throw new Error(`"${text}" answered ${answer.status}`);
      return cardsSince(user, before);
    },
    async click(user, action, inputs = {}) {
      const before = stub.calls.length;
      const answer = await post(user, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...action.data, ...inputs } }, trigger: 'manual' } });
      return { answer, inPlace: answer.body?.value, sent: cardsSince(user, before) };
    },
    async close() {
      await bot.close();
      await store.close();
      await harness.dispose();
      await stub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
