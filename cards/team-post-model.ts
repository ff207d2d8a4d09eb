/**
 * Sending the team-discussion agenda from the personal chat (issue 21 §2). Pure: content, the teams
 * the app is installed in and what the manager filled in go in, view models come out. Nothing of a
 * case: the form and its confirmations name a team and a moment only.
 *
 * | what                                  | template        | shows                                                  |
 * |---------------------------------------|-----------------|--------------------------------------------------------|
 * | `teamgesprek` in the personal chat     | team-post-form  | the team to post to, now or on a date and time; errors at their field; the manager's planned posts, each with a cancel button |
 * | posted / planned                      | notice          | the team and the moment; a planned one can be cancelled |
 * | a planned post went out, or could not | notice          | sent to the manager's personal chat by the post job: the team, the moment, why not |
 * | cancelled / no longer planned / not yours | notice      | what became of the planned post                        |
 */
import type { Locale } from '../content/load';
import type { TeamKitContent, TeamPostError } from '../content/team-kit';
import type { IsoDate, IsoInstant } from '../flows/escalation/types';
import { cardButton, teamPostCancelActionData, teamPostSendActionData } from './actions';
import type { CardButton } from './actions';
import { noticeModel } from './notice-model';
import type { NoticeModel } from './notice-model';
import { formatInstant } from './view-models';

/** The form's inputs, as the bot reads them back. */
export const TEAM_POST_INPUTS = { team: 'team', when: 'when', date: 'date', time: 'time' } as const;
export type TeamPostField = keyof typeof TEAM_POST_INPUTS;
export const WHEN_CHOICES = ['now', 'later'] as const;
export type WhenChoice = (typeof WHEN_CHOICES)[number];
/** The time a planned post suggests: the start of a working day. */
export const DEFAULT_POST_TIME = '09:00';

export interface TeamChoice {
  teamId: string;
  name: string;
}

/** A message at one field: a required value missing, or a refusal of the team-discussion kit. */
export type TeamPostFieldError = { field: TeamPostField; error: TeamPostError | 'required' };

export interface TeamPostFormInput {
  /** The id this form is sent with: a second click on the same form is recognised. */
  formId: string;
  /** The agenda's language: the language the manager asked for it in. */
  locale: Locale;
  teams: readonly TeamChoice[];
  today: IsoDate;
  prefill?: Partial<Record<TeamPostField, string>>;
  error?: TeamPostFieldError;
  /** The posts this manager planned that are still to come. */
  planned?: readonly PlannedPost[];
}

export interface PlannedPost {
  id: string;
  teamName: string;
  dueAt: IsoInstant;
}

interface FieldError {
  visible: boolean;
  text: string;
}

export interface TeamPostFormModel {
  title: string;
  intro: string;
  hasTeams: { visible: boolean };
  noTeams: { visible: boolean; text: string };
  /** The refusal, also at the top, so a screen reader meets it first (WCAG 3.3.1). */
  summary: FieldError;
  team: { id: string; label: string; error: string; value: string; choices: { title: string; value: string }[]; invalid: FieldError };
  when: { id: string; label: string; value: string; choices: { title: string; value: string }[]; invalid: FieldError };
  date: { id: string; label: string; error: string; value: string; min: IsoDate; invalid: FieldError };
  time: { id: string; label: string; error: string; value: string; invalid: FieldError };
  send: CardButton;
  planned: { visible: boolean; heading: string; items: { line: string; cancel: CardButton }[] };
}

/** The message of a refusal, at its field and in the summary (and as the turn's one-line notice). */
export function teamPostErrorText(content: TeamKitContent, error: TeamPostFieldError): string {
  if (error.error !== 'required') return content.personal.errors[error.error];
  const send = content.personal.send;
  return { team: send.teamError, when: send.teamError, date: send.dateError, time: send.timeError }[error.field];
}

