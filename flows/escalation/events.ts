/**
 * The events of the escalation machine and the schemas that turn a card's submitted inputs into
 * them. Card inputs arrive as strings (Adaptive Cards submit `"true"`, `"a,b"`, `"2026-11-24"`),
 * so each schema coerces and validates; anything else is refused before the machine sees it.
 * The free-text `note` input is deliberately absent here: the bot strips it off and encrypts it.
 */
import { z } from 'zod';
import {
  ADDRESS_OUTCOMES,
  AFFECTED_PARTIES,
  CATEGORIES,
  CLOSE_REASONS,
  CONSULTED_PARTIES,
  EXTERNAL_PARTY_MEASURES,
  EXTERNAL_WORKER_MEASURES,
  FACT_FINDINGS,
  FORMAL_REPORT_REASONS,
  NO_SANCTION_REASONS,
  OCCURRENCES,
  PERPETRATORS,
  REPORT_OUTCOMES,
  REPORT_ROUTES,
  SANCTION_DECISIONS,
  SIGNAL_SOURCES,
  STRUCTURAL_MEASURES,
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

/**
 * A yes/no question that must be answered (a choice set of "true"/"false"): unlike a toggle, an
 * unanswered question is not read as "no".
 */
const yesNo = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A choice that may be left empty: Adaptive Cards submit "" for an unanswered choice set. */
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().or(z.literal('').transform(() => undefined));

/** Multi-select choice sets submit a comma-separated string. */
const multiChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(z.enum(values)).min(1))
    .transform((v) => [...new Set(v)]);

/** Events that carry nothing but their type and time (zod's `{}` output type is not a plain `{}`). */
const noInputs = z.object({}).transform((): Record<never, never> => ({}));

/** Input schemas per event: the fields a card submits, keyed by event type. */
export const EVENT_INPUTS = {
  RECORD_SIGNAL: z.object({
    categories: multiChoice(CATEGORIES),
    source: z.enum(SIGNAL_SOURCES),
    signalDate: isoDate,
    occurrence: z.enum(OCCURRENCES),
    acute: yesNo,
    perpetrator: z.enum(PERPETRATORS),
    affected: z.enum(AFFECTED_PARTIES),
  }),
  SAFETY_ENSURED: z.object({
    separated: toggle,
    emergencyServicesCalled: toggle,
    hrInformed: toggle,
    ownManagerInformed: toggle,
  }),
  RECORD_CONVERSATION: z.object({
    listened: toggle,
    acknowledged: toggle,
    approachAgreed: yesNo,
    feedbackAgreed: toggle,
    confidentialityAgreed: toggle,
    consentFormal: toggle,
    consentTeamTalk: toggle,
    vertrouwenspersoonOffered: toggle,
    sickLeave: toggle,
  }),
  EMPLOYEE_AGREES: z.object({ agreedOn: isoDate }),
  SUPPORT_ENDED: noInputs,
  ADDRESS_PREPARED: z.object({ plannedOn: isoDate }),
  ADDRESS_HELD: z.object({
    heldOn: isoDate,
    otherSideHeard: toggle,
    outcome: z.enum(ADDRESS_OUTCOMES),
  }),
  FACTS_ESTABLISHED: z.object({ consultedWith: z.enum(CONSULTED_PARTIES), finding: z.enum(FACT_FINDINGS) }),
  SANCTION_DECIDED: z.object({
    consultedWith: optionalChoice(CONSULTED_PARTIES),
    hearingOffered: toggle,
    decision: z.enum(SANCTION_DECISIONS),
    noSanctionReason: optionalChoice(NO_SANCTION_REASONS),
  }),
  HANDED_OVER: z.object({ contactedOn: isoDate, informAgreed: toggle }),
  HAND_OVER_FOLLOWED_UP: z.object({ handled: yesNo }),
  EXTERNAL_PARTY_HANDLED: z.object({ partyMeasures: multiChoice(EXTERNAL_PARTY_MEASURES) }),
  EXTERNAL_WORKER_HANDLED: z.object({ workerMeasures: multiChoice(EXTERNAL_WORKER_MEASURES) }),
  STRUCTURAL_RAISED: z.object({ structuralMeasures: multiChoice(STRUCTURAL_MEASURES) }),
  TEAM_TALK_HELD: z.object({ heldOn: isoDate, identifying: toggle, consent: toggle }),
  TEAM_TALK_SKIPPED: noInputs,
  START_FORMAL_REPORT: z.object({ reason: z.enum(FORMAL_REPORT_REASONS) }),
  CANCEL_FORMAL_REPORT: noInputs,
  FILE_REPORT: z.object({ route: z.enum(REPORT_ROUTES), filedOn: isoDate }),
  REPORT_ACKNOWLEDGED: z.object({ acknowledgedOn: isoDate }),
  REPORT_CONCLUDED: z.object({ outcome: z.enum(REPORT_OUTCOMES), concludedOn: isoDate }),
  CLOSE: z.object({ reason: z.enum(CLOSE_REASONS), aftercareAgreed: toggle }),
  REPORT_REPETITION: z.object({ signalDate: isoDate, samePerson: yesNo }),
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
