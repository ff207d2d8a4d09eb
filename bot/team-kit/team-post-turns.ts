/**
 * Sending the team-discussion agenda from the personal chat (issue 21 §2). `teamgesprek` shows the
 * warning and the agenda as the team will see it (TeamDiscussionKit.managerCard), then a form: which
 * team (those the app is installed in) and when — now, or on a date and time such as the next team
 * meeting — with the posts this manager planned, each with a cancel button. Sending it:
 *
 * | the form …                                         | answer (in place of the form)                 |
 * |----------------------------------------------------|-----------------------------------------------|
 * | misses a team, a date or a time; a moment past or more than a year away | the form again, the message at its field; nothing stored |
 * | names a team the app is no longer in               | the form again, `teamGone` at the team        |
 * | the manager is not a member of the team (asked of Teams now), or Teams could not say | the form again, `notMember` / `membershipUnknown`; nothing posted |
 * | was sent before (a second click)                    | `alreadySent`; nothing posted again            |
 * | now                                                 | posted, or the form again with `notDelivered` / `maybeDelivered` |
 * | on a date                                           | planned, with a cancel button; the post job sends it (team-post-job.ts) |
 *
 * The post names its requester only so they can cancel it; never a case. No case is read, and
 * nothing goes to the HR log or the audit trail (its actions are about cases).
 */
import { randomBytes } from 'node:crypto';
import type { Locale } from '../../content/load';
import type { TeamKitContent, TeamPostError } from '../../content/team-kit';
import type { CardActionData } from '../../cards/actions';
import { renderCard } from '../../cards/render';
import { teamPostCancelledModel, teamPostDoneModel, teamPostErrorText, teamPostFormModel, teamPostRefusedModel } from '../../cards/team-post-model';
import type { TeamPostField, TeamPostFieldError } from '../../cards/team-post-model';
import { dayOf } from '../../flows/calendar';
import type { Logger } from '../logger';
import { SendFailure } from '../reminders/proactive-sender';
import type { TeamReferenceStore } from '../store/team-references';
import type { Actor, Card, Reply } from '../turn';
import { amsterdamInstant } from './planned-time';
import type { TeamChannel } from './team-channel';
import type { TeamDiscussionKit } from './team-discussion';

export interface TeamPostTurnsDeps {
  kit: TeamDiscussionKit;
  contents: Record<Locale, TeamKitContent>;
  teams: TeamReferenceStore;
  channel: TeamChannel;
  now: () => Date;
  log: Logger;
}

/** How long a post sent in the turn is held against the post job; a send gives up well within it. */
const SEND_LEASE_MS = 5 * 60_000;
/** A planned post at most this far ahead. */
const MAX_AHEAD_MS = 366 * 24 * 60 * 60_000;

const newFormId = () => randomBytes(16).toString('base64url');

const textInputs = (inputs: Record<string, unknown>): Partial<Record<TeamPostField, string>> =>
  Object.fromEntries(
    (['team', 'when', 'date', 'time'] as const).flatMap((field) => (typeof inputs[field] === 'string' ? [[field, inputs[field].trim()]] : [])),
  );

type SendAction = Extract<CardActionData, { kind: 'teamPostSend' }>;

export class TeamPostTurns {
  constructor(private readonly deps: TeamPostTurnsDeps) {}

  /** `teamgesprek` in the personal chat: the warning with the agenda, then the form. */
  async start(actor: Actor, locale: Locale): Promise<Reply> {
    return { messages: [this.deps.kit.managerCard(locale), await this.formCard(actor, locale)] };
  }

