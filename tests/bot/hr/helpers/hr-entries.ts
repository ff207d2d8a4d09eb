/**
 * HR log entries as the bot writes them, from a walk through the real machine: each accepted
 * event's effects (flows/escalation/effects.ts) plus the org unit and ISO week the bot adds.
 */
import { dayOf, isoWeek } from '../../../../flows/calendar';
import { effectsOf } from '../../../../flows/escalation/effects';
import type { EscalationEvent } from '../../../../flows/escalation/events';
import { advance, startCase, stepOf } from '../../../../flows/escalation/ladder';
import { SAMPLE_EVENTS, SAMPLE_OPENED_AT } from '../../../../flows/escalation/explore';
import type { HrLogEntry } from '../../../../bot/store/case-store';

export function hrEntriesOf(events: readonly EscalationEvent[], orgUnit = 'Beleid'): HrLogEntry[] {
  let snapshot = startCase(SAMPLE_OPENED_AT);
  const entries: HrLogEntry[] = [];
  for (const event of events) {
    const result = advance(snapshot, event);
    if (!result.accepted) continue;
    snapshot = result.snapshot;
    const { hr } = effectsOf(event, snapshot.context, stepOf(snapshot));
    entries.push({ ...hr, orgUnit, isoWeek: isoWeek(dayOf(event.at)) });
  }
  return entries;
}

/** A random walk: each choice picks one of the sample events (refused ones leave no entry). */
export function randomWalkEntries(choices: readonly number[]): HrLogEntry[] {
  return hrEntriesOf(choices.map((choice) => SAMPLE_EVENTS[choice % SAMPLE_EVENTS.length]!));
}
