/** Valid card inputs a manager submits, for tests that need a step to go through. */

/** RECORD_SIGNAL: a first, non-acute signal about a team member, in organisation unit Beleid. */
export const SIGNAL = {
  categories: 'remarkOrJoke,exclusion',
  source: 'affectedEmployee',
  signalDate: '2026-11-23',
  occurrence: 'first',
  acute: 'false',
  subject: 'teamMember',
  orgUnit: 'Beleid',
};

/** RECORD_CONVERSATION: every agreement made. */
export const CONVERSATION = {
  listened: 'true',
  acknowledged: 'true',
  approachAgreed: 'true',
  feedbackAgreed: 'true',
  confidentialityAgreed: 'true',
  consentFormal: 'true',
  consentTeamTalk: 'true',
  vertrouwenspersoonOffered: 'true',
};
