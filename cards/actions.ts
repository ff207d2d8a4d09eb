/**
 * The data every card button carries, in one place: the view models build it with the helpers
 * below and the bot parses what comes back with `parseActionData`. Teams merges the card's inputs
 * into the same object (Action.Submit) or into `value.action.data` (Action.Execute), so the parser
 * takes the bookkeeping fields it knows and hands everything else back as `inputs`.
 *
 * | kind      | fields                                   | what the bot does                            |
 * |-----------|------------------------------------------|----------------------------------------------|
 * | `step`    | caseId, revision, event, mv (+ card inputs) | applies `event` to the case if `revision` is current and the card is of machine version `mv` |
 * | `command` | command: new / cases / help / report     | the same as typing the command               |
 * | `open`    | caseId                                   | shows the current step card of that case     |
 * | `repeatAsk` | caseId                                 | asks when "it happened again" on an open case (owner only) |
 * | `explain` | caseId, revision, back: true (optional)  | the step card again in place: with the full guidance instead of the form, or back (owner only) |
 * | `snooze`  | reminderId, period: day / week           | sends the reminder again later (owner only)  |
 * | `dismiss` | reminderId                               | turns the reminder off (owner only)          |
 * | `digest`  | weekly: true / false                     | one weekly digest instead of separate reminders, or back |
 * | `appraisal` | step, event, token (+ reason, orgUnit) | one step of the appraisal prompt; counted once per token |
 * | `deleteAsk` | caseId                                 | asks to confirm deleting that case (owner only) |
 * | `deleteCase` | caseId, revision                      | deletes the case if `revision` is current (owner only) |
 * | `situation` | situation                                | a new case's signal card, pre-filled for that situation |
 * | `handoverAsk` | caseId                                | asks whether to hand that case over (owner only) |
 * | `handoverPropose` | caseId (+ includeNotes)           | makes a one-time hand-over code (owner only)  |
 * | `handoverCancel` | caseId                             | withdraws the case's pending code (owner only) |
 * | `handoverAccept` | token (the code), revision         | takes the case over if the code is valid and `revision` current |
 * | `unitAsk` | change: replace / add / remove (+ orgUnit) | asks to confirm that change of the manager's units |
 * | `unitConfirm` | change, unit                         | makes that change of the manager's units, audited |
 * | `teamPostSend` | form, locale (+ team, when, date, time) | sends the team-discussion agenda to a team, now or planned; once per form (bot/team-kit/) |
 * | `teamPostCancel` | post                               | cancels a planned agenda post (its requester only) |
 */
import { z } from 'zod';
import { EVENT_TYPES } from '../flows/escalation/events';
import type { EventType } from '../flows/escalation/events';
import { ESCALATION_MACHINE_VERSION } from '../flows/escalation/machine';
import { APPRAISAL_EVENT_TYPES, APPRAISAL_STEPS } from '../flows/appraisal/machine';
import type { AppraisalEventType, AppraisalStep } from '../flows/appraisal/machine';
import { SNOOZE_PERIODS } from '../flows/reminders';
import type { SnoozePeriod } from '../flows/reminders';
import { SITUATION_IDS } from '../flows/situations';
import type { SituationId } from '../flows/situations';
import { isPlainObject } from '../flows/plain-object';
import { LOCALES } from '../content/load';
import type { Locale } from '../content/load';

/** Marks a payload as ours and versions its shape. */
export const ACTION_DATA_VERSION = 1;

export const COMMANDS = ['new', 'cases', 'help', 'report', 'appraisal', 'reminders', 'hr', 'myData', 'delete', 'handover', 'takeOver', 'orgUnit'] as const;
export type Command = (typeof COMMANDS)[number];

export const CASE_ID_MAX_LENGTH = 64;
export const REVISION_MAX = 1_000_000;

const caseIdSchema = z
  .string()
  .min(1)
  .max(CASE_ID_MAX_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/);
