/**
 * The rules the ladder enforces, as plain predicates. The machine's guards call these, and the bot
 * calls `rejectionOf` to tell the manager *why* a step cannot be recorded — one rule, one place.
 */
import type { EscalationContext, EnforcementRung } from './types';
import { ENFORCEMENT_RUNGS } from './types';
import type { EventOf } from './events';

export type RejectionCode = 'hrNotConsulted' | 'hearingRequired' | 'noSanctionReasonRequired' | 'teamConsentRequired';

/** People decide on sanctions, never without HR/P&O; a punishment always follows a hearing (CAO Rijk 15). */
export function sanctionDecisionProblem(event: EventOf<'SANCTION_DECIDED'>): RejectionCode | null {
  if (!event.hrConsulted) return 'hrNotConsulted';
  if (event.decision === 'punishment' && !event.hearingHeld) return 'hearingRequired';
  if (event.decision === 'none' && !event.noSanctionReason) return 'noSanctionReasonRequired';
  return null;
}

/** A team discussion the team could trace back to the affected employee needs their consent. */
export function teamTalkProblem(event: EventOf<'TEAM_TALK_HELD'>): RejectionCode | null {
  return event.identifying && !event.consent ? 'teamConsentRequired' : null;
}

/** Nobody manages a case about themselves or about their own manager. */
export function routesAway(event: EventOf<'RECORD_SIGNAL'>): boolean {
  return event.subject === 'self' || event.subject === 'ownManager';
}

/** Acute or unsafe situations skip the corrective conversation and go to HR at once. */
export function isAcute(context: EscalationContext): boolean {
  return context.signal?.acute === true;
}

/** Repetition after closing: one enforcement rung above the highest reached, at most a formal report. */
export function reopenRung(context: EscalationContext): Exclude<EnforcementRung, 'signal'> {
  const next = ENFORCEMENT_RUNGS[Math.min(ENFORCEMENT_RUNGS.indexOf(context.highestRung) + 1, ENFORCEMENT_RUNGS.length - 1)];
  return next === 'signal' || next === undefined ? 'address' : next;
}

export function higherRung(a: EnforcementRung, b: EnforcementRung): EnforcementRung {
  return ENFORCEMENT_RUNGS.indexOf(a) >= ENFORCEMENT_RUNGS.indexOf(b) ? a : b;
}
