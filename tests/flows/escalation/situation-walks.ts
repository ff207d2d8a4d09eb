/**
 * Test data: each of the twenty situations (flows/situations.ts) as a manager walks it on the cards,
 * from the signal card to the end of its route, with the card inputs as strings (as Teams submits
 * them). Shared by the machine-and-cards walk and the walks over the bot's HTTP endpoint.
 */
import type { EventType } from '../../../flows/escalation/events';
import type { RouteKind, StepId } from '../../../flows/escalation/types';
import type { SituationId } from '../../../flows/situations';

export interface CardSubmit {
  event: EventType;
  inputs: Record<string, string>;
  /** The step whose card offers this button. */
  on: StepId;
}

export interface SituationWalk {
  route: RouteKind;
  submits: CardSubmit[];
  /** Where the walk ends: closed, or routed away. */
  end: StepId;
}

const signal = (inputs: Record<string, string> = {}): CardSubmit => ({
  event: 'RECORD_SIGNAL',
  on: 'signalRecord',
  inputs: {
    acute: 'false',
    perpetrator: 'teamMember',
    affected: 'teamMember',
    categories: 'remarkOrJoke',
    source: 'affectedEmployee',
    signalDate: '2026-11-02',
    occurrence: 'first',
    ...inputs,
  },
});
const conversation = (inputs: Record<string, string> = {}): CardSubmit => ({
  event: 'RECORD_CONVERSATION',
  on: 'signalConversation',
  inputs: {
    listened: 'true',
    acknowledged: 'true',
    approachAgreed: 'true',
    feedbackAgreed: 'true',
    confidentialityAgreed: 'true',
    consentFormal: 'true',
    consentTeamTalk: 'true',
    vertrouwenspersoonOffered: 'true',
    sickLeave: 'false',
    ...inputs,
  },
});
const prepared: CardSubmit = { event: 'ADDRESS_PREPARED', on: 'addressPrepare', inputs: { plannedOn: '2026-11-04' } };
const held = (outcome: string, on: StepId = 'addressConversation'): CardSubmit => ({ event: 'ADDRESS_HELD', on, inputs: { heldOn: '2026-11-05', otherSideHeard: 'true', outcome } });
const teamTalkSkipped: CardSubmit = { event: 'TEAM_TALK_SKIPPED', on: 'teamTalk', inputs: {} };
const close = (reason: string): CardSubmit => ({ event: 'CLOSE', on: 'closing', inputs: { reason, aftercareAgreed: 'true' } });
const sanction: CardSubmit = { event: 'SANCTION_DECIDED', on: 'sanction', inputs: { consultedWith: 'hrAdviser', hearingOffered: 'true', decision: 'punishment' } };
const handOver = (on: StepId = 'handOver'): CardSubmit[] => [
  { event: 'HANDED_OVER', on, inputs: { contactedOn: '2026-11-03', informAgreed: 'true' } },
  { event: 'HAND_OVER_FOLLOWED_UP', on: 'handOverFollowUp', inputs: { handled: 'true' } },
  close('handedOver'),
];
const ladder = (conversationInputs: Record<string, string> = {}): CardSubmit[] => [conversation(conversationInputs), prepared, held('stopped'), teamTalkSkipped, close('behaviourStopped')];
const ladderWithoutConversation: CardSubmit[] = [prepared, held('stopped'), teamTalkSkipped, close('behaviourStopped')];

