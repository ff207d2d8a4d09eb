/** Valid form inputs for the first steps of the ladder, as a manager fills them in. */
export const SIGNAL = {
  categories: 'remarkOrJoke,exclusion',
  source: 'affectedEmployee',
  signalDate: '2026-11-23',
  occurrence: 'first',
  acute: 'false',
  perpetrator: 'teamMember', affected: 'teamMember',
  orgUnit: 'Beleid',
};
export const CONVERSATION = { listened: 'true', acknowledged: 'true', approachAgreed: 'true', feedbackAgreed: 'true', confidentialityAgreed: 'true', consentFormal: 'true', consentTeamTalk: 'true', vertrouwenspersoonOffered: 'true' };

/** Signal → conversation → address prepared → address held (stopped): revisions 1 to 4. */
export const FIRST_FOUR_STEPS: ReadonlyArray<{ event: string; inputs: Record<string, string> }> = [
  { event: 'RECORD_SIGNAL', inputs: SIGNAL },
  { event: 'RECORD_CONVERSATION', inputs: CONVERSATION },
  { event: 'ADDRESS_PREPARED', inputs: { plannedOn: '2026-11-25' } },
  { event: 'ADDRESS_HELD', inputs: { heldOn: '2026-11-26', otherSideHeard: 'true', outcome: 'stopped' } },
];
