/**
 * Checks a card the way Teams will meet it: against the official Adaptive Card 1.5 JSON schema
 * (a copy in `cards/schema/`, with its source and licence) and through the `adaptivecards` parser,
 * plus walkers over a card's inputs and actions. Shared by the card tests and the bot tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { AdaptiveCard, SerializationContext } from 'adaptivecards';
import { parseActionData } from '../../cards/actions';
import type { CardActionData } from '../../cards/actions';

export const CARD_SCHEMA_PATH = path.resolve(__dirname, '..', '..', 'cards', 'schema', 'adaptive-card-1.5.schema.json');

let validator: ValidateFunction | undefined;

/**
 * Teams' documented extension of the root card (full chat width), which the official schema does
 * not know: it is checked on its own and left out of the schema check.
 */
export const TEAMS_FULL_WIDTH = { width: 'Full' };

/** Schema errors of a card as `path: message` lines; empty when the card is valid. */
export function schemaErrors(card: unknown): string[] {
  if (!validator) {
    // The schema only uses uri/uri-reference formats (icon and image URLs): accept any string there.
    const ajv = new Ajv({ strict: false, allErrors: false, formats: { uri: true, 'uri-reference': true } });
    ajv.addMetaSchema(draft06);
    // The official file names itself with draft-04's `id`; ajv 8 only knows draft-06's `$id`.
    const { id, ...schema } = JSON.parse(fs.readFileSync(CARD_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    validator = ajv.compile({ ...schema, $id: String(id) });
  }
  const { msteams, ...standard } = card as Record<string, unknown>;
  const teamsErrors = msteams === undefined || JSON.stringify(msteams) === JSON.stringify(TEAMS_FULL_WIDTH) ? [] : ['(root)/msteams: only { "width": "Full" } is used'];
  if (validator(standard)) return teamsErrors;
  return [...teamsErrors, ...(validator.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`)];
}

/** What the `adaptivecards` parser complains about (unknown elements, invalid values, duplicate ids …). */
export function parserEvents(card: unknown): string[] {
  const context = new SerializationContext();
  new AdaptiveCard().parse(card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    events.push(`${event.phase}/${event.event}: ${event.message}`);
  }
  return events;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every object in a card, depth first (elements, inputs, actions, fallbacks, show cards). */
export function cardObjects(card: unknown): Json[] {
  const found: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      found.push(node);
      Object.values(node).forEach(visit);
    }
  };
  visit(card);
  return found;
}

export function cardInputs(card: unknown): Json[] {
  return cardObjects(card).filter((o) => typeof o.type === 'string' && o.type.startsWith('Input.'));
}

/** Action.Execute buttons, not counting those that are another action's fallback. */
export function executeActions(card: unknown): Json[] {
  return cardObjects(card).filter((o) => o.type === 'Action.Execute');
}

/** Every action a user can press (including show cards), without fallbacks. */
export function cardActions(card: unknown): Json[] {
  const fallbacks = new Set(cardObjects(card).flatMap((o) => (isObject(o.fallback) ? [o.fallback] : [])));
  return cardObjects(card).filter((o) => typeof o.type === 'string' && o.type.startsWith('Action.') && !fallbacks.has(o));
}

/** An Action.Execute with the inputs it submits: its own card's and, in a show card, its parents'. */
export interface ExecuteScope {
  action: Json;
  inputs: Json[];
}

/** Objects of one card level: stops at show cards (their inputs are not submitted from above). */
function levelObjects(card: Json): { objects: Json[]; showCards: Json[] } {
  const objects: Json[] = [];
  const showCards: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      objects.push(node);
      for (const [key, value] of Object.entries(node)) {
        if (node.type === 'Action.ShowCard' && key === 'card' && isObject(value)) showCards.push(value);
        else if (key !== 'fallback') visit(value);
      }
    }
  };
  visit(card.body);
  visit(card.actions);
  return { objects, showCards };
}

export function executeScopes(card: unknown): ExecuteScope[] {
  const scopes: ExecuteScope[] = [];
  const visitCard = (level: Json, inherited: Json[]): void => {
    const { objects, showCards } = levelObjects(level);
    const inputs = [...inherited, ...objects.filter((o) => typeof o.type === 'string' && o.type.startsWith('Input.'))];
    for (const action of objects.filter((o) => o.type === 'Action.Execute')) {
      scopes.push({ action, inputs: String(action.associatedInputs).toLowerCase() === 'none' ? [] : inputs });
    }
    showCards.forEach((child) => visitCard(child, inputs));
  };
  if (isObject(card)) visitCard(card, []);
  return scopes;
}

/**
 * What every card the bot sends must satisfy, as a list of problems (empty when fine): version 1.5,
 * nothing left unexpanded, every input labelled with an error message, every button an
 * Action.Execute with a verb and data and an Action.Submit fallback carrying the same data (or an
 * Action.OpenUrl to an http(s) address), no duplicate input ids, and no parser complaints.
 */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = JSON.stringify(card);
  if (!isObject(card) || card.type !== 'AdaptiveCard' || card.version !== '1.5') problems.push('not an AdaptiveCard of version 1.5');
  if (json.includes('${')) problems.push(`unexpanded expression near ${json.slice(json.indexOf('${'), json.indexOf('${') + 60)}`);
  const ids = new Set<string>();
  for (const input of cardInputs(card)) {
    const id = String(input.id);
    if (typeof input.id !== 'string' || input.id === '') problems.push(`${String(input.type)} without id`);
    if (ids.has(id)) problems.push(`duplicate input id ${id}`);
    ids.add(id);
    // A toggle's title is the text beside its box and its accessible name: a statement needs no label besides it.
    const name = input.type === 'Input.Toggle' ? (input.label ?? input.title) : input.label;
    if (typeof name !== 'string' || name.trim() === '') problems.push(`input ${id} has no label`);
    // The host shows an error message only for a required input that is left empty; an optional one carries none.
    if (input.isRequired === true && (typeof input.errorMessage !== 'string' || input.errorMessage.trim() === '')) problems.push(`input ${id} has no errorMessage`);
  }
  for (const action of cardActions(card)) {
    const name = `${String(action.type)} "${String(action.title)}"`;
    if (typeof action.title !== 'string' || action.title.trim() === '') problems.push(`${String(action.type)} without title`);
    if (action.type === 'Action.ShowCard') continue;
    // A link out of Teams (the one-time download of `mijn gegevens`): a web address, nothing sent to the bot.
    if (action.type === 'Action.OpenUrl') {
      if (typeof action.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(action.url)) problems.push(`${name} has no http(s) url`);
      continue;
    }
    // Folds a part of the card open (the note): nothing sent to the bot; its targets must exist.
    if (action.type === 'Action.ToggleVisibility') {
      const ids = new Set(cardObjects(card).map((node) => node.id));
      const targets = Array.isArray(action.targetElements) ? action.targetElements : [];
      if (targets.length === 0 || targets.some((target) => !ids.has(typeof target === 'string' ? target : (target as Json)?.elementId))) {
        problems.push(`${name} toggles an element that is not on the card`);
      }
      continue;
    }
    if (action.type !== 'Action.Execute') {
      problems.push(`${name}: only Action.Execute (with a Submit fallback), Action.ShowCard, Action.ToggleVisibility and Action.OpenUrl are used`);
      continue;
    }
    if (typeof action.verb !== 'string' || action.verb === '') problems.push(`${name} has no verb`);
    if (!isObject(action.data)) problems.push(`${name} has no data object`);
    const fallback = action.fallback;
    if (!isObject(fallback) || fallback.type !== 'Action.Submit') problems.push(`${name} has no Action.Submit fallback`);
    else {
      if (JSON.stringify(fallback.data) !== JSON.stringify(action.data)) problems.push(`${name}: fallback data differs`);
      if (fallback.title !== action.title) problems.push(`${name}: fallback title differs`);
      if (associatedInputsOf(fallback) !== associatedInputsOf(action)) {
        problems.push(`${name}: fallback associatedInputs differ`);
      }
    }
  }
  problems.push(...parserEvents(card).map((event) => `parser: ${event}`));
  return problems;
}

/** The parsed action data of every Action.Execute of a card, in card order. */
export function actionDataOf(card: unknown): CardActionData[] {
  return executeActions(card).flatMap((action) => {
    const parsed = parseActionData(action.data);
    return parsed.ok ? [parsed.action] : [];
  });
}

/**
 * Registers the checks every rendered card must pass, one test per named card: the official
 * schema, `cardProblems`, and action data the bot parses back.
 */
export function checkEveryCard(cases: readonly (readonly [string, unknown])[]): void {
  it('every card validates against the official Adaptive Card 1.5 schema', () => {
    expect(cases.flatMap(([name, card]) => schemaErrors(card).map((e) => `${name}: ${e}`))).toEqual([]);
  });
  it.each(cases)('%s: a well-formed 1.5 card whose buttons carry parseable action data', (_name, card) => {
    expect(cardProblems(card)).toEqual([]);
    expect(actionDataOf(card)).toHaveLength(executeActions(card).length);
  });
}

/** An action's associatedInputs, compared case-insensitively; absent means Adaptive Cards' default 'auto'. */
function associatedInputsOf(action: Record<string, unknown>): string {
  return typeof action.associatedInputs === 'string' ? action.associatedInputs.toLowerCase() : 'auto';
}
