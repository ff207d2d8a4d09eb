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
