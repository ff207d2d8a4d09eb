/**
 * A step card's input for a state the machine explorer reached (flows/escalation/explore.ts): the
 * case's part comes from the state (its step, context and offered events; the revision is the
 * number of events that led there), the rest is the caller's. The gallery, the card bench and the
 * card tests draw every step this way.
 */
import type { LocaleContent } from '../content/schema';
import type { Locale } from '../content/load';
import type { ReachableState } from '../flows/escalation/explore';
import { offeredEvents } from '../flows/escalation/ladder';
import type { StepCardInput } from './view-models';

type CasePart = 'revision' | 'step' | 'context' | 'offered' | 'content' | 'locale';

export function exploredStepInput(state: ReachableState, content: LocaleContent, locale: Locale, rest: Omit<StepCardInput, CasePart>): StepCardInput {
  return {
    revision: state.path.length,
    step: state.step,
    context: state.snapshot.context,
    offered: offeredEvents(state.snapshot),
    content,
    locale,
    ...rest,
  };
}
