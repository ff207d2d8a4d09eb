/**
 * A step card's fixed text (what depends only on the step and the language) is expanded once; a
 * turn templates only its own values. The card a turn gets must be exactly the card a single pass
 * over every template gives, for every reachable state, language and card state.
 */
import { Template } from 'adaptivecards-templating';
import { renderStepCard, renderStepCardInOnePass } from '../../cards/render';
import { stepCardModel } from '../../cards/view-models';
import type { StepCardInput } from '../../cards/view-models';
import { loadContent, LOCALES } from '../../content/load';
import type { Locale } from '../../content/load';
import { reachableStates, representativeStates } from '../../flows/escalation/explore';
import type { ReachableState } from '../../flows/escalation/explore';
import { offeredEvents } from '../../flows/escalation/ladder';
import { exploredStepInput } from '../../cards/explored-step-input';

const variants: [string, Partial<StepCardInput>][] = [
  ['the explanation', { explain: true }],
  ['a refused submit', { error: { code: 'invalidInput', fields: ['categories', 'signalDate', 'outcome', 'heldOn', 'orgUnit'] } }],
  ['a long note', { error: { code: 'noteTooLong', max: 500 }, noteMaxLength: 500 }],
  ['prefilled values', { prefill: { acute: 'true', source: 'bystander', categories: 'insult', reason: 'noFurtherAction', decision: 'warning' }, needsOrgUnit: false }],
];

describe('step card templates expanded once per step and language', () => {
  const representatives = [...representativeStates().values()];

  const modelOf = (state: ReachableState, locale: Locale, extra: Partial<StepCardInput>) =>
    stepCardModel(exploredStepInput(state, loadContent(locale), locale, { caseId: `case-${state.path.length}`, today: '2026-11-24', orgUnits: ['DG-A', 'DG-B'], needsOrgUnit: true, ...extra }));

  /** The states whose card differs from a single pass, by name (empty when the cache is faithful). */
  const differing = (states: readonly ReachableState[], extra: Partial<StepCardInput>) =>
    states.flatMap((state) =>
      LOCALES.flatMap((locale) => {
        const model = modelOf(state, locale, extra);
        return JSON.stringify(renderStepCard(model)) === JSON.stringify(renderStepCardInOnePass(model)) ? [] : [`${state.step} via ${state.path.map((e) => e.type).join(' > ')} [${locale}]`];
      }),
    );

  it('gives every reachable state the card of a single pass', () => {
    expect(differing(reachableStates(), {})).toEqual([]);
  });

  it.each(variants)('gives every step the card of a single pass: %s', (_name, extra) => {
    expect(differing(representatives, extra)).toEqual([]);
  });

  it('templates one card per turn once the step and language were seen', () => {
    const state = representativeStates().get('closing')!;
    const model = (revision: number) =>
      stepCardModel({ caseId: 'c1', revision, step: 'closing', context: state.snapshot.context, offered: offeredEvents(state.snapshot), content: loadContent('en'), locale: 'en' });
    renderStepCard(model(1));
    const expand = jest.spyOn(Template.prototype, 'expand');
    try {
      for (let revision = 2; revision <= 11; revision++) renderStepCard(model(revision));
      expect(expand).toHaveBeenCalledTimes(10);
    } finally {
      expand.mockRestore();
    }
  });
});