export const SITUATION_WALKS: Record<SituationId, SituationWalk> = {
  ownTeam: { route: 'ownTeam', submits: [signal(), ...ladder()], end: 'closed' },
  employeeWantsNoAction: {
    route: 'ownTeam',
    submits: [
      signal(),
      conversation({ approachAgreed: 'false', consentFormal: 'false' }),
      { event: 'EMPLOYEE_AGREES', on: 'supportOnly', inputs: { agreedOn: '2026-11-16' } },
      prepared,
      held('stopped'),
      teamTalkSkipped,
      close('behaviourStopped'),
    ],
    end: 'closed',
  },
  acute: {
    route: 'ownTeam',
    submits: [
      signal({ acute: 'true', categories: 'insult' }),
      { event: 'SAFETY_ENSURED', on: 'safety', inputs: { separated: 'true', emergencyServicesCalled: 'false', hrInformed: 'true', ownManagerInformed: 'true' } },
      { ...conversation(), on: 'signalConversation' },
      sanction,
      teamTalkSkipped,
      close('sanctionDecided'),
    ],
    end: 'closed',
  },
  otherTeam: { route: 'handOver', submits: [signal({ perpetrator: 'otherTeam' }), ...handOver()], end: 'closed' },
  ownManager: { route: 'routedAway', submits: [signal({ perpetrator: 'ownManager' })], end: 'managerIsSubject' },
  managerAccused: { route: 'routedAway', submits: [signal({ perpetrator: 'self' })], end: 'managerIsSubject' },
  managerTargeted: { route: 'handOver', submits: [signal({ affected: 'self', source: 'seenMyself' }), ...handOver()], end: 'closed' },
  hrInvolved: { route: 'handOver', submits: [signal({ perpetrator: 'hrStaff' }), ...handOver()], end: 'closed' },
  citizenPerpetrator: {
    route: 'external',
    submits: [
      signal({ perpetrator: 'citizen', categories: 'insult' }),
      { event: 'EXTERNAL_PARTY_HANDLED', on: 'externalParty', inputs: { partyMeasures: 'warning,incidentRegistered,employeeSupported' } },
      close('externalMeasuresTaken'),
    ],
    end: 'closed',
  },
  externalWorker: {
    route: 'external',
    submits: [
      signal({ perpetrator: 'externalWorker' }),
      { event: 'EXTERNAL_WORKER_HANDLED', on: 'externalWorker', inputs: { workerMeasures: 'agencyInformed,assignmentEnded' } },
      close('externalMeasuresTaken'),
    ],
    end: 'closed',
  },
  towardsCitizens: { route: 'ownTeam', submits: [signal({ affected: 'citizen', categories: 'towardsCitizens', source: 'seenMyself' }), ...ladderWithoutConversation], end: 'closed' },
  discriminatingRule: {
    route: 'structural',
    submits: [
      signal({ perpetrator: 'ruleOrProcedure', affected: 'applicant', categories: 'careerDisadvantage', source: 'seenMyself' }),
      { event: 'STRUCTURAL_RAISED', on: 'structural', inputs: { structuralMeasures: 'processOwnerInformed,integrityCoordinatorInformed' } },
      close('structuralFollowUp'),
    ],
    end: 'closed',
  },
  groupOrUnknown: {
    route: 'structural',
    submits: [
      signal({ perpetrator: 'groupOrUnknown', affected: 'groupOrTeam', categories: 'onlineOrWritten', source: 'seenMyself' }),
      { event: 'STRUCTURAL_RAISED', on: 'structural', inputs: { structuralMeasures: 'evidenceKept,facilitiesInformed,teamTalkOnNorm,affectedSupported' } },
      close('structuralFollowUp'),
    ],
    end: 'closed',
  },
  teamChat: { route: 'ownTeam', submits: [signal({ source: 'teamChat', categories: 'onlineOrWritten' }), ...ladder()], end: 'closed' },
  socialMedia: { route: 'ownTeam', submits: [signal({ source: 'socialMedia', categories: 'onlineOrWritten' }), ...ladder()], end: 'closed' },
  anonymousSignal: { route: 'ownTeam', submits: [signal({ source: 'anonymous' }), ...ladderWithoutConversation], end: 'closed' },
  bystanderReport: { route: 'ownTeam', submits: [signal({ source: 'bystander' }), ...ladder()], end: 'closed' },
  sickLeave: { route: 'ownTeam', submits: [signal(), ...ladder({ sickLeave: 'true' })], end: 'closed' },
  applicant: {
    route: 'ownTeam',
    submits: [signal({ affected: 'applicant', categories: 'recruitmentQuestions', source: 'seenMyself' }), ...ladderWithoutConversation],
    end: 'closed',
  },
  repetition: {
    route: 'ownTeam',
    submits: [
      signal(),
      conversation(),
      prepared,
      held('stopped'),
      { event: 'REPORT_REPETITION', on: 'teamTalk', inputs: { signalDate: '2026-11-20', samePerson: 'true' } },
      sanction,
      teamTalkSkipped,
      close('sanctionDecided'),
    ],
    end: 'closed',
  },
};
