/**
 * Builds the running bot from its parts: content, store, conversation, Teams handler and server.
 * main.ts and the HTTP tests both start the bot through here, so they test what runs.
 */
import { loadAllContent, loadMeldkanalen } from '../content/load';
import { loadAllSituationsContent } from '../content/situations';
import type { Config } from './config';
import { Conversation } from './conversation';
import { situationSearchFor } from './situation-search';
import { KeyedMutex } from './keyed-mutex';
import type { Logger } from './logger';
import { createServer, listen } from './server';
import type { RunningServer } from './server';
import type { CaseStore } from './store/case-store';
import { HrOverviewCommand } from './hr/command';
import { hrRoutes } from './hr/routes';
import { sharedReportBrowser } from './hr/report/browser';
import { configuredHrService } from './hr/service';
import type { HrService } from './hr/service';
import { tabRoutes } from './tab/routes';
import { createRuntime } from './runtime/runtime';
import { TurnDispatcher } from './teams/turn-dispatch';
import type { ProactiveSender } from './reminders/proactive-sender';
import { ReminderScheduler } from './reminders/scheduler';
import { PurgeJob } from './retention/purge-job';
import { myDataRoutes } from './data-rights/my-data-route';
import { TeamDiscussionKit } from './team-kit/team-discussion';
import { teamChannelThrough } from './team-kit/team-channel';
import type { TeamChannel } from './team-kit/team-channel';
import { TeamPostJob } from './team-kit/team-post-job';
import { TeamPostTurns } from './team-kit/team-post-turns';
import { loadAllTeamKitContent } from '../content/team-kit';

export interface StartOptions {
  config: Config;
  store: CaseStore;
  log: Logger;
  now?: () => Date;
  /** Where the bundled HR tab code is (default dist/tab). */
  tabAssetsDir?: string;
  /** Where browsers reach the bot; default PUBLIC_BASE_URL, or http://localhost:<PORT> in development. */
  publicBaseUrl?: () => string;
  /** The process's HR service (one cache of the suppressed figures for the tab, the API and the `hr` command). */
  hrService?: HrService;
  /** Where the team-discussion kit reaches teams (the runtime's); without it the kit's agenda cannot be sent from the personal chat. */
  teamChannel?: TeamChannel;
}

/** The conversation's turns, as every runtime calls them (and the conversation tests, without an SDK), with everything behind them. */
export function buildDispatcher({ config, store, log, now = () => new Date(), publicBaseUrl, hrService = configuredHrService(store, config), teamChannel }: StartOptions): TurnDispatcher {
  const contents = loadAllContent();
  const teamKitContents = loadAllTeamKitContent();
  const teamKit = new TeamDiscussionKit(teamKitContents, config.teamTrainingUrl);
  const situations = loadAllSituationsContent(contents);
  const conversation = new Conversation({
    store,
    contents,
    meldkanalen: loadMeldkanalen(config.meldkanalenFile),
    situations,
    search: situationSearchFor(situations),
    locks: new KeyedMutex(),
    now,
    orgUnits: config.orgUnits,
    noteMaxLength: config.noteMaxLength,
    hrOverview: new HrOverviewCommand(hrService, store, config.hr.userIds, now),
    myDataLinks: {
      publicBaseUrl: publicBaseUrl ?? (() => config.myData.publicBaseUrl ?? `http://localhost:${config.port}`),
      minutes: config.myData.linkMinutes,
      teamsAppId: config.myData.teamsAppId,
    },
    botAppId: config.microsoftAppId,
    teamKit,
    ...(teamChannel ? { teamPosts: new TeamPostTurns({ kit: teamKit, contents: teamKitContents, teams: store.teams, channel: teamChannel, now, log }) } : {}),
  });
  return new TurnDispatcher(conversation, store, log, !config.production, now);
}

export async function startBot(options: StartOptions): Promise<RunningServer> {
  const { config, store, log } = options;
  const tab = { config, ...(options.now ? { now: options.now } : {}), ...(options.tabAssetsDir ? { assetsDir: options.tabAssetsDir } : {}) };
  // One browser prints every rapportage of this process; it closes with the server.
  const reportBrowser = sharedReportBrowser();
  // One HR service: the tab, the API and the `hr` command share its cache of the suppressed figures.
  const hrService = options.hrService ?? configuredHrService(store, config);
  const routes = [hrRoutes({ ...options, reportBrowser, hrService }), tabRoutes(tab), myDataRoutes({ store, log, contents: loadAllContent(), now: options.now ?? (() => new Date()), hr: config.hr })];
  const limits = {
    production: config.production,
    rateLimitPerUserPerMinute: config.rateLimitPerUserPerMinute,
    rateLimitGlobalPerSecond: config.rateLimitGlobalPerSecond,
    requestTimeoutMs: config.requestTimeoutMs,
    ...(options.now ? { now: options.now } : {}),
  };
  // Without PUBLIC_BASE_URL (development) links point at the port the server really listens on.
  let listeningPort = config.port;
  const publicBaseUrl = () => config.myData.publicBaseUrl ?? `http://localhost:${listeningPort}`;
  // The runtime answers turns through the dispatcher, whose team kit posts through the runtime: it is taken when a post is sent, after both exist.
  const teamChannel = teamChannelThrough(() => runtime);
  const runtime = createRuntime(config, log, buildDispatcher({ publicBaseUrl, ...options, hrService, teamChannel }));
  const app = createServer({ handleActivity: runtime.handleActivity, store, log, maxBodyBytes: config.maxBodyBytes, routes, limits });
  const running = await listen(app, config.port, config.host, store);
  listeningPort = running.port;
  const reminders = startReminders(options, runtime.proactive);
  const purge = startPurge(options);
  const teamPosts = startTeamPosts(options, teamChannel, runtime.proactive);
  // The background jobs stop before the server closes the store.
  return { ...running, close: () => Promise.all([reminders.stop(), purge.stop(), teamPosts.stop(), reportBrowser.close()]).then(() => running.close()) };
}

/** The purge job of this instance: deletes what is past its retention, every PURGE_INTERVAL_MS. */
function startPurge({ config, store, log, now = () => new Date() }: StartOptions): PurgeJob {
  const job = new PurgeJob({ store, now, log }, { days: config.retention.days, intervalMs: config.retention.purgeIntervalMs });
  job.start();
  return job;
}

/** The reminder scheduler of this instance, polling until stopped. */
function startReminders({ config, store, log, now = () => new Date() }: StartOptions, sender: ProactiveSender): ReminderScheduler {
  const scheduler = new ReminderScheduler({ store, sender, contents: loadAllContent(), now, log }, { pollMs: config.reminderPollMs });
  scheduler.start();
  return scheduler;
}

/** The job that posts the team-discussion agendas managers planned, polling as often as the reminder scheduler. */
function startTeamPosts({ config, store, log, now = () => new Date() }: StartOptions, channel: TeamChannel, sender: ProactiveSender): TeamPostJob {
  const contents = loadAllTeamKitContent();
  const requester = { conversationRef: (ownerId: string) => store.conversationRef(ownerId), sender, contents };
  const job = new TeamPostJob({ teams: store.teams, channel, kit: new TeamDiscussionKit(contents, config.teamTrainingUrl), requester, now, log }, { pollMs: config.reminderPollMs });
  job.start();
  return job;
}
