/**
 * The answer to a free-text question: what the answer is about, the essentials of the situation
 * the question matched and their sources, and a button to start a case on that route — or, when
 * nothing matched well, a plain "I am not sure" with help and `nieuw`. With a case open, the first
 * button continues that case, which the answer names. Pure; every text comes from the situations catalogue and the content.
 */
import type { LocaleContent } from '../content/schema';
import type { SituationsContent } from '../content/situations';
import type { SituationId } from '../flows/situations';
import { cardButton, commandActionData, openActionData, situationActionData } from './actions';
import type { CardButton } from './actions';
import { items, myCaseSummary, noticeOf } from './view-models';
import type { Fact, MyCase, TextItem } from './view-models';

export interface SituationAnswerInput {
  content: LocaleContent;
  situations: SituationsContent;
  /** The matched situation, or null when nothing matched well enough. */
  situation: SituationId | null;
  /** The manager's open case, if any: offered to continue, and named by its signal date, kind and step. */
  openCase?: MyCase;
}

export interface SituationAnswerModel {
  found: boolean;
  title: string;
  /** One sentence that says what the answer is about; the "not sure" text when nothing matched. */
  about: string;
  essentials: { heading: string; items: TextItem[] };
  sources: { heading: string; items: TextItem[] };
  /** Which open case "continue" goes to: two answers with another case open never look the same. */
  openCase: { visible: boolean; hint: string; facts: Fact[] };
  notice: string;
  buttons: CardButton[];
}

/** A source as the step cards show it; this catalogue's own sources first, then the content's. */
function sourceTexts(input: SituationAnswerInput, ids: readonly string[]): TextItem[] {
  return ids.flatMap((id) => {
    const source = input.situations.sources[id] ?? input.content.sources[id];
    return source ? [{ text: `${source.title} — ${source.reference}` }] : [];
  });
}

export function situationAnswerModel(input: SituationAnswerInput): SituationAnswerModel {
  const { ui } = input.situations;
  const entry = input.situation ? input.situations.situations[input.situation] : null;
  const continueCase = input.openCase ? [cardButton(ui.continueButton, openActionData(input.openCase.caseId))] : [];
  const buttons =
    input.situation && entry
      ? [...continueCase, cardButton(ui.startButton, situationActionData(input.situation))]
      : [...continueCase, cardButton(ui.noMatch.helpButton, commandActionData('help')), cardButton(ui.noMatch.newButton, commandActionData('new'))];
  return {
    found: entry !== null,
    title: entry ? `${ui.title}: ${entry.title}` : ui.noMatch.title,
    about: entry ? entry.about : ui.noMatch.body,
    essentials: { heading: ui.essentialsHeading, items: items(entry?.essentials ?? []) },
    sources: { heading: ui.sourcesHeading, items: sourceTexts(input, entry?.sources ?? []) },
    openCase: { visible: input.openCase !== undefined, hint: ui.openCaseHint, facts: input.openCase ? myCaseSummary(input.content, input.openCase).facts : [] },
    notice: noticeOf(input.content),
    buttons,
  };
}
