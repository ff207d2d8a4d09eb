/**
 * The cards that send the team-discussion agenda from the personal chat (cards/team-post-model.ts),
 * in Dutch and English: valid Adaptive Cards 1.5 with a label on every input, the refusal at the
 * field it is about (and in the summary on top), and no case in any of them.
 */
import { renderCard } from '../../cards/render';
import { DEFAULT_POST_TIME, teamPostCancelledModel, teamPostDoneModel, teamPostFormModel, teamPostOutcomeModel, teamPostRefusedModel } from '../../cards/team-post-model';
import type { TeamPostFieldError } from '../../cards/team-post-model';
import { LOCALES } from '../../content/load';
import { loadAllTeamKitContent } from '../../content/team-kit';
import type { Json } from '../helpers/json';
import { actionDataOf, cardInputs, cardObjects, checkEveryCard } from '../helpers/card-schema';

const kits = loadAllTeamKitContent();
const TEAMS = [
  { teamId: '19:team-1@thread.tacv2', name: 'Team Beleid' },
  { teamId: '19:team-2@thread.tacv2', name: '' },
];
const FORM = { formId: 'form-id-0000000000', teams: TEAMS, today: '2026-12-07' };
const PLANNED = [
  { id: 'planned-post-00000001', teamName: 'Team Beleid', dueAt: '2026-12-10T08:00:00.000Z' },
  { id: 'planned-post-00000002', teamName: '', dueAt: '2026-12-17T08:00:00.000Z' },
];

const form = (locale: 'nl' | 'en', extra: Partial<Parameters<typeof teamPostFormModel>[1]> = {}) =>
  renderCard('team-post-form', teamPostFormModel(kits[locale], { ...FORM, locale, ...extra }));

/** The body's elements in order, with the inputs and text blocks inside containers. */
const flat = (card: Json): Json[] => cardObjects(card).filter((node) => typeof node.type === 'string' && (node.type.startsWith('Input.') || node.type === 'TextBlock'));

