/**
 * View model → Adaptive Card 1.5 JSON. Templates are read from `cards/templates` and parsed once per
 * process; a step card is composed of the shared guidance, the step's form, the note input and the
 * formal-report button. Every rendered card is checked: no unexpanded `${…}` and version 1.5.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { projectRoot } from '../content/load';
import type { StepId } from '../flows/escalation/types';
import type { StepCardModel } from './view-models';

export type CardTemplateName =
  | 'welcome'
  | 'help'
  | 'my-cases'
  | 'summary'
  | 'error'
  | 'report-channels'
  | 'situation-answer'
  | 'step-guidance'
  | 'step-explain'
  | 'note'
  | 'formal-report'
  | 'repetition'
  | 'repetition-form'
  | 'notice'
  | 'reminder'
  | 'digest'
  | 'my-data'
  | 'appraisal-before'
  | 'appraisal-after'
  | 'hr-summary'
  | 'handover-propose'
  | 'unit-settings'
  | 'personal-chat-only'
  | `forms/${StepId}`;

export const CARD_VERSION = '1.5';

export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: typeof CARD_VERSION;
  body: unknown[];
  actions?: unknown[];
  [property: string]: unknown;
}

export const CARD_RENDER_ERROR_CODES = ['templateUnreadable', 'unexpandedExpression', 'wrongVersion'] as const;
export type CardRenderErrorCode = (typeof CARD_RENDER_ERROR_CODES)[number];

/** A defect in a template or view model (never something a user caused): names the template. */
export class CardRenderError extends Error {
  constructor(
    readonly code: CardRenderErrorCode,
    readonly template: string,
    detail: string,
  ) {
    super(`${code} in card template "${template}": ${detail}`);
    this.name = 'CardRenderError';
  }
}

/** Works from the sources and from dist/: the templates stay in the project's cards/templates. */
export function templateDir(): string {
  return path.join(projectRoot(__dirname), 'cards', 'templates');
}

const templates = new Map<CardTemplateName, Template>();

function templateOf(name: CardTemplateName): Template {
  let template = templates.get(name);
  if (!template) {
    const file = path.join(templateDir(), `${name}.json`);
    try {
      template = new Template(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      throw new CardRenderError('templateUnreadable', name, error instanceof Error ? error.message : String(error));
    }
    templates.set(name, template);
  }
  return template;
}

function expand(name: CardTemplateName, viewModel: object): AdaptiveCardJson {
  return templateOf(name).expand({ $root: viewModel }) as AdaptiveCardJson;
}

function checked(name: string, card: AdaptiveCardJson): AdaptiveCardJson {
  const json = JSON.stringify(card);
  const at = json.indexOf('${');
  if (at >= 0) throw new CardRenderError('unexpandedExpression', name, json.slice(at, json.indexOf('}', at) + 1 || at + 40));
  if (card.type !== 'AdaptiveCard' || card.version !== CARD_VERSION) {
    throw new CardRenderError('wrongVersion', name, `expected an AdaptiveCard of version ${CARD_VERSION}`);
  }
  return card;
}

export function renderCard(name: CardTemplateName, viewModel: object): AdaptiveCardJson {
  return checked(name, expand(name, viewModel));
}

/**
 * Title, ladder, what to do now and the short checklist, then either the step's form and the note
 * or, after "Uitleg", the full guidance with a button back. The form's buttons come first; "it
 * happened again" (a card of its own, so the step's required inputs never block it) and "start a
 * formal report" are secondary (Teams puts them in the overflow menu).
 */
export function renderStepCard(vm: StepCardModel): AdaptiveCardJson {
  const guidance = expand('step-guidance', vm);
  if (vm.explanation.shown) {
    const explanation = expand('step-explain', vm);
    return checked('step-explain', { ...guidance, body: [...guidance.body, ...explanation.body], actions: explanation.actions ?? [] });
  }
  const form = expand(`forms/${vm.step}`, vm);
  const note = expand('note', vm);
  const formalReport = expand('formal-report', vm);
  const repetition = expand('repetition', vm);
  return checked(`forms/${vm.step}`, {
    ...guidance,
    body: [...guidance.body, ...form.body, ...note.body],
    actions: [...(form.actions ?? []), ...(repetition.actions ?? []), ...(formalReport.actions ?? [])],
  });
}
