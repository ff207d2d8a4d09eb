import { appraisalAfterModel, appraisalBeforeModel, appraisalRecordedModel } from '../../cards/appraisal-models';
import { renderCard } from '../../cards/render';
import type { AdaptiveCardJson } from '../../cards/render';
import { loadContent, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { NOT_ASKED_REASONS } from '../../flows/appraisal/machine';
import { actionDataOf, cardInputs, checkEveryCard, executeActions, executeScopes } from '../helpers/card-schema';

const TOKEN = 'tok_0123456789abcdef';
const UNITS = ['Beleid', 'Staf'];

function cardsOf(locale: Locale): [string, AdaptiveCardJson][] {
  const content = loadContent(locale);
  const after = (extra = {}) => appraisalAfterModel({ content, token: TOKEN, orgUnits: UNITS, needsOrgUnit: false, ...extra });
  return [
    ['before', renderCard('appraisal-before', appraisalBeforeModel(content, TOKEN))],
    ['after', renderCard('appraisal-after', after())],
    ['after (asks the unit)', renderCard('appraisal-after', after({ needsOrgUnit: true }))],
    ['after (with an error)', renderCard('appraisal-after', after({ needsOrgUnit: true, error: { code: 'invalidInput', fields: ['orgUnit', 'reason'] } }))],
    ...(['askedNothingSignalled', 'askedSignalled', 'notAsked', 'alreadyRecorded'] as const).map((recorded): [string, AdaptiveCardJson] => [
      `recorded ${recorded}`,
      renderCard('notice', appraisalRecordedModel(content, recorded)),
    ]),
  ];
}

const cases = LOCALES.flatMap((locale) => cardsOf(locale).map(([name, card]) => [`${name} [${locale}]`, card] as const));

describe('appraisal cards', () => {
  checkEveryCard(cases);

  it.each(LOCALES)('[%s] before: how to ask, the question itself, what to do with a yes, the sources, and a button for afterwards', (locale) => {
    const content = loadContent(locale);
    const card = renderCard('appraisal-before', appraisalBeforeModel(content, TOKEN));
    const json = JSON.stringify(card);
    const b = content.appraisal.before;
    for (const text of [b.title, b.question, b.privacy, ...b.howToAsk.map((t) => `• ${t}`), ...b.ifYes.map((t) => `• ${t}`)]) {
      expect(json).toContain(JSON.stringify(text));
    }
    for (const id of b.sources) expect(json).toContain(content.sources[id]!.reference);
    expect(b.question).toMatch(locale === 'nl' ? /racisme/ : /racism/);
    expect(actionDataOf(card)).toEqual([{ ew: 1, kind: 'appraisal', step: 'before', event: 'CONVERSATION_HELD', token: TOKEN }]);
    expect(cardInputs(card)).toEqual([]);
  });

  it.each(LOCALES)('[%s] after: one click per answer; "not asked" asks for a reason from the short list', (locale) => {
    const content = loadContent(locale);
    const card = renderCard('appraisal-after', appraisalAfterModel({ content, token: TOKEN, orgUnits: UNITS, needsOrgUnit: false }));
    expect(actionDataOf(card)).toEqual([
      { ew: 1, kind: 'appraisal', step: 'after', event: 'ASKED_NOTHING_SIGNALLED', token: TOKEN },
      { ew: 1, kind: 'appraisal', step: 'after', event: 'ASKED_SOMETHING_SIGNALLED', token: TOKEN },
      { ew: 1, kind: 'appraisal', step: 'after', event: 'NOT_ASKED', token: TOKEN },
    ]);
    const scopes = executeScopes(card);
    expect(scopes.map((s) => s.inputs.map((i) => i.id))).toEqual([[], [], ['reason']]);
    const reason = cardInputs(card).find((i) => i.id === 'reason')!;
    expect(reason).toMatchObject({ label: content.appraisal.after.reasonLabel, isRequired: true });
    expect((reason.choices as { value: string; title: string }[]).map((c) => c.value)).toEqual([...NOT_ASKED_REASONS]);
    expect((reason.choices as { value: string; title: string }[]).map((c) => c.title)).toEqual(NOT_ASKED_REASONS.map((r) => content.appraisal.notAskedReasons[r]));
    expect(JSON.stringify(card)).toContain(JSON.stringify(content.appraisal.recorded.anonymous));
  });

  it('asks for the organisation unit with every answer when the manager has none yet', () => {
    const content = loadContent('nl');
    const card = renderCard('appraisal-after', appraisalAfterModel({ content, token: TOKEN, orgUnits: UNITS, needsOrgUnit: true }));
    expect(executeScopes(card).map((s) => s.inputs.map((i) => i.id))).toEqual([['orgUnit'], ['orgUnit'], ['orgUnit', 'reason']]);
    const unit = cardInputs(card).find((i) => i.id === 'orgUnit')!;
    expect((unit.choices as { value: string }[]).map((c) => c.value)).toEqual(UNITS);
  });

  it('names the inputs to fix by their labels', () => {
    const content = loadContent('en');
    const card = renderCard('appraisal-after', appraisalAfterModel({ content, token: TOKEN, orgUnits: UNITS, needsOrgUnit: true, error: { code: 'invalidInput', fields: ['orgUnit'] } }));
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify(content.ui.errors.invalidInput.title));
    expect(json).toContain(JSON.stringify(`• ${content.fields.orgUnit.label}`));
  });

  it.each(LOCALES)('[%s] once recorded: says what was counted, that it is anonymous, and offers nothing to click again', (locale) => {
    const content = loadContent(locale);
    for (const recorded of ['askedNothingSignalled', 'askedSignalled', 'notAsked', 'alreadyRecorded'] as const) {
      const card = renderCard('notice', appraisalRecordedModel(content, recorded));
      expect(JSON.stringify(card)).toContain(JSON.stringify(content.appraisal.recorded[recorded]));
      expect(JSON.stringify(card)).toContain(JSON.stringify(content.appraisal.recorded.anonymous));
      expect(executeActions(card)).toEqual([]);
    }
  });
});
