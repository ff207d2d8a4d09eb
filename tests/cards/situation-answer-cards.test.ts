import { parseActionData, situationActionData } from '../../cards/actions';
import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import { situationAnswerModel } from '../../cards/situation-answer-model';
import { loadContent, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { loadSituationsContent } from '../../content/situations';
import { SITUATION_IDS } from '../../flows/situations';
import { representativeStates } from '../../flows/escalation/explore';
import { formatDate } from '../../cards/view-models';
import { actionDataOf, checkEveryCard } from '../helpers/card-schema';

const inputs = (locale: Locale) => ({ content: loadContent(locale), situations: loadSituationsContent(locale, loadContent(locale)) });
/** An open case past its signal, as `zaken` lists it. */
const openCase = (caseId: string, signalDate = '2026-11-02') => {
  const state = representativeStates().get('signalConversation')!;
  const context = { ...state.snapshot.context, signal: { ...state.snapshot.context.signal!, signalDate } };
  return { caseId, step: state.step, updatedAt: '2026-11-24T08:00:00.000Z', context };
};
const text = (card: unknown) => JSON.stringify(card);

function cardsOf(locale: Locale): [string, AdaptiveCardJson][] {
  return [
    ...SITUATION_IDS.map((situation): [string, AdaptiveCardJson] => [`${locale} ${situation}`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation }))]),
    [`${locale} with an open case`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation: 'teamChat', openCase: openCase('case-1') }))],
    [`${locale} no match`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation: null }))],
    [`${locale} no match with an open case`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation: null, openCase: openCase('case-1') }))],
  ];
}

describe('the answer to a free-text question', () => {
  checkEveryCard(LOCALES.flatMap(cardsOf));

  it('has a start button whose situation parses back; an unknown situation is refused', () => {
    expect(parseActionData(situationActionData('sickLeave'))).toEqual({ ok: true, action: { ew: 1, kind: 'situation', situation: 'sickLeave' }, inputs: {} });
    expect(parseActionData({ ew: 1, kind: 'situation', situation: 'somethingElse' }).ok).toBe(false);
  });

  it.each(LOCALES)('%s: says what the answer is about, the essentials and their sources, and offers a case on that route', (locale) => {
    const { content, situations } = inputs(locale);
    const model = situationAnswerModel({ content, situations, situation: 'citizenPerpetrator' });
    const entry = situations.situations.citizenPerpetrator;
    expect(model.about).toBe(entry.about);
    expect(model.essentials.items.map((item) => item.text)).toEqual(entry.essentials);
    expect(model.sources.items).toHaveLength(entry.sources.length);
    expect(model.openCase.visible).toBe(false);
    const card = renderCard('situation-answer', model);
    for (const essential of entry.essentials) expect(text(card)).toContain(JSON.stringify(essential).slice(1, -1));
    expect(actionDataOf(card)).toEqual([{ ew: 1, kind: 'situation', situation: 'citizenPerpetrator' }]);
  });

  it('cites the sources of the answer, from the main content', () => {
    const { content, situations } = inputs('nl');
    const model = situationAnswerModel({ content, situations, situation: 'towardsCitizens' });
    expect(model.sources.items.map((item) => item.text)).toEqual([
      `${content.sources.awbKlachten!.title} — ${content.sources.awbKlachten!.reference}`,
      `${content.sources.nationaleOmbudsman!.title} — ${content.sources.nationaleOmbudsman!.reference}`,
      `${content.sources.gedragscodeIntegriteitRijk!.title} — ${content.sources.gedragscodeIntegriteitRijk!.reference}`,
    ]);
  });

  it.each(LOCALES)('%s: with a case open, offers to continue it first, and still a case on the route asked about', (locale) => {
    const model = situationAnswerModel({ ...inputs(locale), situation: 'applicant', openCase: openCase('case-7') });
    expect(model.openCase).toMatchObject({ visible: true, hint: inputs(locale).situations.ui.openCaseHint });
    expect(actionDataOf(renderCard('situation-answer', model))).toEqual([
      { ew: 1, kind: 'open', caseId: 'case-7' },
      { ew: 1, kind: 'situation', situation: 'applicant' },
    ]);
  });

  it.each(LOCALES)('%s: says which open case it offers to continue: its signal date, kind of behaviour and step', (locale) => {
    const { content } = inputs(locale);
    const answer = (caseId: string, signalDate: string) =>
      text(renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation: null, openCase: openCase(caseId, signalDate) })));
    const first = answer('case-1', '2026-11-02');
    expect(first).toContain(JSON.stringify(formatDate(locale, '2026-11-02')));
    expect(first).toContain(JSON.stringify(content.steps.signalConversation.title));
    expect(first).toContain(JSON.stringify(content.fields.categories.label));
    // Another open case gives another answer: the same question never looks like nothing changed.
    expect(answer('case-2', '2026-11-09')).not.toEqual(first);
  });

  it.each(LOCALES)('%s: when nothing matched, says so plainly and offers help and a new signal, no essentials', (locale) => {
    const { situations } = inputs(locale);
    const model = situationAnswerModel({ ...inputs(locale), situation: null });
    expect(model).toMatchObject({ found: false, title: situations.ui.noMatch.title, about: situations.ui.noMatch.body });
    expect(model.essentials.items).toEqual([]);
    expect(actionDataOf(renderCard('situation-answer', model))).toEqual([
      { ew: 1, kind: 'command', command: 'help' },
      { ew: 1, kind: 'command', command: 'new' },
    ]);
  });
});
