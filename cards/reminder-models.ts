/**
 * View models of the proactive reminder card, the weekly digest, the reminder setting and the
 * answers to snooze and dismiss. Pure, like view-models.ts: what a case shows is its step and
 * enumerated facts, never a note or a name.
 */
import type { LocaleContent } from '../content/schema';
import type { ReminderKind } from '../flows/escalation/effects';
import type { EscalationContext, IsoInstant, StepId } from '../flows/escalation/types';
import { dayOf } from '../flows/calendar';
import { cardButton, digestActionData, dismissActionData, openActionData, snoozeActionData } from './actions';
import type { CardButton } from './actions';
import { noticeModel } from './notice-model';
import type { NoticeModel } from './notice-model';
import { caseFacts, formatDate } from './view-models';
import type { Fact, TextItem } from './view-models';

/** A case as a reminder shows it: where it stands and what it recorded. */
export interface RemindedCase {
  caseId: string;
  step: StepId;
  context: EscalationContext;
}

function dueDate(content: LocaleContent, instant: IsoInstant): string {
  return formatDate(content.meta.locale, dayOf(instant));
}

function caseSummary(content: LocaleContent, remindedCase: RemindedCase): Fact[] {
  return [...caseFacts(content, remindedCase.context), { title: content.reminders.stepLabel, value: content.steps[remindedCase.step].title }];
}

export interface ReminderCardModel {
  title: string;
  body: string;
  facts: Fact[];
  open: CardButton;
  snoozeDay: CardButton;
  snoozeWeek: CardButton;
  dismiss: CardButton;
  digest: CardButton;
}

export function reminderCardModel(
  content: LocaleContent,
  reminder: { id: string; kind: ReminderKind; dueAt: IsoInstant },
  remindedCase: RemindedCase,
): ReminderCardModel {
  const r = content.reminders;
  return {
    title: r.kinds[reminder.kind].title,
    body: r.kinds[reminder.kind].body,
    facts: [...caseSummary(content, remindedCase), { title: r.dueLabel, value: dueDate(content, reminder.dueAt) }],
    open: cardButton(r.openButton, openActionData(remindedCase.caseId)),
    snoozeDay: cardButton(r.snoozeDayButton, snoozeActionData(reminder.id, 'day')),
    snoozeWeek: cardButton(r.snoozeWeekButton, snoozeActionData(reminder.id, 'week')),
    dismiss: cardButton(r.dismissButton, dismissActionData(reminder.id)),
    digest: cardButton(r.digestButton, digestActionData(true)),
  };
}

/** What a click on a reminder card did: snoozed (until when), dismissed, or nothing (no longer current). */
export type ReminderAnswer = { done: 'snoozed'; until: IsoInstant } | { done: 'dismissed' } | { done: 'gone' };

export function reminderAnswerModel(content: LocaleContent, kind: ReminderKind, answer: ReminderAnswer, caseId: string | null): NoticeModel {
  const r = content.reminders;
  const body = answer.done === 'snoozed' ? r.snoozed : answer.done === 'dismissed' ? r.dismissed : r.gone;
  return noticeModel({
    title: r.kinds[kind].title,
    body,
    facts: answer.done === 'snoozed' ? [{ title: r.snoozedUntilLabel, value: dueDate(content, answer.until) }] : [],
    buttons: caseId ? [cardButton(r.openButton, openActionData(caseId))] : [],
  });
}

export interface DigestCase extends RemindedCase {
  /** The case's reminders due before the next digest, soonest first. */
  due: { kind: ReminderKind; dueAt: IsoInstant }[];
}

export interface DigestModel {
  title: string;
  intro: string;
  empty: { visible: boolean; text: string };
  cases: { facts: Fact[]; dueHeading: string; due: TextItem[]; nothingDue: { visible: boolean; text: string }; open: CardButton }[];
  separate: CardButton;
}

export function digestModel(content: LocaleContent, cases: readonly DigestCase[]): DigestModel {
  const r = content.reminders;
  return {
    title: r.digest.title,
    intro: r.digest.intro,
    empty: { visible: cases.length === 0, text: r.digest.empty },
    cases: cases.map((c) => ({
      facts: caseSummary(content, c),
      dueHeading: r.digest.dueHeading,
      due: c.due.map((d) => ({ text: `${r.kinds[d.kind].title} — ${dueDate(content, d.dueAt)}` })),
      nothingDue: { visible: c.due.length === 0, text: r.digest.nothingDue },
      open: cardButton(r.openButton, openActionData(c.caseId)),
    })),
    separate: cardButton(r.settings.separateButton, digestActionData(false)),
  };
}

/** The setting: separate reminders or one weekly digest, with a button for the other choice. */
export function reminderSettingsModel(content: LocaleContent, weeklyDigest: boolean): NoticeModel {
  const s = content.reminders.settings;
  return noticeModel({
    title: s.title,
    body: s.intro,
    facts: [{ title: s.currentLabel, value: weeklyDigest ? s.digestMode : s.separateMode }],
    buttons: [weeklyDigest ? cardButton(s.separateButton, digestActionData(false)) : cardButton(s.digestButton, digestActionData(true))],
  });
}