const revisionSchema = z.number().int().min(0).max(REVISION_MAX);
const version = z.literal(ACTION_DATA_VERSION);

export const stepActionSchema = z.object({
  ew: version,
  kind: z.literal('step'),
  caseId: caseIdSchema,
  revision: revisionSchema,
  event: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  /** The machine version the card was made for; cards from before version 2 carry none. */
  mv: z.number().int().min(1).max(1000).optional(),
});
export const commandActionSchema = z.object({ ew: version, kind: z.literal('command'), command: z.enum(COMMANDS) });
export const openActionSchema = z.object({ ew: version, kind: z.literal('open'), caseId: caseIdSchema });
export const repeatAskActionSchema = z.object({ ew: version, kind: z.literal('repeatAsk'), caseId: caseIdSchema });
/** Revision 0 is a new case's first card, which exists only on the card until its signal is recorded. */
/**
 * "Uitleg" shows the guidance; `back: true` shows the form again. Cards sent before `back` existed
 * said `show: false` for that, and stay in the chat: read as the same.
 */
export const explainActionSchema = z.object({
  ew: version,
  kind: z.literal('explain'),
  caseId: caseIdSchema,
  revision: revisionSchema,
  back: z.literal(true).optional(),
  show: z.boolean().optional(),
});

/** Whether an "Uitleg" action asks for the form again rather than the guidance. */
export function asksForForm(action: z.output<typeof explainActionSchema>): boolean {
  return action.back === true || action.show === false;
}
/** Reminder ids and appraisal tokens are random base64url, like case ids. */
const reminderIdSchema = caseIdSchema;
const tokenSchema = caseIdSchema.min(16);
export const snoozeActionSchema = z.object({ ew: version, kind: z.literal('snooze'), reminderId: reminderIdSchema, period: z.enum(SNOOZE_PERIODS) });
export const dismissActionSchema = z.object({ ew: version, kind: z.literal('dismiss'), reminderId: reminderIdSchema });
export const digestActionSchema = z.object({ ew: version, kind: z.literal('digest'), weekly: z.boolean() });
export const appraisalActionSchema = z.object({
  ew: version,
  kind: z.literal('appraisal'),
  step: z.enum(APPRAISAL_STEPS),
  event: z.enum(APPRAISAL_EVENT_TYPES as [AppraisalEventType, ...AppraisalEventType[]]),
  token: tokenSchema,
});
export const deleteAskActionSchema = z.object({ ew: version, kind: z.literal('deleteAsk'), caseId: caseIdSchema });
export const deleteCaseActionSchema = z.object({ ew: version, kind: z.literal('deleteCase'), caseId: caseIdSchema, revision: revisionSchema.min(1) });
export const situationActionSchema = z.object({ ew: version, kind: z.literal('situation'), situation: z.enum(SITUATION_IDS) });
export const handoverAskActionSchema = z.object({ ew: version, kind: z.literal('handoverAsk'), caseId: caseIdSchema });
export const handoverProposeActionSchema = z.object({ ew: version, kind: z.literal('handoverPropose'), caseId: caseIdSchema });
export const handoverCancelActionSchema = z.object({ ew: version, kind: z.literal('handoverCancel'), caseId: caseIdSchema });
/** The code travels in the acceptance card's button, normalized (16 letters and digits): the card is in the new manager's own chat. */
export const handoverAcceptActionSchema = z.object({ ew: version, kind: z.literal('handoverAccept'), token: tokenSchema, revision: revisionSchema.min(1) });
/** A change of the manager's organisation units; the bot checks the unit against ORG_UNITS. */
export const UNIT_CHANGES = ['replace', 'add', 'remove'] as const;
export type UnitChange = (typeof UNIT_CHANGES)[number];
export const unitAskActionSchema = z.object({ ew: version, kind: z.literal('unitAsk'), change: z.enum(UNIT_CHANGES) });
export const unitConfirmActionSchema = z.object({ ew: version, kind: z.literal('unitConfirm'), change: z.enum(UNIT_CHANGES), unit: z.string().min(1).max(60) });
/** The team-discussion kit (bot/team-kit/): a form id is random base64url, used once; the agenda's language. */
export const teamPostSendActionSchema = z.object({ ew: version, kind: z.literal('teamPostSend'), form: tokenSchema, locale: z.enum(LOCALES) });
export const teamPostCancelActionSchema = z.object({ ew: version, kind: z.literal('teamPostCancel'), post: tokenSchema });
export const cardActionSchema = z.discriminatedUnion('kind', [
  stepActionSchema,
  commandActionSchema,
  openActionSchema,
  repeatAskActionSchema,
  explainActionSchema,
  snoozeActionSchema,
  dismissActionSchema,
  digestActionSchema,
  appraisalActionSchema,
  deleteAskActionSchema,
  deleteCaseActionSchema,
  situationActionSchema,
  handoverAskActionSchema,
  handoverProposeActionSchema,
  handoverCancelActionSchema,
  handoverAcceptActionSchema,
  unitAskActionSchema,
  unitConfirmActionSchema,
  teamPostSendActionSchema,
  teamPostCancelActionSchema,
]);

