import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import { digestModel, reminderAnswerModel, reminderCardModel, reminderSettingsModel } from '../../cards/reminder-models';
import { loadContent, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { REMINDER_KINDS } from '../../flows/escalation/effects';
import { representativeStates } from '../../flows/escalation/explore';
import { actionDataOf, cardActions, checkEveryCard, executeActions } from '../helpers/card-schema';

const addressState = representativeStates().get('addressPrepare')!;
const remindedCase = { caseId: 'case-7', step: addressState.step, context: addressState.snapshot.context };
const DUE = '2026-11-30T07:00:00.000Z';

function cardsOf(locale: Locale): [string, AdaptiveCardJson][] {
  const content = loadContent(locale);
  return [
    ...REMINDER_KINDS.map((kind): [string, AdaptiveCardJson] => [
      `reminder ${kind}`,
      renderCard('reminder', reminderCardModel(content, { id: 'rem-1', kind, dueAt: DUE }, remindedCase)),
    ]),
    ['snoozed', renderCard('notice', reminderAnswerModel(content, 'staleCase', { done: 'snoozed', until: DUE }, 'case-7'))],
    ['dismissed', renderCard('notice', reminderAnswerModel(content, 'staleCase', { done: 'dismissed' }, 'case-7'))],
    ['gone', renderCard('notice', reminderAnswerModel(content, 'aftercare', { done: 'gone' }, null))],
    ['digest', renderCard('digest', digestModel(content, [{ ...remindedCase, due: [{ kind: 'addressOverdue', dueAt: DUE }, { kind: 'staleCase', dueAt: '2026-12-24T07:00:00.000Z' }] }, { ...remindedCase, caseId: 'case-8', due: [] }]))],
    ['digest (empty)', renderCard('digest', digestModel(content, []))],
    ['settings (separate)', renderCard('notice', reminderSettingsModel(content, false))],
    ['settings (digest)', renderCard('notice', reminderSettingsModel(content, true))],
  ];
}

const cases = LOCALES.flatMap((locale) => cardsOf(locale).map(([name, card]) => [`${name} [${locale}]`, card] as const));

describe('reminder cards', () => {
  checkEveryCard(cases);

  it.each(LOCALES)('[%s] a reminder says what is due and for which case, and offers open, snooze, dismiss and the digest', (locale) => {
    const content = loadContent(locale);
    const card = renderCard('reminder', reminderCardModel(content, { id: 'rem-1', kind: 'addressOverdue', dueAt: DUE }, remindedCase));
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify(content.reminders.kinds.addressOverdue.title));
    expect(json).toContain(JSON.stringify(content.reminders.kinds.addressOverdue.body));
    expect(json).toContain(JSON.stringify(content.steps.addressPrepare.title));
    expect(json).toContain(JSON.stringify(content.choices.categories.remarkOrJoke));
    expect(json).toContain(locale === 'nl' ? '"30 november 2026"' : '"30 November 2026"');
    expect(actionDataOf(card)).toEqual([
      { ew: 1, kind: 'open', caseId: 'case-7' },
      { ew: 1, kind: 'snooze', reminderId: 'rem-1', period: 'day' },
      { ew: 1, kind: 'snooze', reminderId: 'rem-1', period: 'week' },
      { ew: 1, kind: 'dismiss', reminderId: 'rem-1' },
      { ew: 1, kind: 'digest', weekly: true },
    ]);
    expect(cardActions(card).map((a) => a.title)).toEqual([
      content.reminders.openButton,
      content.reminders.snoozeDayButton,
      content.reminders.snoozeWeekButton,
      content.reminders.dismissButton,
      content.reminders.digestButton,
    ]);
  });

  it('a reminder shows only enumerated facts of the case, never its notes or codes', () => {
    const content = loadContent('nl');
    const polluted = { ...remindedCase.context, note: 'CANARY', signal: { ...remindedCase.context.signal!, categories: ['CANARY'] as never } };
    const json = JSON.stringify(renderCard('reminder', reminderCardModel(content, { id: 'rem-1', kind: 'staleCase', dueAt: DUE }, { ...remindedCase, context: polluted })));
    expect(json).not.toContain('CANARY');
    expect(json).not.toContain('"remarkOrJoke"');
  });

  it('the digest lists each open case with what is due this week, and offers separate reminders instead', () => {
    const content = loadContent('en');
    const card = renderCard('digest', digestModel(content, [{ ...remindedCase, due: [{ kind: 'aftercare', dueAt: DUE }] }, { ...remindedCase, caseId: 'case-8', due: [] }]));
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify(`• ${content.reminders.kinds.aftercare.title} — 30 November 2026`));
    expect(json).toContain(JSON.stringify(content.reminders.digest.nothingDue));
    expect(actionDataOf(card)).toEqual([
      { ew: 1, kind: 'open', caseId: 'case-7' },
      { ew: 1, kind: 'open', caseId: 'case-8' },
      { ew: 1, kind: 'digest', weekly: false },
    ]);
    expect(JSON.stringify(renderCard('digest', digestModel(content, [])))).toContain(JSON.stringify(content.reminders.digest.empty));
  });

  it('the setting shows the current choice and offers the other one', () => {
    const content = loadContent('nl');
    const separate = renderCard('notice', reminderSettingsModel(content, false));
    expect(JSON.stringify(separate)).toContain(JSON.stringify(content.reminders.settings.separateMode));
    expect(actionDataOf(separate)).toEqual([{ ew: 1, kind: 'digest', weekly: true }]);
    const digest = renderCard('notice', reminderSettingsModel(content, true));
    expect(JSON.stringify(digest)).toContain(JSON.stringify(content.reminders.settings.digestMode));
    expect(actionDataOf(digest)).toEqual([{ ew: 1, kind: 'digest', weekly: false }]);
  });

  it('answers a snooze with the new date and a way to the case; a reminder that is gone offers nothing', () => {
    const content = loadContent('nl');
    const snoozed = renderCard('notice', reminderAnswerModel(content, 'staleCase', { done: 'snoozed', until: '2026-12-04T07:00:00.000Z' }, 'case-7'));
    expect(JSON.stringify(snoozed)).toContain('"4 december 2026"');
    expect(actionDataOf(snoozed)).toEqual([{ ew: 1, kind: 'open', caseId: 'case-7' }]);
    expect(executeActions(renderCard('notice', reminderAnswerModel(content, 'staleCase', { done: 'gone' }, null)))).toEqual([]);
  });
});
