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
import { HrOverviewCommand } from './hr/command';
import { hrRoutes } from './hr/routes';
import { HrService } from './hr/service';
import { tabRoutes } from './tab/routes';
import { createAdapter } from './teams/adapter';
import { EscalationHandler } from './teams/handler';

export interface StartOptions {
  config: Config;
  store: CaseStore;
  log: Logger;
  now?: () => Date;
  /** Where the bundled HR tab code is (default dist/tab). */
  tabAssetsDir?: string;
}

/** The Teams handler with everything behind it; what the TestAdapter tests drive directly. */
export function buildHandler({ config, store, log, now = () => new Date() }: StartOptions): EscalationHandler {
  const contents = loadAllContent();
  const hrService = new HrService(store, { orgUnits: config.orgUnits, minGroupSize: config.hr.minGroupSize });
  const conversation = new Conversation({
    store,
    contents,
    meldkanalen: loadMeldkanalen(config.meldkanalenFile),
    search: new GuideSearch(contents),
    locks: new KeyedMutex(),
    now,
    orgUnits: config.orgUnits,
    noteMaxLength: config.noteMaxLength,
    hrOverview: new HrOverviewCommand(hrService, store, config.hr.userIds, now),
  });
  return new EscalationHandler(conversation, store, log, !config.production);
}

export async function startBot(options: StartOptions): Promise<RunningServer> {
  const { config, store, log } = options;
  const tab = { config, ...(options.now ? { now: options.now } : {}), ...(options.tabAssetsDir ? { assetsDir: options.tabAssetsDir } : {}) };
  const routes = [hrRoutes(options), tabRoutes(tab)];
  const app = createServer({ adapter: createAdapter(config, log), bot: buildHandler(options), store, log, maxBodyBytes: config.maxBodyBytes, routes });
  return listen(app, config.port, config.host, store);
}