export type StepActionData = z.output<typeof stepActionSchema>;
export type CommandActionData = z.output<typeof commandActionSchema>;
export type OpenActionData = z.output<typeof openActionSchema>;
export type CardActionData = z.output<typeof cardActionSchema>;
export type AppraisalActionData = z.output<typeof appraisalActionSchema>;

/** The fields the parser takes; everything else in a payload is a card input. */
const BOOKKEEPING_FIELDS = new Set(['ew', 'kind', 'caseId', 'revision', 'event', 'mv', 'command', 'reminderId', 'period', 'weekly', 'step', 'token', 'situation', 'show', 'back', 'change', 'unit', 'form', 'locale', 'post']);

/**
 * Input values a button sets itself (a preset instead of a card input), e.g. the reason of a
 * "start a formal report" button. Only enumerated codes: never free text.
 */
export type PresetInputs = Readonly<Record<string, string>>;

/** What a card's Action.Execute and its Action.Submit fallback carry: the action and any presets. */
export type ActionPayload = CardActionData & { readonly [input: string]: unknown };

export function stepActionData(caseId: string, revision: number, event: EventType, preset: PresetInputs = {}): StepActionData & { readonly [input: string]: unknown } {
  return { ...preset, ew: ACTION_DATA_VERSION, kind: 'step', caseId, revision, event, mv: ESCALATION_MACHINE_VERSION };
}

export function commandActionData(command: Command): CommandActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'command', command };
}

export function openActionData(caseId: string): OpenActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'open', caseId };
}

/** "It happened again" on an open step: its own small card, so the step's required inputs never block it. */
export function repeatAskActionData(caseId: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'repeatAsk', caseId };
}

/**
 * "Uitleg": the step's full guidance in place of its form, or the form again (`back: true`). The
 * values the form was prefilled with travel along (enumerated codes and dates only), so the form
 * comes back as it was.
 */
export function explainActionData(caseId: string, revision: number, show: boolean, preset: PresetInputs = {}): ActionPayload {
  // Only the way back is marked: "Uitleg" is on every step card, so its data stays short.
  return { ...preset, ew: ACTION_DATA_VERSION, kind: 'explain', caseId, revision, ...(show ? {} : { back: true }) };
}

export function snoozeActionData(reminderId: string, period: SnoozePeriod): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'snooze', reminderId, period };
}

export function dismissActionData(reminderId: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'dismiss', reminderId };
}

export function digestActionData(weekly: boolean): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'digest', weekly };
}

export function appraisalActionData(
  step: AppraisalStep,
  event: AppraisalEventType,
  token: string,
  preset: PresetInputs = {},
): AppraisalActionData & { readonly [input: string]: unknown } {
  return { ...preset, ew: ACTION_DATA_VERSION, kind: 'appraisal', step, event, token };
}