export function teamPostFormModel(content: TeamKitContent, input: TeamPostFormInput): TeamPostFormModel {
  const send = content.personal.send;
  const message = input.error ? teamPostErrorText(content, input.error) : '';
  const at = (field: TeamPostField): FieldError => ({ visible: input.error?.field === field, text: message });
  const known = (value: string | undefined, allowed: readonly string[]) => (value !== undefined && allowed.includes(value) ? value : '');
  return {
    title: send.title,
    intro: send.intro,
    hasTeams: { visible: input.teams.length > 0 },
    noTeams: { visible: input.teams.length === 0, text: send.noTeams },
    summary: { visible: input.error !== undefined, text: message },
    team: {
      id: TEAM_POST_INPUTS.team,
      label: send.teamLabel,
      error: send.teamError,
      value: known(input.prefill?.team, input.teams.map((team) => team.teamId)),
      choices: input.teams.map((team) => ({ title: team.name || send.unnamedTeam, value: team.teamId })),
      invalid: at('team'),
    },
    when: {
      id: TEAM_POST_INPUTS.when,
      label: send.whenLabel,
      value: known(input.prefill?.when, WHEN_CHOICES) || 'now',
      choices: [
        { title: send.now, value: 'now' },
        { title: send.later, value: 'later' },
      ],
      invalid: at('when'),
    },
    date: { id: TEAM_POST_INPUTS.date, label: send.dateLabel, error: send.dateError, value: /^\d{4}-\d{2}-\d{2}$/.test(input.prefill?.date ?? '') ? input.prefill!.date! : '', min: input.today, invalid: at('date') },
    time: { id: TEAM_POST_INPUTS.time, label: send.timeLabel, error: send.timeError, value: /^\d{2}:\d{2}$/.test(input.prefill?.time ?? '') ? input.prefill!.time! : DEFAULT_POST_TIME, invalid: at('time') },
    send: cardButton(send.button, teamPostSendActionData(input.formId, input.locale)),
    planned: {
      visible: (input.planned ?? []).length > 0,
      heading: send.plannedHeading,
      items: (input.planned ?? []).map((post) => ({
        line: send.plannedLine.replace('{team}', post.teamName || send.unnamedTeam).replace('{when}', formatInstant(input.locale, post.dueAt)),
        cancel: cardButton(content.personal.done.cancelButton, teamPostCancelActionData(post.id)),
      })),
    },
  };
}

/** Posted now, or planned for `dueAt` (with a button that cancels it). */
export function teamPostDoneModel(content: TeamKitContent, locale: Locale, post: { id: string; teamName: string; dueAt: IsoInstant; planned: boolean }): NoticeModel {
  const done = content.personal.done;
  return noticeModel({
    title: post.planned ? done.plannedTitle : done.postedTitle,
    body: post.planned ? done.plannedBody : done.postedBody,
    facts: [
      { title: done.teamFact, value: post.teamName || content.personal.send.unnamedTeam },
      { title: done.whenFact, value: formatInstant(locale, post.dueAt) },
    ],
    buttons: post.planned ? [cardButton(done.cancelButton, teamPostCancelActionData(post.id))] : [],
  });
}

/** What became of a planned post, told to the manager who planned it: posted, or not and why. */
export function teamPostOutcomeModel(content: TeamKitContent, locale: Locale, post: { teamName: string; dueAt: IsoInstant }, failure: TeamPostError | null): NoticeModel {
  const done = content.personal.done;
  return noticeModel({
    title: failure ? done.plannedFailedTitle : done.postedTitle,
    body: failure ? content.personal.errors[failure] : done.plannedPostedBody,
    facts: [
      { title: done.teamFact, value: post.teamName || content.personal.send.unnamedTeam },
      { title: done.whenFact, value: formatInstant(locale, post.dueAt) },
    ],
  });
}

/** A refusal that leaves nothing to correct: the same form was sent before. */
export function teamPostRefusedModel(content: TeamKitContent, error: TeamPostError): NoticeModel {
  return noticeModel({ title: content.personal.send.title, body: content.personal.errors[error] });
}

/** What a click on "cancel" came to: cancelled, no longer planned, or someone else's. */
export function teamPostCancelledModel(content: TeamKitContent, outcome: 'cancelled' | 'notPlanned' | 'notYours'): NoticeModel {
  const done = content.personal.done;
  if (outcome === 'cancelled') return noticeModel({ title: done.cancelledTitle, body: done.cancelledBody });
  return noticeModel({ title: done.notCancelledTitle, body: outcome === 'notYours' ? done.notYoursBody : done.notCancelledBody });
}
