/**
 * What the bot needs from the appraisal machine, without knowing XState: the snapshot a card was
 * rendered at, the events a step offers, one transition, and what a finished prompt counts as.
 */
import { getNextTransitions, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { APPRAISAL_EVENT_INPUTS, appraisalMachine } from './machine';
import type { AppraisalEvent, AppraisalEventType, AppraisalOutcome, AppraisalStep } from './machine';

export type AppraisalSnapshot = SnapshotFrom<typeof appraisalMachine>;

/** The snapshot of a card's step: nothing else is known (nothing is stored). */
export function appraisalAt(step: AppraisalStep): AppraisalSnapshot {
  return appraisalMachine.resolveState({ value: step, context: { outcome: null } });
}

export function appraisalStepOf(snapshot: AppraisalSnapshot): AppraisalStep {
  return snapshot.value;
}

export function offeredAppraisalEvents(snapshot: AppraisalSnapshot): AppraisalEventType[] {
  return [...new Set(getNextTransitions(snapshot).map((t) => t.eventType as AppraisalEventType))];
}

export type AppraisalInputs = { ok: true; event: AppraisalEvent } | { ok: false; fields: string[] };

/** A card's inputs as an event; wrong or missing inputs are named, never echoed. */
export function parseAppraisalInputs(type: AppraisalEventType, inputs: Record<string, unknown>): AppraisalInputs {
  const result = APPRAISAL_EVENT_INPUTS[type].safeParse(inputs);
  if (!result.success) return { ok: false, fields: [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? type)))] };
  return { ok: true, event: { ...result.data, type } as AppraisalEvent };
}

export type AppraisalAdvance = { accepted: true; snapshot: AppraisalSnapshot } | { accepted: false; snapshot: AppraisalSnapshot };

export function advanceAppraisal(snapshot: AppraisalSnapshot, event: AppraisalEvent): AppraisalAdvance {
  if (!offeredAppraisalEvents(snapshot).includes(event.type)) return { accepted: false, snapshot };
  return { accepted: true, snapshot: transition(appraisalMachine, snapshot, event)[0] };
}

/** The counters a finished prompt adds to; null while nothing is recorded. */
export function appraisalOutcomeOf(snapshot: AppraisalSnapshot): AppraisalOutcome | null {
  return snapshot.status === 'done' ? snapshot.context.outcome : null;
}

/** Something was signalled or experienced: the bot offers to start a case with that source. */
export function offersCase(snapshot: AppraisalSnapshot): boolean {
  return appraisalStepOf(snapshot) === 'askedSignalled';
}
