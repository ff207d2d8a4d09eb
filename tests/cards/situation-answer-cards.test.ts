import { parseActionData, situationActionData } from '../../cards/actions';
import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import { situationAnswerModel } from '../../cards/situation-answer-model';
import { loadContent, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { loadSituationsContent } from '../../content/situations';
import { SITUATION_IDS } from '../../flows/situations';
import { actionDataOf, checkEveryCard } from '../helpers/card-schema';

const inputs = (locale: Locale) => ({ content: loadContent(locale), situations: loadSituationsContent(locale, loadContent(locale)) });
const text = (card: unknown) => JSON.stringify(card);

function cardsOf(locale: Locale): [string, AdaptiveCardJson][] {
  return [
    ...SITUATION_IDS.map((situation): [string, AdaptiveCardJson] => [`${locale} ${situation}`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation }))]),
    [`${locale} with an open case`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation: 'teamChat', openCaseId: 'case-1' }))],
    [`${locale} no match`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation: null }))],
    [`${locale} no match with an open case`, renderCard('situation-answer', situationAnswerModel({ ...inputs(locale), situation: null, openCaseId: 'case-1' }))],
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
    const model = situationAnswerModel({ ...inputs(locale), situation: 'applicant', openCaseId: 'case-7' });
    expect(model.openCase).toEqual({ visible: true, hint: inputs(locale).situations.ui.openCaseHint });
    expect(actionDataOf(renderCard('situation-answer', model))).toEqual([
      { ew: 1, kind: 'open', caseId: 'case-7' },
      { ew: 1, kind: 'situation', situation: 'applicant' },
    ]);
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
