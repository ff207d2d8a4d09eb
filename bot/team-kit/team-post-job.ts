/**
 * Posts the team-discussion agendas that managers planned (team-post-turns.ts) when they are due:
 * a polling job of its own beside the reminder scheduler (bot/polling-loop.ts), through the team's
 * stored reference as a proactive message. Several instances may run it: a post is claimed with a
 * lease, one at a time (bot/store/team-references.ts). Time comes from the injected clock only.
 *
 * | what happens                                        | the post ends as                              |
 * |-----------------------------------------------------|-----------------------------------------------|
 * | the app left the team meanwhile                     | failed, nothing posted                        |
 * | the requester is no longer a member (asked of Teams now) | failed, nothing posted                   |
 * | Teams could not say, or the post certainly did not arrive | planned again RETRY_MS later, up to MAX_ATTEMPTS |
 * | posted                                              | sent                                          |
 * | it may have arrived (timeout, 5xx)                  | failed: never posted twice                    |
 * | 403/404: the bot can no longer post in the team     | failed; the team's reference is dropped       |
 *
 * Once a post is sent or given up, the manager who planned it is told so in their personal chat,
 * through their own conversation reference as a reminder would be. Ended posts are forgotten after
 * KEEP_MS: they only served to recognise a second click on a form. The job logs codes and counts,
 * never a team, a person or a card.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { errorFields } from '../logger';
import type { Logger } from '../logger';
import { PollingLoop } from '../polling-loop';
import { SendFailure } from '../reminders/proactive-sender';
import type { ProactiveSender, SendFailureKind } from '../reminders/proactive-sender';
import { renderCard } from '../../cards/render';
import { teamPostOutcomeModel } from '../../cards/team-post-model';
import type { Locale } from '../../content/load';
import type { TeamKitContent, TeamPostError } from '../../content/team-kit';
import type { TeamPost, TeamPostOutcome, TeamReferenceStore } from '../store/team-references';
import type { TeamChannel } from './team-channel';
import type { TeamDiscussionKit } from './team-discussion';

export interface TeamPostJobDeps {
  teams: TeamReferenceStore;
  channel: TeamChannel;
  kit: TeamDiscussionKit;
  /** Tells the manager who planned a post what became of it, in their personal chat (its own reference, never the team's). */
  requester: { conversationRef(ownerId: string): Promise<unknown>; sender: ProactiveSender; contents: Record<Locale, TeamKitContent> };
  now: () => Date;
  log: Logger;
}

/** What a claimed post comes to; `reason` says why it was not posted (null: posted). */
interface Handled {
  outcome: TeamPostOutcome;
  reason: TeamPostError | null;
  teamName: string;
}

/** A failed send as the manager is told it: one that may have arrived is not tried again. */
const FAILURE_OF: Record<Exclude<SendFailureKind, 'notDelivered'>, TeamPostError> = {
  unknown: 'maybeDelivered',
  unreachable: 'teamGone',
  rejected: 'notDelivered',
};

export interface TeamPostJobOptions {
  pollMs: number;
  batchSize?: number;
  claimant?: string;
}

const LEASE_MS = 5 * 60_000;
export const RETRY_MS = 15 * 60_000;
export const MAX_ATTEMPTS = 4;
export const KEEP_MS = 14 * 24 * 60 * 60_000;

export class TeamPostJob {
  private readonly claimant: string;
  private readonly loop: PollingLoop;

  constructor(
    private readonly deps: TeamPostJobDeps,
    private readonly options: TeamPostJobOptions,
  ) {
    this.claimant = options.claimant ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.loop = new PollingLoop(async () => (await this.runOnce()) >= this.batchSize, options.pollMs, deps.log, 'team post poll failed');
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 10;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims one batch of due posts and handles each; returns how many it claimed. */
  async runOnce(): Promise<number> {
    const now = this.deps.now();
    await this.deps.teams.forgetFinishedPosts(new Date(now.getTime() - KEEP_MS).toISOString());
    const claimed = await this.deps.teams.claimDuePosts({
      claimant: this.claimant,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
      limit: this.batchSize,
    });
    for (const post of claimed) {
      try {
        await this.finish(post, await this.handle(post));
      } catch (error) {
        // The store went away mid-batch, say: the lease runs out and the post is tried again.
        this.deps.log.error('team post failed', errorFields(error));
      }
    }
    return claimed.length;
  }

  private async handle(post: TeamPost): Promise<Handled> {
    const team = await this.deps.teams.team(post.teamId);
    if (!team) return { outcome: { status: 'failed' }, reason: 'teamGone', teamName: '' };
    const teamName = team.name;
    const membership = await this.deps.channel.membership(team, post.requestedBy);
    if (membership === 'notMember') return { outcome: { status: 'failed' }, reason: 'notMember', teamName };
    if (membership === 'unknown') return { outcome: this.retry(post), reason: 'membershipUnknown', teamName };
    try {
      await this.deps.channel.post(team, this.deps.kit.agendaCard(post.locale));
      return { outcome: { status: 'sent' }, reason: null, teamName };
    } catch (error) {
      const kind = error instanceof SendFailure ? error.kind : 'notDelivered';
      if (kind === 'notDelivered') return { outcome: this.retry(post), reason: 'notDelivered', teamName };
      if (kind === 'unreachable') await this.deps.teams.removeTeam(team.teamId);
      return { outcome: { status: 'failed' }, reason: FAILURE_OF[kind], teamName };
    }
  }

  private retry(post: TeamPost): TeamPostOutcome {
    if (post.attempts >= MAX_ATTEMPTS) return { status: 'failed' };
    return { status: 'planned', retryAt: new Date(this.deps.now().getTime() + RETRY_MS).toISOString() };
  }

  private async finish(post: TeamPost, { outcome, reason, teamName }: Handled): Promise<void> {
    const ended = await this.deps.teams.finishPost(post.id, this.claimant, outcome, this.deps.now().toISOString());
    const fields = { outcome: outcome.status, reason: reason ?? 'posted', attempts: post.attempts };
    if (!ended) return this.deps.log.warn('team post claim lost', fields);
    if (outcome.status === 'sent') this.deps.log.info('team agenda posted', fields);
    else this.deps.log.warn('team agenda not posted', fields);
    if (outcome.status !== 'planned') await this.tellRequester(post, teamName, outcome.status === 'sent' ? null : reason);
  }

  /** The manager hears in their personal chat what became of the post; if that fails, only the log knows. */
  private async tellRequester(post: TeamPost, teamName: string, failure: TeamPostError | null): Promise<void> {
    const { requester } = this.deps;
    try {
      const reference = await requester.conversationRef(post.requestedBy);
      if (!reference) return;
      const card = renderCard('notice', teamPostOutcomeModel(requester.contents[post.locale], post.locale, { teamName, dueAt: post.dueAt }, failure));
      await requester.sender.send(reference, card);
    } catch (error) {
      this.deps.log.warn('team post outcome not told', error instanceof SendFailure ? { reason: error.kind } : errorFields(error));
    }
  }
}
