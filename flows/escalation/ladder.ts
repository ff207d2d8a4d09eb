/**
 * What the bot needs from the machine, without knowing XState: start a case, apply one event,
 * read the current step, and turn a snapshot into JSON and back.
 */
import { getNextTransitions, initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { ESCALATION_MACHINE_VERSION, escalationMachine, STEP_PATHS } from './machine';
import { migrateSnapshot } from './migrations';
import type { StoredSnapshot } from './migrations';
import type { EscalationEvent, EventType } from './events';
import { isEventType } from './events';
import { rejectionOf } from './rules';
import type { RejectionCode } from './rules';
import type { EscalationContext, IsoInstant, StepId } from './types';
import { STEP_IDS } from './types';

export type EscalationSnapshot = SnapshotFrom<typeof escalationMachine>;

/** The JSON form a snapshot is stored in (machine id and version are stored beside it). */
export interface PersistedEscalation {
  value: unknown;
  context: EscalationContext;
  status: 'active' | 'done';
}

export type Advance =
  | { accepted: true; snapshot: EscalationSnapshot }
  | { accepted: false; snapshot: EscalationSnapshot; rejection: RejectionCode | 'notAllowedHere' };

export function startCase(openedAt: IsoInstant): EscalationSnapshot {
  return initialTransition(escalationMachine, { openedAt })[0];
}

const PATH_TO_STEP = new Map<string, StepId>(STEP_IDS.map((step) => [STEP_PATHS[step], step]));

function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${flatten(child)}`;
}

export function stepOf(snapshot: EscalationSnapshot): StepId {
  const path = flatten(snapshot.value);
  const step = PATH_TO_STEP.get(path);
  if (!step) throw new Error(`Unknown state path ${path}`);
  return step;
}

/** Event types the current step offers (guards aside: those are checked when the event comes). */
export function offeredEvents(snapshot: EscalationSnapshot): EventType[] {
  return [...new Set(getNextTransitions(snapshot).map((t): unknown => t.eventType))].filter(isEventType);
}

/**
 * Applies one event. An event the step does not offer, or one a rule refuses, leaves the snapshot
 * as it was and says why, so the bot can explain it and change nothing.
 */
export function advance(snapshot: EscalationSnapshot, event: EscalationEvent): Advance {
  if (!offeredEvents(snapshot).includes(event.type)) return { accepted: false, snapshot, rejection: 'notAllowedHere' };
  const rejection = rejectionOf(event, snapshot.context);
  if (rejection) return { accepted: false, snapshot, rejection };
  const [next] = transition(escalationMachine, snapshot, event);
  // An event no branch takes would leave the case where it was: say so rather than pretend.
  if (next === snapshot || (JSON.stringify(next.value) === JSON.stringify(snapshot.value) && next.context === snapshot.context)) {
    return { accepted: false, snapshot, rejection: 'notAllowedHere' };
  }
  return { accepted: true, snapshot: next };
}

export function persist(snapshot: EscalationSnapshot): PersistedEscalation {
  return {
    value: JSON.parse(JSON.stringify(snapshot.value)) as unknown,
    context: JSON.parse(JSON.stringify(snapshot.context)) as EscalationContext,
    status: snapshot.status === 'done' ? 'done' : 'active',
  };
}

/**
 * A stored snapshot, of whatever version, as this machine's state. Older versions are migrated
 * (migrations.ts); a newer version throws UnknownMachineVersionError, which the bot answers with
 * "try again shortly".
 */
export function restore(persisted: StoredSnapshot, machineVersion: number = ESCALATION_MACHINE_VERSION): EscalationSnapshot {
  const current = migrateSnapshot(persisted, machineVersion, ESCALATION_MACHINE_VERSION) as PersistedEscalation;
  return escalationMachine.resolveState({ value: current.value as EscalationSnapshot['value'], context: current.context });
}