export function deleteAskActionData(caseId: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'deleteAsk', caseId };
}

export function deleteCaseActionData(caseId: string, revision: number): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'deleteCase', caseId, revision };
}

export function handoverAskActionData(caseId: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'handoverAsk', caseId };
}

export function handoverProposeActionData(caseId: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'handoverPropose', caseId };
}

export function handoverCancelActionData(caseId: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'handoverCancel', caseId };
}

export function handoverAcceptActionData(code: string, revision: number): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'handoverAccept', token: code, revision };
}

export function unitAskActionData(change: UnitChange): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'unitAsk', change };
}

export function unitConfirmActionData(change: UnitChange, unit: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'unitConfirm', change, unit };
}

export function teamPostSendActionData(form: string, locale: Locale): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'teamPostSend', form, locale };
}

export function teamPostCancelActionData(post: string): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'teamPostCancel', post };
}

export function situationActionData(situation: SituationId): CardActionData {
  return { ew: ACTION_DATA_VERSION, kind: 'situation', situation };
}

/** The `verb` of an Action.Execute: readable in logs; the bot routes on the parsed data, not on this. */
export function actionVerb(data: CardActionData): string {
  switch (data.kind) {
    case 'step':
      return data.event;
    case 'command':
      return data.command;
    case 'open':
      return 'open';
    case 'repeatAsk':
      return 'repeat-ask';
    case 'explain':
      return asksForForm(data) ? 'explain-back' : 'explain';
    case 'snooze':
      return `snooze-${data.period}`;
    case 'dismiss':
      return 'dismiss';
    case 'digest':
      return data.weekly ? 'digest-weekly' : 'digest-separate';
    case 'appraisal':
      return data.event;
    case 'deleteAsk':
      return 'delete-ask';
    case 'deleteCase':
      return 'delete-confirm';
    case 'situation':
      return 'situation';
    case 'handoverAsk':
      return 'handover-ask';
    case 'handoverPropose':
      return 'handover-propose';
    case 'handoverCancel':
      return 'handover-cancel';
    case 'handoverAccept':
      return 'handover-accept';
    case 'unitAsk':
      return `unit-${data.change}`;
    case 'unitConfirm':
      return `unit-${data.change}-confirm`;
    case 'teamPostSend':
      return 'team-post-send';
    case 'teamPostCancel':
      return 'team-post-cancel';
  }
}

/** A button as the templates bind it: `title`, `verb` and `data` of an Action.Execute and its fallback. */
export interface CardButton {
  title: string;
  verb: string;
  data: ActionPayload;
}

/** A button; throws when `data` is not a valid action (a programming error, e.g. an oversized case id). */
export function cardButton(title: string, data: ActionPayload): CardButton {
  cardActionSchema.parse(data);
  return { title, verb: actionVerb(data), data };
}

export type ParsedAction =
  | { ok: true; action: CardActionData; inputs: Record<string, unknown> }
  | { ok: false; issues: string[] };

/**
 * Parses a submitted payload (card data merged with card inputs). Returns the typed action and the
 * remaining fields as `inputs`, or the issues (paths and messages, never values) when the payload
 * is not one of ours.
 */
export function parseActionData(value: unknown): ParsedAction {
  if (!isPlainObject(value)) return { ok: false, issues: ['(root): expected an object'] };
  const bookkeeping: Record<string, unknown> = {};
  const inputs: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (BOOKKEEPING_FIELDS.has(key)) bookkeeping[key] = field;
    else Object.defineProperty(inputs, key, { value: field, enumerable: true, writable: true, configurable: true });
  }
  const result = cardActionSchema.safeParse(bookkeeping);
  if (!result.success) {
    return { ok: false, issues: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`) };
  }
  return { ok: true, action: result.data, inputs };
}