  async send(actor: Actor, action: SendAction, inputs: Record<string, unknown>): Promise<Reply> {
    const prefill = textInputs(inputs);
    const again = async (error: TeamPostFieldError): Promise<Reply> => ({
      inPlace: await this.formCard(actor, action.locale, prefill, error),
      messages: [],
      notice: teamPostErrorText(this.content(actor), error),
    });
    const now = this.deps.now();
    if (!prefill.team) return again({ field: 'team', error: 'required' });
    const planned = prefill.when === 'later';
    if (!planned && prefill.when !== 'now') return again({ field: 'when', error: 'required' });
    let dueAt = now;
    if (planned) {
      if (!prefill.time) return again({ field: 'time', error: 'required' });
      const chosen = prefill.date ? amsterdamInstant(prefill.date, prefill.time) : null;
      if (!chosen) return again({ field: prefill.date && !/^\d{2}:\d{2}$/.test(prefill.time) ? 'time' : 'date', error: 'required' });
      if (chosen.getTime() <= now.getTime()) return again({ field: 'date', error: 'inPast' });
      if (chosen.getTime() - now.getTime() > MAX_AHEAD_MS) return again({ field: 'date', error: 'tooFar' });
      dueAt = chosen;
    }
    const team = await this.deps.teams.team(prefill.team);
    if (!team) return again({ field: 'team', error: 'teamGone' });
    const membership = await this.deps.channel.membership(team, actor.userId);
    if (membership !== 'member') return again({ field: 'team', error: membership === 'notMember' ? 'notMember' : 'membershipUnknown' });

    const post = { id: action.form, teamId: team.teamId, locale: action.locale, dueAt: dueAt.toISOString(), requestedBy: actor.userId };
    // A post sent now is claimed by this turn as it is written: no post job can send it too.
    const claimant = `turn-${newFormId()}`;
    const claim = planned ? undefined : { claimant, leaseUntil: new Date(now.getTime() + SEND_LEASE_MS).toISOString() };
    if (!(await this.deps.teams.planPost(post, now.toISOString(), claim))) return this.notice(actor, 'alreadySent');
    const done = (isPlanned: boolean): Reply => ({
      inPlace: renderCard('notice', teamPostDoneModel(this.content(actor), actor.locale, { id: post.id, teamName: team.name, dueAt: post.dueAt, planned: isPlanned })),
      messages: [],
    });
    if (planned) {
      this.deps.log.info('team agenda planned', {});
      return done(true);
    }
    try {
      await this.deps.channel.post(team, this.deps.kit.agendaCard(action.locale));
    } catch (error) {
      await this.deps.teams.finishPost(post.id, claimant, { status: 'failed' }, this.deps.now().toISOString());
      const maybe = error instanceof SendFailure && error.kind === 'unknown';
      this.deps.log.warn('team agenda not posted', { reason: error instanceof SendFailure ? error.kind : 'notDelivered' });
      return again({ field: 'team', error: maybe ? 'maybeDelivered' : 'notDelivered' });
    }
    await this.deps.teams.finishPost(post.id, claimant, { status: 'sent' }, this.deps.now().toISOString());
    this.deps.log.info('team agenda posted', {});
    return done(false);
  }

  /** Cancels a planned post of the manager's: only theirs, and only while it is planned. */
  async cancel(actor: Actor, postId: string): Promise<Reply> {
    const content = this.content(actor);
    if (await this.deps.teams.cancelPost(postId, actor.userId, this.deps.now().toISOString())) {
      return { inPlace: renderCard('notice', teamPostCancelledModel(content, 'cancelled')), messages: [] };
    }
    const post = await this.deps.teams.post(postId);
    const outcome = post && post.requestedBy !== actor.userId ? 'notYours' : 'notPlanned';
    const model = teamPostCancelledModel(content, outcome);
    return { inPlace: renderCard('notice', model), messages: [], notice: `${model.title} ${model.body}` };
  }

  private async formCard(actor: Actor, locale: Locale, prefill?: Partial<Record<TeamPostField, string>>, error?: TeamPostFieldError): Promise<Card> {
    const teams = (await this.deps.teams.teams()).map(({ teamId, name }) => ({ teamId, name }));
    const names = new Map(teams.map((team) => [team.teamId, team.name]));
    const planned = (await this.deps.teams.postsRequestedBy(actor.userId))
      .filter((post) => post.status === 'planned')
      .map((post) => ({ id: post.id, teamName: names.get(post.teamId) ?? '', dueAt: post.dueAt }));
    return renderCard(
      'team-post-form',
      teamPostFormModel(this.content(actor), {
        formId: newFormId(),
        locale,
        teams,
        today: dayOf(this.deps.now().toISOString()),
        planned,
        ...(prefill ? { prefill } : {}),
        ...(error ? { error } : {}),
      }),
    );
  }

  /** A refusal that leaves no form to correct: the same form was sent already. */
  private notice(actor: Actor, error: TeamPostError): Reply {
    return { inPlace: renderCard('notice', teamPostRefusedModel(this.content(actor), error)), messages: [], notice: this.content(actor).personal.errors[error] };
  }

  private content(actor: Actor): TeamKitContent {
    return this.deps.contents[actor.locale];
  }
}