describe('the team post cards', () => {
  const cases = LOCALES.flatMap((locale) => [
    [`${locale} form`, form(locale)],
    [`${locale} form without teams`, form(locale, { teams: [] })],
    [`${locale} form with planned posts`, form(locale, { planned: PLANNED })],
    [`${locale} form, not a member`, form(locale, { error: { field: 'team', error: 'notMember' } })],
    [`${locale} posted`, renderCard('notice', teamPostDoneModel(kits[locale], locale, { id: FORM.formId, teamName: 'Team Beleid', dueAt: '2026-12-10T09:00:00.000Z', planned: false }))],
    [`${locale} planned`, renderCard('notice', teamPostDoneModel(kits[locale], locale, { id: FORM.formId, teamName: '', dueAt: '2026-12-10T09:00:00.000Z', planned: true }))],
    [`${locale} planned post went out`, renderCard('notice', teamPostOutcomeModel(kits[locale], locale, { teamName: 'Team Beleid', dueAt: '2026-12-10T09:00:00.000Z' }, null))],
    [`${locale} planned post not posted`, renderCard('notice', teamPostOutcomeModel(kits[locale], locale, { teamName: '', dueAt: '2026-12-10T09:00:00.000Z' }, 'notMember'))],
    [`${locale} already sent`, renderCard('notice', teamPostRefusedModel(kits[locale], 'alreadySent'))],
    ...(['cancelled', 'notPlanned', 'notYours'] as const).map((outcome) => [`${locale} ${outcome}`, renderCard('notice', teamPostCancelledModel(kits[locale], outcome))] as const),
  ]) as Array<[string, Json]>;
  checkEveryCard(cases);

  it('asks for a team (only those the app is in), now or a date, and a time that starts at 09:00', () => {
    const card = form('nl');
    const inputs = cardInputs(card);
    expect(inputs.map((input) => [input.id, input.type])).toEqual([
      ['team', 'Input.ChoiceSet'],
      ['when', 'Input.ChoiceSet'],
      ['date', 'Input.Date'],
      ['time', 'Input.Time'],
    ]);
    for (const input of inputs) expect(input.label).toEqual(expect.any(String));
    expect(inputs[0]!.choices).toEqual([
      { title: 'Team Beleid', value: TEAMS[0]!.teamId },
      { title: kits.nl.personal.send.unnamedTeam, value: TEAMS[1]!.teamId },
    ]);
    expect(inputs[1]!.value).toBe('now');
    expect(inputs[2]!.min).toBe('2026-12-07');
    expect(inputs[3]!.value).toBe(DEFAULT_POST_TIME);
    expect(actionDataOf(card)).toEqual([{ ew: 1, kind: 'teamPostSend', form: FORM.formId, locale: 'nl' }]);
  });

  it.each([
    [{ field: 'team', error: 'notMember' }, 'team', kits.nl.personal.errors.notMember],
    [{ field: 'team', error: 'required' }, 'team', kits.nl.personal.send.teamError],
    [{ field: 'date', error: 'inPast' }, 'date', kits.nl.personal.errors.inPast],
    [{ field: 'time', error: 'required' }, 'time', kits.nl.personal.send.timeError],
  ] as Array<[TeamPostFieldError, string, string]>)('shows %j right under its field and in the summary', (error, id, text) => {
    const elements = flat(form('nl', { error, prefill: { team: TEAMS[0]!.teamId, when: 'later', date: '2026-12-07', time: '08:00' } }));
    const at = elements.findIndex((element) => element.id === id);
    expect(elements[at + 1]).toMatchObject({ type: 'TextBlock', text });
    expect(elements.filter((element) => element.text === text)).toHaveLength(2);
    // Nothing the manager filled in is lost.
    expect(cardInputs(elements).map((input) => input.value)).toEqual([TEAMS[0]!.teamId, 'later', '2026-12-07', '08:00']);
  });

  it('keeps only a team that is offered, and never prefills a date or time that is no date or time', () => {
    const inputs = cardInputs(form('en', { prefill: { team: '19:gone@thread.tacv2', when: 'sometime', date: '7 Dec', time: '9' } }));
    expect(inputs.map((input) => input.value ?? '')).toEqual(['', 'now', '', DEFAULT_POST_TIME]);
  });

  it('lists the manager’s planned posts in Dutch time, each with its own cancel button', () => {
    const card = form('nl', { planned: PLANNED });
    const text = JSON.stringify(card);
    expect(text).toContain(kits.nl.personal.send.plannedHeading);
    expect(text).toContain('Team Beleid: 10 dec 2026, 09:00');
    expect(text).toContain(`${kits.nl.personal.send.unnamedTeam}: 17 dec 2026, 09:00`);
    expect(actionDataOf(card)).toEqual([
      { ew: 1, kind: 'teamPostCancel', post: PLANNED[0]!.id },
      { ew: 1, kind: 'teamPostCancel', post: PLANNED[1]!.id },
      { ew: 1, kind: 'teamPostSend', form: FORM.formId, locale: 'nl' },
    ]);
    // Nothing planned: no list.
    expect(JSON.stringify(form('nl'))).not.toContain(kits.nl.personal.send.plannedHeading);
  });

  it('without a team to post to, says how to get one and offers no button', () => {
    const card = form('en', { teams: [] });
    expect(JSON.stringify(card)).toContain(kits.en.personal.send.noTeams);
    expect(cardInputs(card)).toEqual([]);
    expect(actionDataOf(card)).toEqual([]);
  });

  it('confirms a planned post with the moment in Dutch time and a cancel button; a post made now has none', () => {
    const planned = renderCard('notice', teamPostDoneModel(kits.nl, 'nl', { id: FORM.formId, teamName: 'Team Beleid', dueAt: '2026-12-10T09:00:00.000Z', planned: true }));
    expect(JSON.stringify(planned)).toContain('10:00');
    expect(actionDataOf(planned)).toEqual([{ ew: 1, kind: 'teamPostCancel', post: FORM.formId }]);
    const posted = renderCard('notice', teamPostDoneModel(kits.nl, 'nl', { id: FORM.formId, teamName: 'Team Beleid', dueAt: '2026-12-10T09:00:00.000Z', planned: false }));
    expect(actionDataOf(posted)).toEqual([]);
  });
});
