/**
 * Walks the ladder with a representative set of events so that tools can reach every step: the
 * card gallery that content owners review, and the model-based tests. Pure and deterministic.
 */
import { getShortestPaths } from 'xstate/graph';
import { escalationMachine } from './machine';
import type { EscalationEvent, EventOf } from './events';
import { stepOf } from './ladder';
import { firstStepOf } from './rules';
import type { EscalationSnapshot } from './ladder';
import type { StepId } from './types';

export const SAMPLE_OPENED_AT = '2026-11-02T09:00:00.000Z';
const at = '2026-11-03T10:00:00.000Z';

const signal: EventOf<'RECORD_SIGNAL'> = {
  type: 'RECORD_SIGNAL',
  at,
  categories: ['remarkOrJoke'],
  source: 'affectedEmployee',
  signalDate: '2026-11-02',
  occurrence: 'first',
  acute: false,
  perpetrator: 'teamMember',
  affected: 'teamMember',
};

const conversation: EventOf<'RECORD_CONVERSATION'> = {
  type: 'RECORD_CONVERSATION',
  at,
  listened: true,
  acknowledged: true,
  approachAgreed: true,
  feedbackAgreed: true,
  confidentialityAgreed: true,
  consentFormal: true,
  consentTeamTalk: true,
  vertrouwenspersoonOffered: true,
  sickLeave: false,
};

/** One event per branch of every transition, including the ones the rules refuse. */
export const SAMPLE_EVENTS: readonly EscalationEvent[] = [
  { ...signal, categories: ['remarkOrJoke'] },
  { ...signal, acute: true, categories: ['insult'] },
  { ...signal, perpetrator: 'self' },
  { ...signal, perpetrator: 'ownManager' },
  { ...signal, perpetrator: 'self', affected: 'self' },
  { ...signal, perpetrator: 'otherTeam' },
  { ...signal, perpetrator: 'hrStaff' },
  { ...signal, affected: 'self' },
  { ...signal, perpetrator: 'citizen' },
  { ...signal, perpetrator: 'externalWorker' },
  { ...signal, perpetrator: 'ruleOrProcedure', affected: 'applicant' },
  { ...signal, perpetrator: 'groupOrUnknown', affected: 'groupOrTeam' },
  { ...signal, affected: 'citizen' },
  { ...signal, source: 'anonymous' },
  { type: 'SAFETY_ENSURED', at, separated: true, emergencyServicesCalled: false, hrInformed: true, ownManagerInformed: true },
  conversation,
  { ...conversation, approachAgreed: false, consentFormal: false },
  { type: 'EMPLOYEE_AGREES', at, agreedOn: '2026-11-09' },
  { type: 'SUPPORT_ENDED', at },
  { type: 'ADDRESS_PREPARED', at, plannedOn: '2026-11-04' },
  { type: 'ADDRESS_HELD', at, heldOn: '2026-11-05', otherSideHeard: true, outcome: 'stopped' },
  { type: 'ADDRESS_HELD', at, heldOn: '2026-11-05', otherSideHeard: true, outcome: 'denied' },
  { type: 'ADDRESS_HELD', at, heldOn: '2026-11-05', otherSideHeard: false, outcome: 'repeated' },
  { type: 'FACTS_ESTABLISHED', at, consultedWith: 'integrityCoordinator', finding: 'confirmed' },
  { type: 'FACTS_ESTABLISHED', at, consultedWith: 'hrAdviser', finding: 'notConfirmed' },
  { type: 'SANCTION_DECIDED', at, consultedWith: 'hrAdviser', hearingOffered: true, decision: 'punishment' },
  { type: 'SANCTION_DECIDED', at, hearingOffered: true, decision: 'punishment' },
  { type: 'SANCTION_DECIDED', at, consultedWith: 'integrityCoordinator', hearingOffered: false, decision: 'punishment' },
  { type: 'SANCTION_DECIDED', at, consultedWith: 'hrAdviser', hearingOffered: false, decision: 'none' },
  { type: 'HANDED_OVER', at, contactedOn: '2026-11-04', informAgreed: true },
  { type: 'HAND_OVER_FOLLOWED_UP', at, handled: true },
  { type: 'HAND_OVER_FOLLOWED_UP', at, handled: false },
  { type: 'EXTERNAL_PARTY_HANDLED', at, partyMeasures: ['warning', 'employeeSupported'] },
  { type: 'EXTERNAL_WORKER_HANDLED', at, workerMeasures: ['agencyInformed'] },
  { type: 'STRUCTURAL_RAISED', at, structuralMeasures: ['processOwnerInformed', 'integrityCoordinatorInformed'] },
  { type: 'TEAM_TALK_HELD', at, heldOn: '2026-11-10', identifying: false, consent: false },
  { type: 'TEAM_TALK_HELD', at, heldOn: '2026-11-10', identifying: true, consent: false },
  { type: 'TEAM_TALK_SKIPPED', at },
  { type: 'START_FORMAL_REPORT', at, reason: 'serious' },
  { type: 'START_FORMAL_REPORT', at, reason: 'affectedWants' },
  { type: 'CANCEL_FORMAL_REPORT', at },
  { type: 'FILE_REPORT', at, route: 'integrity', filedOn: '2026-11-06' },
  { type: 'REPORT_ACKNOWLEDGED', at, acknowledgedOn: '2026-11-09' },
  { type: 'REPORT_CONCLUDED', at, outcome: 'upheld', concludedOn: '2027-01-15' },
  { type: 'CLOSE', at, reason: 'behaviourStopped', aftercareAgreed: true },
  { type: 'REPORT_REPETITION', at, signalDate: '2026-12-01', samePerson: true },
  { type: 'REPORT_REPETITION', at, signalDate: '2026-12-01', samePerson: false },
];

/**
 * States differ for the ladder when their step or what decides the next step differs; the rest of
 * the context (dates, agreements) does not change where the case can go.
 */
function serializeForGraph(snapshot: EscalationSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.highestRung,
    c.signal?.acute ?? null,
    c.route ?? null,
    c.signal ? firstStepOf(c) : null,
    c.agreements?.consentFormal ?? null,
    c.formalReport?.returnTo ?? null,
  ]);
}

export interface ReachableState {
  step: StepId;
  snapshot: EscalationSnapshot;
  path: EscalationEvent[];
}

/** Every distinct reachable state with the shortest event path that leads to it. */
export function reachableStates(): ReachableState[] {
  return getShortestPaths(escalationMachine, {
    input: { openedAt: SAMPLE_OPENED_AT },
    events: SAMPLE_EVENTS,
    serializeState: (snapshot) => serializeForGraph(snapshot),
  }).map((path) => ({
    step: stepOf(path.state),
    snapshot: path.state,
    path: path.steps.map((s) => s.event).filter((e) => (e.type as string) !== 'xstate.init'),
  }));
}

/** One representative state per step: the one reached by the shortest path. */
export function representativeStates(): Map<StepId, ReachableState> {
  const byStep = new Map<StepId, ReachableState>();
  for (const state of reachableStates().sort((a, b) => a.path.length - b.path.length)) {
    if (!byStep.has(state.step)) byStep.set(state.step, state);
  }
  return byStep;
}
