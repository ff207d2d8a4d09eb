/** Test helper: walk the ladder with events and fail loudly when one is refused. */
import { advance, startCase, stepOf } from '../../../flows/escalation/ladder';
import type { EscalationSnapshot } from '../../../flows/escalation/ladder';
import type { EscalationEvent } from '../../../flows/escalation/events';
import { SAMPLE_EVENTS, SAMPLE_OPENED_AT } from '../../../flows/escalation/explore';

export function walk(events: readonly EscalationEvent[], from: EscalationSnapshot = startCase(SAMPLE_OPENED_AT)): EscalationSnapshot {
  return events.reduce((snapshot, event) => {
    const result = advance(snapshot, event);
    if (!result.accepted) throw new Error(`${event.type} refused in ${stepOf(snapshot)}: ${result.rejection}`);
    return result.snapshot;
  }, from);
}

/** The first sample event of a type that matches `extra` (samples cover every branch). */
export function sample<T extends EscalationEvent['type']>(type: T, extra: Partial<Extract<EscalationEvent, { type: T }>> = {}) {
  const base = SAMPLE_EVENTS.find((e) => e.type === type && Object.entries(extra).every(([k, v]) => JSON.stringify((e as Record<string, unknown>)[k]) === JSON.stringify(v)));
  return { ...(base ?? SAMPLE_EVENTS.find((e) => e.type === type)!), ...extra } as Extract<EscalationEvent, { type: T }>;
}
