/**
 * The rules the ladder enforces, as plain predicates. The machine's guards call these, and the bot
 * calls `rejectionOf` to tell the manager *why* a step cannot be recorded — one rule, one place.
 */
import type { AffectedParty, EscalationContext, EnforcementRung, Perpetrator, RouteKind, StepId } from './types';
import { ENFORCEMENT_RUNGS } from './types';
import type { EscalationEvent, EventOf } from './events';

export type RejectionCode =
  | 'hrNotConsulted'
  | 'hearingRequired'
  | 'noSanctionReasonRequired'
  | 'teamConsentRequired'
  | 'impossibleCombination'
  | 'formalConsentRequired'
  | 'otherPersonNewCase';

/**
 * Pairs of "who did it" and "who was hit" that cannot both be true. A manager cannot hit
 * themselves; a rule or an unknown author is no person who can be the manager too.
 */
const IMPOSSIBLE_PAIRS: ReadonlyArray<readonly [Perpetrator, AffectedParty]> = [['self', 'self']];

export function isImpossiblePair(perpetrator: Perpetrator, affected: AffectedParty): boolean {
  return IMPOSSIBLE_PAIRS.some(([p, a]) => p === perpetrator && a === affected);
}

/**
 * The route follows who did it; who was hit only changes it when the manager was hit themselves
 * (then their own manager corrects the person who did it: a hand-over, like another team).
 */
export function routeOf(perpetrator: Perpetrator, affected: AffectedParty): RouteKind {
  switch (perpetrator) {
    case 'self':
    case 'ownManager':
      return 'routedAway';
    case 'citizen':
    case 'externalWorker':
      return 'external';
    case 'groupOrUnknown':
    case 'ruleOrProcedure':
      return 'structural';
    case 'otherTeam':
    case 'hrStaff':
      return 'handOver';
    case 'teamMember':
      return affected === 'self' ? 'handOver' : 'ownTeam';
  }
}

/** The first step of each route after the signal (and after the safety step, when acute). */
export function firstStepOf(context: EscalationContext): StepId {
  const signal = context.signal!;
  switch (context.route ?? routeOf(signal.perpetrator, signal.affected)) {
    case 'routedAway':
      return 'managerIsSubject';
    case 'handOver':
      return 'handOver';
    case 'structural':
      return 'structural';
    case 'external':
      return signal.perpetrator === 'citizen' ? 'externalParty' : 'externalWorker';
    case 'ownTeam':
      return hasConversationWithAffected(context) ? 'signalConversation' : context.signal!.acute ? 'sanction' : 'addressPrepare';
  }
}

/**
 * The conversation with the affected employee happens when there is one to talk to: an employee of
 * the team was hit and the signal is not anonymous (nobody tries to find out who reported).
 */
export function hasConversationWithAffected(context: EscalationContext): boolean {
  return context.signal?.affected === 'teamMember' && context.signal.source !== 'anonymous';
}

/** People decide on sanctions, never without HR/P&O or the integrity coordinator (CAO Rijk 15). */
export function sanctionDecisionProblem(event: EventOf<'SANCTION_DECIDED'>): RejectionCode | null {
  if (!event.consultedWith) return 'hrNotConsulted';
  // The employee must have had the chance to be heard; a hearing they decline does not block.
  if (event.decision === 'punishment' && !event.hearingOffered) return 'hearingRequired';
  if (event.decision === 'none' && !event.noSanctionReason) return 'noSanctionReasonRequired';
  return null;
}

/**
 * A team discussion the team could trace back to the affected employee needs their consent. The
 * consent asked in the first conversation counts; it is only asked on the team-talk card when no
 * conversation recorded it.
 */
export function teamTalkProblem(event: EventOf<'TEAM_TALK_HELD'>, context: EscalationContext): RejectionCode | null {
  const consent = context.agreements ? context.agreements.consentTeamTalk : event.consent;
  return event.identifying && !consent ? 'teamConsentRequired' : null;
}

/** A formal report "because the employee wants it" needs that wish recorded in the conversation. */
export function formalReportProblem(event: EventOf<'START_FORMAL_REPORT'>, context: EscalationContext): RejectionCode | null {
  return event.reason === 'affectedWants' && context.agreements?.consentFormal !== true ? 'formalConsentRequired' : null;
}

/** The same behaviour by the same person escalates this case; another person's behaviour is a case of its own. */
export function repetitionProblem(event: EventOf<'REPORT_REPETITION'>): RejectionCode | null {
  return event.samePerson ? null : 'otherPersonNewCase';
}

export function signalProblem(event: EventOf<'RECORD_SIGNAL'>): RejectionCode | null {
  return isImpossiblePair(event.perpetrator, event.affected) ? 'impossibleCombination' : null;
}

/** Every rule that can refuse an event, by event; the machine's guards and the bot both ask here. */
export function rejectionOf(event: EscalationEvent, context: EscalationContext): RejectionCode | null {
  switch (event.type) {
    case 'RECORD_SIGNAL':
      return signalProblem(event);
    case 'SANCTION_DECIDED':
      return sanctionDecisionProblem(event);
    case 'TEAM_TALK_HELD':
      return teamTalkProblem(event, context);
    case 'START_FORMAL_REPORT':
      return formalReportProblem(event, context);
    case 'REPORT_REPETITION':
      return repetitionProblem(event);
    default:
      return null;
  }
}

/** Nobody manages a case about themselves or about their own manager. */
export function routesAway(event: EventOf<'RECORD_SIGNAL'>): boolean {
  return routeOf(event.perpetrator, event.affected) === 'routedAway';
}

/** Acute or unsafe situations go to the safety step first, and from the conversation to HR at once. */
export function isAcute(context: EscalationContext): boolean {
  return context.signal?.acute === true;
}

/** Repetition: one enforcement rung above the highest reached, at most a formal report. */
export function reopenRung(context: EscalationContext): Exclude<EnforcementRung, 'signal'> {
  const next = ENFORCEMENT_RUNGS[Math.min(ENFORCEMENT_RUNGS.indexOf(context.highestRung) + 1, ENFORCEMENT_RUNGS.length - 1)];
  return next === 'signal' || next === undefined ? 'address' : next;
}

export function higherRung(a: EnforcementRung, b: EnforcementRung): EnforcementRung {
  return ENFORCEMENT_RUNGS.indexOf(a) >= ENFORCEMENT_RUNGS.indexOf(b) ? a : b;
}
