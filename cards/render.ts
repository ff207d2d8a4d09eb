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
  | 'team-agenda'
  | 'team-post-form'
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

const templateJsons = new Map<CardTemplateName, AdaptiveCardJson>();
const templates = new Map<CardTemplateName, Template>();

/** A template file as JSON, read and parsed once per process. */
function templateJson(name: CardTemplateName): AdaptiveCardJson {
  let json = templateJsons.get(name);
  if (!json) {
    const file = path.join(templateDir(), `${name}.json`);
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8')) as AdaptiveCardJson;
    } catch (error) {
      throw new CardRenderError('templateUnreadable', name, error instanceof Error ? error.message : String(error));
    }
    templateJsons.set(name, json);
  }
  return json;
}

function templateOf(name: CardTemplateName): Template {
  let template = templates.get(name);
  if (!template) templates.set(name, (template = new Template(templateJson(name))));
  return template;
}

function expand(name: CardTemplateName, viewModel: object): AdaptiveCardJson {
  return templateOf(name).expand({ $root: viewModel }) as AdaptiveCardJson;
}

function unexpandedIn(json: string): string | null {
  const at = json.indexOf('${');
  return at < 0 ? null : json.slice(at, json.indexOf('}', at) + 1 || at + 40);
}

function checked(name: string, card: AdaptiveCardJson): AdaptiveCardJson {
  const unexpanded = unexpandedIn(JSON.stringify(card));
  if (unexpanded !== null) throw new CardRenderError('unexpandedExpression', name, unexpanded);
  if (card.type !== 'AdaptiveCard' || card.version !== CARD_VERSION) {
    throw new CardRenderError('wrongVersion', name, `expected an AdaptiveCard of version ${CARD_VERSION}`);
  }
  return card;
}

export function renderCard(name: CardTemplateName, viewModel: object): AdaptiveCardJson {
  return checked(name, expand(name, viewModel));
}

// ————— step cards: the fixed text expanded once, the turn's values per turn —————

/**
 * The paths of a step card model that depend only on the step and the content: the same on every
 * turn. Everything else (the case id and revision in the buttons, prefilled values, errors, the
 * facts, the ladder, which buttons are offered) is templated per turn. A whitelist, so that a new
 * path is per turn until someone says otherwise; a test renders every reachable state both ways.
 */
const FIXED_PATHS = [
  /^step$/,
  /^guidance\.(title|doNow|shortChecklist|notice|headings(\.\w+)?|why|checklist|examples|dont|involve|deadline|sources)$/,
  /^fields\.\w+\.(label|error|required|choices|style)$/,
  /^actions\.\w+\.(title|verb)$/,
  /^note\.(button|label|error)$/,
  /^formalReport\.(title|prompt)$/,
  /^repetition\.(title|button\.(title|verb))$/,
  /^explanation\.(open|back)\.(title|verb)$/,
  /^reportChannels\.(title|verb|data)$/,
];

/** Root paths an expression reads (`count(guidance.facts) > 0` reads `guidance.facts`), string literals and calls left out. */
function pathsOf(expression: string): string[] {
  const code = expression.replace(/'[^']*'|"[^"]*"/g, '');
  return [...code.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?![\w$]|\s*\()/g)].map((m) => m[0]).filter((p) => !['true', 'false', 'null'].includes(p));
}

const isFixed = (expression: string) => pathsOf(expression).every((p) => FIXED_PATHS.some((re) => re.test(p)));
const EXPRESSIONS = /\$\{([^}]*)\}/g;
/** Stands for `$` in what the first pass must leave alone; no card text contains it. */
const HELD = '\u2063$\u2063';

function hold(text: string): string {
  return text.replaceAll('$', HELD);
}

/**
 * The template with every per-turn expression held back from the first expansion: a string that
 * uses one is held whole, an element whose `$when` or `$data` is per turn is held with everything
 * in it. Inside a fixed `$data` the expressions read the repeated item, which is fixed too.
 */
function holdPerTurn(node: unknown, inFixedData = false): unknown {
  if (typeof node === 'string') {
    if (inFixedData) return node;
    return [...node.matchAll(EXPRESSIONS)].every((m) => isFixed(m[1]!)) ? node : hold(node);
  }
  if (Array.isArray(node)) return node.map((item) => holdPerTurn(item, inFixedData));
  if (node === null || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  const data = object.$data;
  if (!inFixedData && typeof data === 'string' && !isFixed(data.slice(2, -1))) return JSON.parse(hold(JSON.stringify(object)));
  const insideFixedData = inFixedData || typeof data === 'string';
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) =>
      key === '$when' && !insideFixedData && typeof value === 'string' && !isFixed(value.slice(2, -1)) ? [hold(key), hold(value)] : [key, holdPerTurn(value, insideFixedData)],
    ),
  );
}

/**
 * Properties whose value is the Adaptive Card default (schema 1.5), dropped so the reply is
 * smaller: the host renders the same card. An error message only shows for a required input.
 */
function withoutDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDefaults);
  if (node === null || typeof node !== 'object') return node;
  const object = { ...(node as Record<string, unknown>) };
  delete object.$schema;
  if (object.isRequired === false) {
    delete object.isRequired;
    delete object.errorMessage;
  }
  if (object.separator === false) delete object.separator;
  if (object.type === 'Input.Toggle' && object.valueOn === 'true' && object.valueOff === 'false') {
    delete object.valueOn;
    delete object.valueOff;
  }
  if (object.type === 'Input.ChoiceSet' && object.style === 'compact') delete object.style;
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, withoutDefaults(value)]));
}

/** Where a card keeps elements and actions: a card's body, containers, columns, action sets, show cards. */
const ELEMENT_LISTS = ['body', 'items', 'columns', 'actions'] as const;

/**
 * An input with nothing filled in needs no `value` (the schema's default): the host shows it empty
 * either way, and nothing is preselected. Per turn, because the values are the turn's; the card is
 * the template's fresh output, so it is changed in place. Only the lists of elements and actions
 * are walked, not every node (choices, data): about 6 µs a step card instead of 16.
 */
function dropEmptyValues(elements: unknown): void {
  if (!Array.isArray(elements)) return;
  for (const element of elements as unknown[]) {
    if (element === null || typeof element !== 'object') continue;
    const object = element as Record<string, unknown>;
    if (object.value === '' && typeof object.type === 'string' && object.type.startsWith('Input.')) delete object.value;
    for (const list of ELEMENT_LISTS) dropEmptyValues(object[list]);
    if (object.card) dropEmptyValues([object.card]);
  }
}

type StepVariant = 'form' | 'explained';

/** The raw templates of a step card, composed into one: guidance, then the form or the explanation. */
function composedStepTemplate(variant: StepVariant, step: StepId): { name: string; json: AdaptiveCardJson } {
  const raw = (name: CardTemplateName) => templateJson(name);
  const guidance = raw('step-guidance');
  if (variant === 'explained') {
    const explanation = raw('step-explain');
    return { name: 'step-explain', json: { ...guidance, body: [...guidance.body, ...explanation.body], actions: explanation.actions ?? [] } };
  }
  const name = `forms/${step}` as const;
  const [form, note, repetition, formalReport] = [raw(name), raw('note'), raw('repetition'), raw('formal-report')];
  return {
    name,
    json: {
      ...guidance,
      body: [...guidance.body, ...form.body, ...note.body],
      actions: [...(form.actions ?? []), ...(note.actions ?? []), ...(repetition.actions ?? []), ...(formalReport.actions ?? [])],
    },
  };
}

/** Per content (a locale's texts), per variant and step: the template with its fixed text expanded. */
const stepTemplates = new WeakMap<object, Map<string, { name: string; template: Template }>>();

function stepTemplateOf(vm: StepCardModel): { name: string; template: Template } {
  const variant: StepVariant = vm.explanation.shown ? 'explained' : 'form';
  let forContent = stepTemplates.get(vm.content);
  if (!forContent) stepTemplates.set(vm.content, (forContent = new Map<string, { name: string; template: Template }>()));
  const key = `${variant}:${vm.step}`;
  let entry = forContent.get(key);
  if (!entry) {
    const { name, json } = composedStepTemplate(variant, vm.step);
    const fixed = JSON.stringify(new Template(holdPerTurn(json)).expand({ $root: vm }));
    // A fixed path the model left empty would stay in every later card: refuse it now, naming the template.
    const unexpanded = unexpandedIn(fixed);
    if (unexpanded !== null) throw new CardRenderError('unexpandedExpression', name, unexpanded);
    entry = { name, template: new Template(withoutDefaults(JSON.parse(fixed.replaceAll(HELD, '$')))) };
    forContent.set(key, entry);
  }
  return entry;
}

/**
 * Title, ladder, what to do now and the short checklist, then either the step's form and the note
 * or, after "Uitleg", the full guidance with a button back. The form's buttons come first; "it
 * happened again" (a card of its own, so the step's required inputs never block it) and "start a
 * formal report" are secondary (Teams puts them in the overflow menu). What depends only on the step
 * and the language is expanded once (above); a turn templates only its own values.
 */
export function renderStepCard(vm: StepCardModel): AdaptiveCardJson {
  const { name, template } = stepTemplateOf(vm);
  const card = template.expand({ $root: vm }) as AdaptiveCardJson;
  dropEmptyValues([card]);
  return checked(name, card);
}

const onePassTemplates = new Map<string, { name: string; template: Template }>();

/** The same card with the whole composed template expanded in one pass: what the cache must equal (tests). */
export function renderStepCardInOnePass(vm: StepCardModel): AdaptiveCardJson {
  const variant: StepVariant = vm.explanation.shown ? 'explained' : 'form';
  let entry = onePassTemplates.get(`${variant}:${vm.step}`);
  if (!entry) {
    const { name, json } = composedStepTemplate(variant, vm.step);
    onePassTemplates.set(`${variant}:${vm.step}`, (entry = { name, template: new Template(json) }));
  }
  const card = withoutDefaults(entry.template.expand({ $root: vm })) as AdaptiveCardJson;
  dropEmptyValues([card]);
  return checked(entry.name, card);
}
