/**
 * Builds the running bot from its parts: content, store, conversation, Teams handler and server.
 * main.ts and the HTTP tests both start the bot through here, so they test what runs.
 */
import { loadAllContent, loadMeldkanalen } from '../content/load';
import type { Config } from './config';
import { Conversation } from './conversation';
import { GuideSearch } from './guide-search';
import { KeyedMutex } from './keyed-mutex';
import type { Logger } from './logger';
import { createServer, listen } from './server';
import type { RunningServer } from './server';
import type { CaseStore } from './store/case-store';
import { createAdapter } from './teams/adapter';
import { EscalationHandler } from './teams/handler';

export interface StartOptions {
  config: Config;
  store: CaseStore;
  log: Logger;
  now?: () => Date;
}

/** The Teams handler with everything behind it; what the TestAdapter tests drive directly. */
export function buildHandler({ config, store, log, now = () => new Date() }: StartOptions): EscalationHandler {
  const contents = loadAllContent();
  const conversation = new Conversation({
    store,
    contents,
    meldkanalen: loadMeldkanalen(config.meldkanalenFile),
    search: new GuideSearch(contents),
    locks: new KeyedMutex(),
    now,
    orgUnits: config.orgUnits,
    noteMaxLength: config.noteMaxLength,
  });
  return new EscalationHandler(conversation, store, log, !config.production);
}

export async function startBot(options: StartOptions): Promise<RunningServer> {
  const { config, store, log } = options;
  const limits = {
    production: config.production,
    rateLimitPerUserPerMinute: config.rateLimitPerUserPerMinute,
    rateLimitGlobalPerSecond: config.rateLimitGlobalPerSecond,
    requestTimeoutMs: config.requestTimeoutMs,
    ...(options.now ? { now: options.now } : {}),
  };
  const app = createServer({ adapter: createAdapter(config, log), bot: buildHandler(options), store, log, maxBodyBytes: config.maxBodyBytes, limits });
  return listen(app, config.port, config.host, store);
}
