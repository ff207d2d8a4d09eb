/**
 * The situations a manager meets after a signal (the design table of twenty rows, in the order
 * reviewers numbered them). Each situation names how the signal card is filled in when the manager
 * starts a case from it; the route then follows from those answers in the escalation machine.
 * Texts and example questions live in content (`content/situations.*.yaml`); this file holds only
 * codes, so content can never invent a route.
 */
import type { AffectedParty, Perpetrator, SignalSource } from './escalation/types';

export const SITUATION_IDS = [
  'ownTeam',
  'employeeWantsNoAction',
  'acute',
  'otherTeam',
  'ownManager',
  'managerAccused',
  'managerTargeted',
  'hrInvolved',
  'citizenPerpetrator',
  'externalWorker',
  'towardsCitizens',
  'discriminatingRule',
  'groupOrUnknown',
  'teamChat',
  'socialMedia',
  'anonymousSignal',
  'bystanderReport',
  'sickLeave',
  'applicant',
  'repetition',
] as const;
export type SituationId = (typeof SITUATION_IDS)[number];

/** Signal-card answers a situation sets in advance; the manager can still change each one. */
export interface SituationPrefill {
  perpetrator?: Perpetrator;
  affected?: AffectedParty;
  source?: SignalSource;
  acute?: true;
  occurrence?: 'repeated';
}

export const SITUATION_PREFILL: Record<SituationId, SituationPrefill> = {
  ownTeam: { perpetrator: 'teamMember', affected: 'teamMember' },
  employeeWantsNoAction: { perpetrator: 'teamMember', affected: 'teamMember', source: 'affectedEmployee' },
  acute: { acute: true },
  otherTeam: { perpetrator: 'otherTeam', affected: 'teamMember' },
  ownManager: { perpetrator: 'ownManager' },
  managerAccused: { perpetrator: 'self' },
  managerTargeted: { affected: 'self' },
  hrInvolved: { perpetrator: 'hrStaff' },
  citizenPerpetrator: { perpetrator: 'citizen', affected: 'teamMember' },
  externalWorker: { perpetrator: 'externalWorker' },
  towardsCitizens: { perpetrator: 'teamMember', affected: 'citizen' },
  discriminatingRule: { perpetrator: 'ruleOrProcedure' },
  groupOrUnknown: { perpetrator: 'groupOrUnknown' },
  teamChat: { source: 'teamChat' },
  socialMedia: { source: 'socialMedia' },
  anonymousSignal: { source: 'anonymous' },
  bystanderReport: { source: 'bystander' },
  sickLeave: { perpetrator: 'teamMember', affected: 'teamMember' },
  applicant: { affected: 'applicant' },
  repetition: { occurrence: 'repeated' },
};

/** The prefill as card input values (Adaptive Cards carry strings). */
export function prefillInputs(situation: SituationId): Record<string, string> {
  return Object.fromEntries(Object.entries(SITUATION_PREFILL[situation]).map(([key, value]) => [key, String(value)]));
}
