/**
 * Valid form inputs for the first steps of the ladder, as a manager fills them in. Their dates are
 * relative to a day: a bot on the real clock needs dates near today, or the scheduler finds the
 * "address within 5 working days" reminder already due (and sends it in the middle of a test).
 */
import { TEST_CLOCK_START } from './test-bot';

const DAY_MS = 86_400_000;

/** The calendar day (UTC, `YYYY-MM-DD`) `days` after `from`; negative for days before. */
export function dayFrom(from: Date, days: number): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The signal form of a signal that reached the manager the day before `today`. */
export function signalInputs(today: Date): Record<string, string> {
  return {
    categories: 'remarkOrJoke,exclusion',
    source: 'affectedEmployee',
    signalDate: dayFrom(today, -1),
    occurrence: 'first',
    acute: 'false',
    perpetrator: 'teamMember',
    affected: 'teamMember',
    orgUnit: 'Beleid',
  };
}

export const CONVERSATION = { listened: 'true', acknowledged: 'true', approachAgreed: 'true', feedbackAgreed: 'true', confidentialityAgreed: 'true', consentFormal: 'true', consentTeamTalk: 'true', vertrouwenspersoonOffered: 'true' };

/**
 * Signal → conversation → address prepared → address held (stopped): revisions 1 to 4, around
 * `today`. Nothing they schedule falls due within days of `today`.
 */
export function firstFourSteps(today: Date): ReadonlyArray<{ event: string; inputs: Record<string, string> }> {
  return [
    { event: 'RECORD_SIGNAL', inputs: signalInputs(today) },
    { event: 'RECORD_CONVERSATION', inputs: CONVERSATION },
    { event: 'ADDRESS_PREPARED', inputs: { plannedOn: dayFrom(today, 1) } },
    { event: 'ADDRESS_HELD', inputs: { heldOn: dayFrom(today, 2), otherSideHeard: 'true', outcome: 'stopped' } },
  ];
}

/** The signal form for bots on the clock of `createTestBot`, which the test moves. */
export const SIGNAL = signalInputs(TEST_CLOCK_START);

/**
 * Every rung to Afgerond — signal → address (denied) → sanction → team talk → formal report →
 * closing → closed — for bots on the clock of `createTestBot`: each event, its form's inputs and
 * the step it leads to. Walked over the TestAdapter (conversation.test.ts) and over HTTP on both
 * runtimes (tests/bot/runtime/whole-case-http.test.ts).
 */
export const WHOLE_LADDER: ReadonlyArray<{ event: string; inputs: Record<string, string>; next: string }> = [
  { event: 'RECORD_SIGNAL', inputs: SIGNAL, next: 'signalConversation' },
  { event: 'RECORD_CONVERSATION', inputs: CONVERSATION, next: 'addressPrepare' },
  { event: 'ADDRESS_PREPARED', inputs: { plannedOn: '2026-11-25' }, next: 'addressConversation' },
  { event: 'ADDRESS_HELD', inputs: { heldOn: '2026-11-26', otherSideHeard: 'true', outcome: 'denied' }, next: 'factFinding' },
  { event: 'FACTS_ESTABLISHED', inputs: { consultedWith: 'integrityCoordinator', finding: 'confirmed' }, next: 'sanction' },
  { event: 'SANCTION_DECIDED', inputs: { consultedWith: 'hrAdviser', hearingOffered: 'true', decision: 'punishment' }, next: 'teamTalk' },
  { event: 'START_FORMAL_REPORT', inputs: { reason: 'affectedWants' }, next: 'formalReportRoute' },
  { event: 'FILE_REPORT', inputs: { route: 'integrity', filedOn: '2026-11-27' }, next: 'formalReportFiled' },
  { event: 'REPORT_CONCLUDED', inputs: { outcome: 'upheld', concludedOn: '2027-01-08' }, next: 'closing' },
  { event: 'CLOSE', inputs: { reason: 'formalRouteConcluded', aftercareAgreed: 'true' }, next: 'closed' },
];
