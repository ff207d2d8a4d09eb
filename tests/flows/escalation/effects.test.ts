import { ROUTE_KINDS } from '../../../flows/escalation/types';
import { effectsOf, HR_TRANSITIONS } from '../../../flows/escalation/effects';
import { advance, stepOf } from '../../../flows/escalation/ladder';
import { reachableStates, SAMPLE_EVENTS } from '../../../flows/escalation/explore';
import { EVENT_TYPES } from '../../../flows/escalation/events';
import type { EscalationEvent } from '../../../flows/escalation/events';
import { sample, walk } from './walk';

const effectsAfter = (events: EscalationEvent[]) => {
  const last = events[events.length - 1]!;
  const snapshot = walk(events);
  return effectsOf(last, snapshot.context, stepOf(snapshot));
};

const ENUM_CODE = /^[a-zA-Z]+$/;

describe('what transitions leave behind', () => {
  it('declares an HR transition code for every event', () => {
    expect(Object.keys(HR_TRANSITIONS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('produces only enumerated HR fields on every reachable transition', () => {
    for (const state of reachableStates()) {
      for (const event of SAMPLE_EVENTS) {
        const result = advance(state.snapshot, event);
        if (!result.accepted) continue;
        const { hr } = effectsOf(event, result.snapshot.context, stepOf(result.snapshot));
        expect(Object.keys(hr).sort()).toEqual(['categories', 'daysSinceSignal', 'deadlineMet', 'outcome', 'route', 'rung', 'source', 'transition']);
        // Only the coarse route kind, never who did it or who was hit.
        if (hr.route !== null) expect(ROUTE_KINDS).toContain(hr.route);
        for (const value of [hr.rung, hr.transition, hr.outcome, hr.source, hr.route, ...hr.categories]) {
          if (value !== null) expect(value).toMatch(ENUM_CODE);
        }
      }
    }
  });

  it('schedules the address reminders on working days 3 and 5 after the signal and a stale-case check', () => {
    const effects = effectsAfter([sample('RECORD_SIGNAL')]);
    expect(effects.hr).toMatchObject({ rung: 'signal', transition: 'signalRecorded', outcome: 'regular', source: 'affectedEmployee', daysSinceSignal: 1 });
    expect(effects.schedule).toEqual([
      { kind: 'addressSoon', due: { from: '2026-11-02', workingDays: 3 } },
      { kind: 'addressOverdue', due: { from: '2026-11-02', workingDays: 5 } },
      { kind: 'staleCase', due: { from: '2026-11-03', days: 30 } },
    ]);
  });

  it('routing away schedules nothing and is logged as routed away', () => {
    const effects = effectsAfter([sample('RECORD_SIGNAL', { perpetrator: 'self' })]);
    expect(effects.hr).toMatchObject({ rung: 'routedAway', outcome: 'routedAway' });
    expect(effects.schedule).toEqual([]);
    expect(effects.cancel).toContain('staleCase');
  });

  it('marks the address deadline met within 5 working days and missed after', () => {
    const base = [sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED')];
    expect(effectsAfter([...base, sample('ADDRESS_HELD', { heldOn: '2026-11-09' })]).hr.deadlineMet).toBe(true);
    const late = effectsAfter([...base, sample('ADDRESS_HELD', { heldOn: '2026-11-10' })]);
    expect(late.hr.deadlineMet).toBe(false);
    expect(late.cancel).toEqual(expect.arrayContaining(['addressSoon', 'addressOverdue']));
    expect(late.schedule).toContainEqual({ kind: 'followUpAffected', due: { from: '2026-11-10', days: 14 } });
  });

  it('schedules the whistleblower deadlines, the acknowledgement reminder on day 5 of 7, and checks the acknowledgement', () => {
    const filed = [sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT'), sample('FILE_REPORT', { route: 'whistleblower' })];
    expect(effectsAfter(filed).schedule).toEqual(
      expect.arrayContaining([
        { kind: 'whistleblowerAckSoon', due: { from: '2026-11-06', days: 5, ahead: true } },
        { kind: 'whistleblowerAck', due: { from: '2026-11-06', days: 7 } },
        // No acknowledgement yet: 3 months from the end of the 7 days.
        { kind: 'whistleblowerFeedback', due: { from: '2026-11-13', months: 3 } },
      ]),
    );
    expect(effectsAfter([...filed, sample('REPORT_ACKNOWLEDGED', { acknowledgedOn: '2026-11-13' })]).hr.deadlineMet).toBe(true);
    expect(effectsAfter([...filed, sample('REPORT_ACKNOWLEDGED', { acknowledgedOn: '2026-11-14' })]).hr.deadlineMet).toBe(false);
  });

  it('moves the Wbk feedback reminder to 3 months after the acknowledgement once it is recorded', () => {
    const filed = [sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT'), sample('FILE_REPORT', { route: 'whistleblower' })];
    const acknowledged = effectsAfter([...filed, sample('REPORT_ACKNOWLEDGED', { acknowledgedOn: '2026-11-10' })]);
    expect(acknowledged.schedule).toContainEqual({ kind: 'whistleblowerFeedback', due: { from: '2026-11-10', months: 3 } });
    expect(acknowledged.cancel).toEqual(expect.arrayContaining(['whistleblowerAckSoon', 'whistleblowerAck']));
    // An integrity report has no Wbk feedback term to move.
    const integrity = [sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT'), sample('FILE_REPORT', { route: 'integrity' })];
    expect(effectsAfter([...integrity, sample('REPORT_ACKNOWLEDGED')]).schedule.map((plan) => plan.kind)).toEqual(['staleCase']);
  });

  it('counts the Wbk feedback deadline from the acknowledgement, not from filing', () => {
    // Filed 6 November 2026, acknowledged 10 November: feedback due by 10 February 2027 (filing + 3 months would be 6 February).
    const acknowledged = [
      sample('RECORD_SIGNAL'),
      sample('START_FORMAL_REPORT'),
      sample('FILE_REPORT', { route: 'whistleblower' }),
      sample('REPORT_ACKNOWLEDGED', { acknowledgedOn: '2026-11-10' }),
    ];
    expect(effectsAfter([...acknowledged, sample('REPORT_CONCLUDED', { concludedOn: '2027-02-10' })]).hr.deadlineMet).toBe(true);
    expect(effectsAfter([...acknowledged, sample('REPORT_CONCLUDED', { concludedOn: '2027-02-11' })]).hr.deadlineMet).toBe(false);
  });

  it('counts the Wbk feedback deadline from the end of the 7 days when no acknowledgement was recorded', () => {
    // Filed 6 November 2026, no acknowledgement: the 7 days end on 13 November, feedback due by 13 February 2027.
    const filed = [sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT'), sample('FILE_REPORT', { route: 'whistleblower' })];
    expect(effectsAfter([...filed, sample('REPORT_CONCLUDED', { concludedOn: '2027-02-13' })]).hr.deadlineMet).toBe(true);
    expect(effectsAfter([...filed, sample('REPORT_CONCLUDED', { concludedOn: '2027-02-14' })]).hr.deadlineMet).toBe(false);
  });

  it('checks the 12-week integrity outcome', () => {
    const filed = [sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT'), sample('FILE_REPORT', { route: 'integrity' })];
    expect(effectsAfter(filed).schedule).toContainEqual({ kind: 'integrityOutcome', due: { from: '2026-11-06', days: 84 } });
    expect(effectsAfter([...filed, sample('REPORT_CONCLUDED', { concludedOn: '2027-01-29' })]).hr.deadlineMet).toBe(true);
    expect(effectsAfter([...filed, sample('REPORT_CONCLUDED', { concludedOn: '2027-01-30' })]).hr.deadlineMet).toBe(false);
  });

  it('closing schedules aftercare and stops the stale-case check', () => {
    const effects = effectsAfter([sample('RECORD_SIGNAL'), sample('START_FORMAL_REPORT'), sample('FILE_REPORT'), sample('REPORT_CONCLUDED'), sample('CLOSE')]);
    expect(effects.hr).toMatchObject({ rung: 'closed', transition: 'closed', outcome: 'behaviourStopped' });
    expect(effects.schedule).toEqual([{ kind: 'aftercare', due: { from: '2026-11-03', days: 28 } }]);
    expect(effects.cancel).toEqual(expect.arrayContaining(['staleCase', 'integrityOutcome']));
  });

  it('records where a repetition reopened the case', () => {
    const closed = [sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD'), sample('TEAM_TALK_SKIPPED'), sample('CLOSE')];
    const effects = effectsAfter([...closed, sample('REPORT_REPETITION')]);
    expect(effects.hr).toMatchObject({ transition: 'repetitionReported', outcome: 'sanction', rung: 'sanction' });
    expect(effects.cancel).toContain('aftercare');
  });

  it('logs that the conversation was held, and nothing of the "I listened" box (issue 18)', () => {
    for (const agreed of [{}, { approachAgreed: false }]) {
      const [ticked, unticked] = [true, false].map(
        (listened) => effectsAfter([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION', { ...agreed, listened })]).hr,
      );
      expect(unticked).toEqual(ticked);
      expect(ticked).toMatchObject({ transition: 'conversationRecorded', outcome: null });
      expect(ticked!.daysSinceSignal).not.toBeNull();
    }
  });
});
