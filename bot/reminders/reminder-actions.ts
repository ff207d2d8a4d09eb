/**
 * What a manager does with reminders, as turns: snooze or dismiss a reminder card, and choose
 * between separate reminders and one weekly digest (the `herinneringen` command). Every click is
 * checked for owner by the store; a reminder that moved on answers so and changes nothing.
 */
import { renderCard } from '../../cards/render';
import { reminderAnswerModel, reminderSettingsModel } from '../../cards/reminder-models';
import type { ReminderAnswer } from '../../cards/reminder-models';
import type { Locale } from '../../content/load';
import type { LocaleContent } from '../../content/schema';
import { REMINDER_KINDS } from '../../flows/escalation/effects';
import type { ReminderKind } from '../../flows/escalation/effects';
import { nextDigestAt, snoozedUntil } from '../../flows/reminders';
import type { SnoozePeriod } from '../../flows/reminders';
import type { Actor, Reply } from '../turn';
import type { UserErrorCode } from '../errors';
import { StoreError } from '../store/case-store';
import type { CaseStore } from '../store/case-store';
import type { ReminderChange } from '../store/reminder-store';

/** What the reminder buttons change: one reminder, the weekly digest, read against the owner's settings. */
export type ReminderActionStore = Pick<CaseStore, 'updateReminder' | 'setWeeklyDigest' | 'userSettings'>;

export interface ReminderActionDeps {
  store: ReminderActionStore;
  contents: Record<Locale, LocaleContent>;
  now: () => Date;
  refuse: (actor: Actor, code: UserErrorCode) => Reply;
}

export class ReminderActions {
  constructor(private readonly deps: ReminderActionDeps) {}

  async settings(actor: Actor): Promise<Reply> {
    const { weeklyDigest } = await this.deps.store.userSettings(actor.userId);
    return { messages: [renderCard('notice', reminderSettingsModel(this.content(actor), weeklyDigest))] };
  }

  /** Switching twice to the same choice plans the same digest again: a double click is harmless. */
  async setDigest(actor: Actor, weekly: boolean): Promise<Reply> {
    const at = this.deps.now().toISOString();
    await this.deps.store.setWeeklyDigest(actor.userId, weekly ? nextDigestAt(at) : null, at);
    return { inPlace: renderCard('notice', reminderSettingsModel(this.content(actor), weekly)), messages: [] };
  }

  snooze(actor: Actor, reminderId: string, period: SnoozePeriod): Promise<Reply> {
    const until = snoozedUntil(this.deps.now().toISOString(), period);
    return this.change(actor, reminderId, { status: 'due', until }, { done: 'snoozed', until });
  }

  dismiss(actor: Actor, reminderId: string): Promise<Reply> {
    return this.change(actor, reminderId, { status: 'dismissed' }, { done: 'dismissed' });
  }

  private async change(actor: Actor, reminderId: string, change: ReminderChange, answer: ReminderAnswer): Promise<Reply> {
    let result;
    try {
      result = await this.deps.store.updateReminder(reminderId, actor.userId, change, this.deps.now().toISOString());
    } catch (error) {
      if (error instanceof StoreError && error.code === 'notOwner') return this.deps.refuse(actor, 'notYourCase');
      throw error;
    }
    // The reminder went with its case (purged or deleted).
    if (!result) return this.deps.refuse(actor, 'caseNotFound');
    const { reminder } = result;
    // Only case reminders have cards with these buttons; anything else was not sent by us.
    if (!REMINDER_KINDS.includes(reminder.kind as ReminderKind)) return this.deps.refuse(actor, 'malformedAction');
    const shown: ReminderAnswer = result.changed || (answer.done === 'dismissed' && reminder.status === 'dismissed') ? answer : { done: 'gone' };
    const card = renderCard('notice', reminderAnswerModel(this.content(actor), reminder.kind as ReminderKind, shown, reminder.caseId));
    return { inPlace: card, messages: [] };
  }

  private content(actor: Actor): LocaleContent {
    return this.deps.contents[actor.locale];
  }
}
