import { escalationMachine, ESCALATION_MACHINE_ID, ESCALATION_MACHINE_VERSION } from '../../../flows/escalation/machine';
import { advance, offeredEvents, persist, restore, startCase, stepOf } from '../../../flows/escalation/ladder';
import { reachableStates, SAMPLE_EVENTS } from '../../../flows/escalation/explore';
import { STEP_IDS } from '../../../flows/escalation/types';
import type { StepId } from '../../../flows/escalation/types';
import { transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { sample, walk } from './walk';

const states = reachableStates();
const ENDS: StepId[] = ['closed', 'managerIsSubject'];

describe('the escalation ladder, model-based', () => {
  it('reaches every step of the ladder', () => {
    expect(new Set(states.map((s) => s.step))).toEqual(new Set(STEP_IDS));
  });

  it.each(states.map((s) => [s.step, s.path.map((e) => e.type).join(' > ') || '(start)', s] as const))(
    'from %s (%s) a case can still be closed or routed away',
    (_step, _path, state) => {
      const ends = getShortestPaths(escalationMachine, {
        fromState: state.snapshot,
        events: SAMPLE_EVENTS,
        serializeState: (s) => JSON.stringify([s.value, s.context.highestRung, s.context.signal?.acute, s.context.route, s.context.formalReport?.returnTo]),
        toState: (s) => ENDS.includes(stepOf(s)),
      });
      expect(ends.length).toBeGreaterThan(0);
    },
  );

  it('exports its id and version for stored snapshots', () => {
    expect(ESCALATION_MACHINE_ID).toBe('escalation');
    expect(ESCALATION_MACHINE_VERSION).toBeGreaterThanOrEqual(1);
  });

  it.each(states.map((s) => [s.step, s] as const))('round-trips %s through JSON and continues the same way', (_step, state) => {
    const restored = restore(JSON.parse(JSON.stringify(persist(state.snapshot))));
    expect(stepOf(restored)).toBe(state.step);
    expect(restored.context).toEqual(state.snapshot.context);
    expect(offeredEvents(restored).sort()).toEqual(offeredEvents(state.snapshot).sort());
    for (const event of SAMPLE_EVENTS) {
      const a = advance(state.snapshot, event);
      const b = advance(restored, event);
      expect(b.accepted).toBe(a.accepted);
      expect(persist(b.snapshot)).toEqual(persist(a.snapshot));
    }
  });
});

describe('signaleren', () => {
  it('starts every case at recording the signal', () => {
    expect(stepOf(startCase('2026-11-24T08:00:00.000Z'))).toBe('signalRecord');
  });

  it.each(['self', 'ownManager'] as const)('routes the manager away when %s did it, and never continues', (perpetrator) => {
    const routed = walk([sample('RECORD_SIGNAL', { perpetrator })]);
    expect(stepOf(routed)).toBe('managerIsSubject');
    expect(routed.status).toBe('done');
    expect(offeredEvents(routed)).toEqual([]);
    for (const event of SAMPLE_EVENTS) expect(advance(routed, event).accepted).toBe(false);
  });

  it('goes to the corrective conversation after talking with the affected employee', () => {
    expect(stepOf(walk([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION')]))).toBe('addressPrepare');
  });

  it('sends an acute case to the safety step before anything else, then via the conversation to a sanction with HR', () => {
    const atSafety = walk([sample('RECORD_SIGNAL', { acute: true })]);
    expect(stepOf(atSafety)).toBe('safety');
    expect(offeredEvents(atSafety)).toEqual(['SAFETY_ENSURED']);
    const acute = walk([sample('SAFETY_ENSURED'), sample('RECORD_CONVERSATION')], atSafety);
    expect(stepOf(acute)).toBe('sanction');
    expect(acute.context.highestRung).toBe('sanction');
    expect(acute.context.safety).toMatchObject({ separated: true, hrInformed: true });
  });

  it('keeps only enumerated facts in the snapshot', () => {
    const snapshot = walk([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION')]);
    expect(snapshot.context.signal).toEqual({
      categories: ['remarkOrJoke'],
      source: 'affectedEmployee',
      signalDate: '2026-11-02',
      occurrence: 'first',
      acute: false,
      perpetrator: 'teamMember', affected: 'teamMember',
    });
    expect(snapshot.context.agreements?.vertrouwenspersoonOffered).toBe(true);
  });
});

describe('aanspreken', () => {
  const prepared = () => walk([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED')]);

  it('leads to the optional team discussion when the behaviour stopped', () => {
    expect(stepOf(walk([sample('ADDRESS_HELD', { outcome: 'stopped' })], prepared()))).toBe('teamTalk');
  });

  it('escalates to a sanction when the behaviour is repeated', () => {
    expect(stepOf(walk([sample('ADDRESS_HELD', { outcome: 'repeated' })], prepared()))).toBe('sanction');
  });

  it('establishes the facts first when the behaviour is denied: confirmed → sanction, not confirmed → team talk', () => {
    const denied = walk([sample('ADDRESS_HELD', { outcome: 'denied' })], prepared());
    expect(stepOf(denied)).toBe('factFinding');
    expect(stepOf(walk([sample('FACTS_ESTABLISHED', { finding: 'confirmed' })], denied))).toBe('sanction');
    const notConfirmed = walk([sample('FACTS_ESTABLISHED', { finding: 'notConfirmed' })], denied);
    expect(stepOf(notConfirmed)).toBe('teamTalk');
    expect(notConfirmed.context.factFinding).toEqual({ consultedWith: 'hrAdviser', finding: 'notConfirmed' });
  });
});

describe('sanctioneren: people decide, with HR', () => {
  const atSanction = () => walk([sample('RECORD_SIGNAL', { acute: true }), sample('SAFETY_ENSURED'), sample('RECORD_CONVERSATION')]);

  it('refuses a decision without HR/P&O or the integrity coordinator consulted and changes nothing', () => {
    const before = atSanction();
    const result = advance(before, sample('SANCTION_DECIDED', { consultedWith: undefined }));
    expect(result).toMatchObject({ accepted: false, rejection: 'hrNotConsulted' });
    expect(persist(result.snapshot)).toEqual(persist(before));
  });

  it('accepts the integrity coordinator as the consultation (HR conflict of interest)', () => {
    const decided = walk([sample('SANCTION_DECIDED', { consultedWith: 'integrityCoordinator', hearingOffered: true, decision: 'orderMeasure' })], atSanction());
    expect(decided.context.sanction).toMatchObject({ consultedWith: 'integrityCoordinator', decision: 'orderMeasure' });
  });

  it('accepts a punishment when the employee had the chance to be heard, even if they declined it', () => {
    const decided = walk([sample('SANCTION_DECIDED', { consultedWith: 'hrAdviser', hearingOffered: true, decision: 'punishment' })], atSanction());
    expect(stepOf(decided)).toBe('teamTalk');
    expect(decided.context.sanction).toMatchObject({ hearingOffered: true, decision: 'punishment' });
  });

  it('refuses a punishment when the employee had no chance to be heard', () => {
    expect(advance(atSanction(), sample('SANCTION_DECIDED', { consultedWith: 'hrAdviser', hearingOffered: false, decision: 'punishment' }))).toMatchObject({
      accepted: false,
      rejection: 'hearingRequired',
    });
  });

  it('refuses "no sanction" without a reason, accepts it with one', () => {
    const none = sample('SANCTION_DECIDED', { consultedWith: 'hrAdviser', hearingOffered: false, decision: 'none' });
    expect(advance(atSanction(), none)).toMatchObject({ accepted: false, rejection: 'noSanctionReasonRequired' });
    const withReason = advance(atSanction(), { ...none, noSanctionReason: 'notProportionate' });
    expect(withReason.accepted).toBe(true);
    expect(withReason.snapshot.context.sanction).toMatchObject({ decision: 'none', noSanctionReason: 'notProportionate', consultedWith: 'hrAdviser' });
  });

  it('the machine guard itself refuses a decision without HR, not only the pre-check', () => {
    const [next] = transition(escalationMachine, atSanction(), sample('SANCTION_DECIDED', { consultedWith: undefined }));
    expect(stepOf(next)).toBe('sanction');
    expect(next.context.sanction).toBeUndefined();
  });
});

describe('teamgesprek', () => {
  const atTeamTalk = (consentTeamTalk = true) =>
    walk([sample('RECORD_SIGNAL'), { ...sample('RECORD_CONVERSATION'), consentTeamTalk }, sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped' })]);
  /** An anonymous signal has no conversation: the team-talk card asks the consent itself. */
  const atTeamTalkWithoutConversation = () =>
    walk([sample('RECORD_SIGNAL', { source: 'anonymous' }), sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped' })]);

  it('uses the team-talk consent of the first conversation and does not ask it again', () => {
    expect(walk([sample('TEAM_TALK_HELD', { identifying: true, consent: false })], atTeamTalk(true)).context.teamTalk?.mode).toBe('withConsent');
    expect(advance(atTeamTalk(false), sample('TEAM_TALK_HELD', { identifying: true, consent: true }))).toMatchObject({
      accepted: false,
      rejection: 'teamConsentRequired',
    });
  });

  it('refuses an identifying team discussion without the affected employee’s consent', () => {
    expect(advance(atTeamTalkWithoutConversation(), sample('TEAM_TALK_HELD', { identifying: true, consent: false }))).toMatchObject({
      accepted: false,
      rejection: 'teamConsentRequired',
    });
  });

  it('holds a general talk when the team could not identify anyone, or with consent', () => {
    expect(walk([sample('TEAM_TALK_HELD', { identifying: false, consent: false })], atTeamTalk()).context.teamTalk?.mode).toBe('general');
    expect(walk([sample('TEAM_TALK_HELD', { identifying: true, consent: true })], atTeamTalkWithoutConversation()).context.teamTalk?.mode).toBe('withConsent');
  });

  it('can be skipped on the way to closing', () => {
    expect(stepOf(walk([sample('TEAM_TALK_SKIPPED')], atTeamTalk()))).toBe('closing');
  });
});

describe('formele melding', () => {
  const ACTIVE: StepId[] = [
    'signalConversation',
    'supportOnly',
    'addressPrepare',
    'addressConversation',
    'factFinding',
    'sanction',
    'handOver',
    'handOverFollowUp',
    'externalParty',
    'externalWorker',
    'structural',
    'teamTalk',
    'closing',
  ];

  it.each(ACTIVE)('is reachable from %s, and cancelling returns there', (step) => {
    const state = states.find((s) => s.step === step)!;
    const started = walk([sample('START_FORMAL_REPORT', { reason: 'serious' })], state.snapshot);
    expect(stepOf(started)).toBe('formalReportRoute');
    expect(stepOf(walk([sample('CANCEL_FORMAL_REPORT')], started))).toBe(step);
  });

  it('is offered from every reachable active step except before the signal is recorded', () => {
    for (const state of states) {
      const offered = offeredEvents(state.snapshot).includes('START_FORMAL_REPORT');
      expect([state.step, offered]).toEqual([state.step, ACTIVE.includes(state.step)]);
    }
  });

  it('records route, acknowledgement and conclusion, then goes to closing', () => {
    const filed = walk([sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT', { reason: 'serious' }), { ...sample('FILE_REPORT'), route: 'whistleblower' }, sample('REPORT_ACKNOWLEDGED')]);
    expect(filed.context.formalReport).toMatchObject({ route: 'whistleblower', filedOn: '2026-11-06', acknowledgedOn: '2026-11-09' });
    expect(filed.context.highestRung).toBe('formalReport');
    expect(stepOf(walk([sample('REPORT_CONCLUDED')], filed))).toBe('closing');
  });
});

describe('afronden and repetition', () => {
  const closedAfter = (events: Parameters<typeof walk>[0]) => walk([...events, sample('TEAM_TALK_SKIPPED'), sample('CLOSE')]);

  it('closes with a reason and aftercare', () => {
    const closed = closedAfter([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped' })]);
    expect(stepOf(closed)).toBe('closed');
    expect(closed.context.closing).toMatchObject({ reason: 'behaviourStopped', aftercareAgreed: true });
  });

  it('reopens one enforcement rung higher than before: address → sanction → formal report', () => {
    const afterAddress = closedAfter([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'stopped' })]);
    const reopened = walk([sample('REPORT_REPETITION')], afterAddress);
    expect(stepOf(reopened)).toBe('sanction');
    expect(reopened.context).toMatchObject({ reopenCount: 1, highestRung: 'sanction', signal: { occurrence: 'repeated', signalDate: '2026-12-01' } });
    expect(reopened.context.address).toBeUndefined();

    const afterSanction = walk([sample('SANCTION_DECIDED', { consultedWith: 'hrAdviser', hearingOffered: true, decision: 'punishment' }), sample('TEAM_TALK_SKIPPED'), sample('CLOSE')], reopened);
    const again = walk([sample('REPORT_REPETITION')], afterSanction);
    expect(stepOf(again)).toBe('formalReportRoute');
    expect(again.context.formalReport).toMatchObject({ reason: 'serious' });
  });

  it('a repetition after a formal report stays at the formal report', () => {
    const filed = walk([sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT', { reason: 'serious' }), sample('FILE_REPORT'), sample('REPORT_CONCLUDED'), sample('CLOSE')]);
    expect(stepOf(walk([sample('REPORT_REPETITION')], filed))).toBe('formalReportRoute');
  });
});

describe('events a step does not offer', () => {
  it('change nothing and are reported as not allowed here', () => {
    const start = startCase('2026-11-24T08:00:00.000Z');
    const result = advance(start, sample('CLOSE'));
    expect(result).toMatchObject({ accepted: false, rejection: 'notAllowedHere' });
    expect(persist(result.snapshot)).toEqual(persist(start));
  });
});
