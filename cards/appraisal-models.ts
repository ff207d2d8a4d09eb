/**
 * View models of the appraisal-conversation prompt: the card before the conversation (how to ask,
 * the question, what to do with a yes), the one-click record after it, and the answer once
 * recorded. Pure; every text comes from `content.appraisal`.
 */
import type { LocaleContent, UiErrorCode } from '../content/schema';
import { NOT_ASKED_REASONS } from '../flows/appraisal/machine';
import type { AppraisalStep } from '../flows/appraisal/machine';
import { appraisalActionData, cardButton } from './actions';
import type { CardButton } from './actions';
import { noticeModel } from './notice-model';
import type { NoticeModel } from './notice-model';
import { errorModel, items, noticeOf, sourceItems } from './view-models';
import type { ErrorModel, FieldModel, TextItem } from './view-models';

interface Section {
  heading: string;
  items: TextItem[];
}

export interface AppraisalBeforeModel {
  title: string;
  notice: string;
  intro: string;
  howToAsk: Section;
  question: { heading: string; text: string };
  ifYes: Section;
  privacy: string;
  sources: Section;
  record: CardButton;
}

/** `token` identifies this prompt's record, so that it is counted once however often it is clicked. */
export function appraisalBeforeModel(content: LocaleContent, token: string): AppraisalBeforeModel {
  const b = content.appraisal.before;
  return {
    title: b.title,
    notice: noticeOf(content),
    intro: b.intro,
    howToAsk: { heading: b.howToAskHeading, items: items(b.howToAsk) },
    question: { heading: b.questionHeading, text: b.question },
    ifYes: { heading: b.ifYesHeading, items: items(b.ifYes) },
    privacy: b.privacy,
    sources: { heading: content.ui.guidance.sources, items: sourceItems(content, b.sources) },
    record: cardButton(b.recordButton, appraisalActionData('before', 'CONVERSATION_HELD', token)),
  };
}

export interface AppraisalAfterInput {
  content: LocaleContent;
  token: string;
  /** The configured organisation units; asked for when the manager has none yet. */
  orgUnits: readonly string[];
  needsOrgUnit: boolean;
  error?: { code: UiErrorCode; fields?: readonly string[] };
}

export interface AppraisalAfterModel {
  error: ErrorModel;
  title: string;
  intro: string;
  anonymous: string;
  orgUnit: FieldModel & { visible: boolean };
  askedNothing: CardButton;
  askedSignalled: CardButton;
  notAsked: { title: string; reason: FieldModel; confirm: CardButton };
}

export function appraisalAfterModel(input: AppraisalAfterInput): AppraisalAfterModel {
  const { content, token } = input;
  const a = content.appraisal.after;
  const units = [...new Set(input.orgUnits)];
  return {
    error: input.error
      ? errorModel(content, input.error.code, { fields: input.error.fields ?? [] })
      : { visible: false, title: '', body: '', fields: [] },
    title: a.title,
    intro: a.intro,
    anonymous: content.appraisal.recorded.anonymous,
    orgUnit: {
      id: 'orgUnit',
      label: content.fields.orgUnit.label,
      error: content.fields.orgUnit.error,
      required: true,
      value: '',
      choices: units.map((unit) => ({ title: unit, value: unit })),
      style: 'compact',
      invalid: false,
      visible: input.needsOrgUnit && units.length > 0,
    },
    askedNothing: cardButton(a.askedNothingButton, appraisalActionData('after', 'ASKED_NOTHING_SIGNALLED', token)),
    askedSignalled: cardButton(a.askedSignalledButton, appraisalActionData('after', 'ASKED_SOMETHING_SIGNALLED', token)),
    notAsked: {
      title: a.notAskedButton,
      reason: {
        id: 'reason',
        label: a.reasonLabel,
        error: a.reasonError,
        required: true,
        value: '',
        choices: NOT_ASKED_REASONS.map((code) => ({ title: content.appraisal.notAskedReasons[code], value: code })),
        style: 'expanded',
        invalid: false,
      },
      confirm: cardButton(a.notAskedConfirmButton, appraisalActionData('after', 'NOT_ASKED', token)),
    },
  };
}

/** The answer once recorded: what was counted (or that it was counted before), and that it is anonymous. */
export function appraisalRecordedModel(content: LocaleContent, recorded: Exclude<AppraisalStep, 'before' | 'after'> | 'alreadyRecorded'): NoticeModel {
  const r = content.appraisal.recorded;
  return noticeModel({ title: r.title, body: r[recorded], smallPrint: r.anonymous });
}
