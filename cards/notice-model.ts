/**
 * A short card that reports what just happened: a title, a sentence, optional facts, an optional
 * small print line and buttons. Used where a click is answered in place without a form (a snoozed
 * reminder, a recorded appraisal conversation, the reminder setting).
 */
import type { CardButton } from './actions';
import type { Fact } from './view-models';

export interface NoticeModel {
  title: string;
  body: string;
  facts: Fact[];
  smallPrint: { visible: boolean; text: string };
  buttons: CardButton[];
}

export function noticeModel(input: { title: string; body: string; facts?: Fact[]; smallPrint?: string; buttons?: CardButton[] }): NoticeModel {
  return {
    title: input.title,
    body: input.body,
    facts: input.facts ?? [],
    smallPrint: { visible: input.smallPrint !== undefined, text: input.smallPrint ?? '' },
    buttons: input.buttons ?? [],
  };
}
