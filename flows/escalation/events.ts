/**
 * The events of the escalation machine and the schemas that turn a card's submitted inputs into
 * them. Card inputs arrive as strings (Adaptive Cards submit `"true"`, `"a,b"`, `"2026-11-24"`),
 * so each schema coerces and validates; anything else is refused before the machine sees it.
 * The free-text `note` input is deliberately absent here: the bot strips it off and encrypts it.
 */
import { z } from 'zod';
import {
  ADDRESS_OUTCOMES,
  CATEGORIES,
  CLOSE_REASONS,
  FORMAL_REPORT_REASONS,
  NO_SANCTION_REASONS,
  OCCURRENCES,
  REPORT_OUTCOMES,
  REPORT_ROUTES,
  SANCTION_DECISIONS,
  SIGNAL_SOURCES,
  SUBJECTS,
} from './types';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'invalidDate',
  });

/** Toggles submit "true"/"false"; a missing toggle means false. */
const toggle = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .transform((v) => v === true || v === 'true');

/** Multi-select choice sets submit a comma-separated string. */
const multiChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(z.enum(values)).min(1))
    .transform((v) => [...new Set(v)]);

/** Events that carry nothing but their type and time (zod's `{}` output type is not a plain `{}`). */
const noInputs = z.object({}).transform((): {} => ({}));

/** Input schemas per event: the fields a card submits, keyed by event type. */
export const EVENT_INPUTS = {
  RECORD_SIGNAL: z.object({
    categories: multiChoice(CATEGORIES),
    source: z.enum(SIGNAL_SOURCES),
    signalDate: isoDate,
    occurrence: z.enum(OCCURRENCES),
    acute: toggle,
    subject: z.enum(SUBJECTS),
  }),
  RECORD_CONVERSATION: z.object({
    listened: toggle,
    acknowledged: toggle,
    approachAgreed: toggle,
    feedbackAgreed: toggle,
    confidentialityAgreed: toggle,
    consentFormal: toggle,
    consentTeamTalk: toggle,
    vertrouwenspersoonOffered: toggle,
  }),
  ADDRESS_PREPARED: z.object({ plannedOn: isoDate }),
  ADDRESS_HELD: z.object({
    heldOn: isoDate,
    otherSideHeard: toggle,
    outcome: z.enum(ADDRESS_OUTCOMES),
  }),
  SANCTION_DECIDED: z.object({
    hrConsulted: toggle,
    hearingHeld: toggle,
    decision: z.enum(SANCTION_DECISIONS),
    noSanctionReason: z.enum(NO_SANCTION_REASONS).optional().or(z.literal('').transform(() => undefined)),
  }),
  TEAM_TALK_HELD: z.object({ heldOn: isoDate, identifying: toggle, consent: toggle }),
  TEAM_TALK_SKIPPED: noInputs,
  START_FORMAL_REPORT: z.object({ reason: z.enum(FORMAL_REPORT_REASONS) }),
  CANCEL_FORMAL_REPORT: noInputs,
  FILE_REPORT: z.object({ route: z.enum(REPORT_ROUTES), filedOn: isoDate }),
  REPORT_ACKNOWLEDGED: z.object({ acknowledgedOn: isoDate }),
  REPORT_CONCLUDED: z.object({ outcome: z.enum(REPORT_OUTCOMES), concludedOn: isoDate }),
  CLOSE: z.object({ reason: z.enum(CLOSE_REASONS), aftercareAgreed: toggle }),
  REPORT_REPETITION: z.object({ signalDate: isoDate }),
} as const;

export type EventType = keyof typeof EVENT_INPUTS;
export const EVENT_TYPES = Object.keys(EVENT_INPUTS) as EventType[];

/** Every event carries the instant of the turn; the machine never reads a clock. */
type WithTime<T extends EventType> = { type: T; at: string } & z.output<(typeof EVENT_INPUTS)[T]>;
export type EscalationEvent = { [T in EventType]: WithTime<T> }[EventType];
export type EventOf<T extends EventType> = Extract<EscalationEvent, { type: T }>;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_INPUTS, value);
}

export type ParsedInputs =
  | { ok: true; event: EscalationEvent }
  | { ok: false; fields: string[] };

/**
 * Turns a card's inputs into a machine event. Unknown extra inputs are ignored (cards also submit
 * the free-text note and bookkeeping fields); wrong or missing ones are reported by field name so
 * the card can say which input to fix.
 */
export function parseEventInputs(type: EventType, inputs: Record<string, unknown>, at: string): ParsedInputs {
  const result = EVENT_INPUTS[type].safeParse(inputs);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? type)))];
    return { ok: false, fields };
  }
  return { ok: true, event: { ...result.data, type, at } as EscalationEvent };
}
