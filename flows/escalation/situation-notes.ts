/**
 * Guidance that depends on the situation, not on the step: who did it, who was hit, how the signal
 * came in, sick leave. Each note is shown on the steps where it changes what the manager does, so a
 * card says what fits this case without a step card per combination. Pure; texts in content.
 */
import type { EscalationContext, StepId } from './types';

/** The first steps of every route, where how the signal came in still matters most. */
const ROUTE_OPENINGS: readonly StepId[] = ['safety', 'signalConversation', 'supportOnly', 'addressPrepare', 'handOver', 'externalParty', 'externalWorker', 'structural'];

interface NoteRule {
  applies: (context: EscalationContext) => boolean;
  steps: readonly StepId[];
}

export const SITUATION_NOTE_RULES = {
  perpetratorSelf: { applies: (c) => c.signal?.perpetrator === 'self', steps: ['managerIsSubject'] },
  perpetratorOwnManager: { applies: (c) => c.signal?.perpetrator === 'ownManager', steps: ['managerIsSubject'] },
  managerHit: { applies: (c) => c.signal?.affected === 'self', steps: ['safety', 'handOver', 'handOverFollowUp', 'externalParty', 'externalWorker', 'structural', 'closing'] },
  hrInvolved: { applies: (c) => c.signal?.perpetrator === 'hrStaff', steps: ['handOver', 'handOverFollowUp', 'factFinding', 'sanction'] },
  otherTeam: { applies: (c) => c.signal?.perpetrator === 'otherTeam', steps: ['handOver', 'handOverFollowUp'] },
  citizenHit: { applies: (c) => c.signal?.affected === 'citizen', steps: ['addressPrepare', 'addressConversation', 'sanction', 'closing'] },
  applicantHit: { applies: (c) => c.signal?.affected === 'applicant', steps: ['addressPrepare', 'structural', 'handOver', 'closing'] },
  teamChat: { applies: (c) => c.signal?.source === 'teamChat', steps: ROUTE_OPENINGS },
  socialMedia: { applies: (c) => c.signal?.source === 'socialMedia', steps: [...ROUTE_OPENINGS, 'sanction'] },
  anonymousSignal: { applies: (c) => c.signal?.source === 'anonymous', steps: ROUTE_OPENINGS },
  bystander: { applies: (c) => c.signal?.source === 'bystander', steps: ['signalConversation', 'addressPrepare', 'closing'] },
  sickLeave: { applies: (c) => c.agreements?.sickLeave === true, steps: ['supportOnly', 'addressPrepare', 'addressConversation', 'teamTalk', 'closing'] },
} as const satisfies Record<string, NoteRule>;

export type SituationNoteId = keyof typeof SITUATION_NOTE_RULES;
export const SITUATION_NOTE_IDS = Object.keys(SITUATION_NOTE_RULES) as SituationNoteId[];

/** The notes that fit this case on this step, in a fixed order. */
export function situationNotesFor(step: StepId, context: EscalationContext): SituationNoteId[] {
  return SITUATION_NOTE_IDS.filter((id) => {
    const rule: NoteRule = SITUATION_NOTE_RULES[id];
    return rule.steps.includes(step) && rule.applies(context);
  });
}
