import { addDays, isWorkingDay } from '../../flows/calendar';
import { effectsOf } from '../../flows/escalation/effects';
import type { ReminderDue, ReminderKind } from '../../flows/escalation/effects';
import { advance, stepOf } from '../../flows/escalation/ladder';
import { reachableStates, SAMPLE_EVENTS } from '../../flows/escalation/explore';
import { STEP_IDS } from '../../flows/escalation/types';
import {
  dueInstantOf,
  isReminderRelevant,
  nextDigestAt,
  reminderChangesOf,
  snoozedUntil,
  workingDayFrom,
  workingDayUntil,
} from '../../flows/reminders';

describe('when a reminder is due', () => {
  it.each<[ReminderKind, ReminderDue, string, string]>([
    ['addressSoon', { from: '2026-11-20', workingDays: 3 }, '2026-11-25', 'working day 3 of 5 after a Friday: the Wednesday'],
    ['addressSoon', { from: '2026-12-23', workingDays: 3 }, '2026-12-29', 'both Christmas days and the weekend do not count'],
    ['addressSoon', { from: '2027-04-23', workingDays: 3 }, '2027-04-29', "King's Day (27 April) does not count"],
    ['addressOverdue', { from: '2026-11-20', workingDays: 5 }, '2026-11-27', 'five working days after a Friday: the next Friday'],
    ['addressOverdue', { from: '2026-12-22', workingDays: 5 }, '2026-12-30', 'both Christmas days and the weekend do not count'],
    ['addressOverdue', { from: '2027-04-23', workingDays: 5 }, '2027-05-03', "King's Day (27 April) does not count"],
    ['followUpAffected', { from: '2026-11-14', days: 14 }, '2026-11-30', 'two weeks after a Saturday is a Saturday: moved to Monday'],
    ['whistleblowerAckSoon', { from: '2026-11-06', days: 5, ahead: true }, '2026-11-11', 'day 5 of 7 after a Friday: the Wednesday'],
    ['whistleblowerAckSoon', { from: '2026-11-09', days: 5, ahead: true }, '2026-11-13', 'day 5 is a Saturday: back to Friday, before the deadline on Monday'],
    ['whistleblowerAckSoon', { from: '2026-12-21', days: 5, ahead: true }, '2026-12-24', 'day 5 is Boxing Day: back past Christmas to 24 December'],
    ['whistleblowerAckSoon', { from: '2027-03-24', days: 5, ahead: true }, '2027-03-26', 'day 5 is Easter Monday: back past the weekend to Friday'],
    ['whistleblowerAck', { from: '2026-12-18', days: 7 }, '2026-12-28', 'seven days lands on Christmas: the next working day'],
    ['whistleblowerFeedback', { from: '2026-11-10', months: 3 }, '2027-02-10', 'three months after the acknowledgement'],
    ['whistleblowerFeedback', { from: '2026-12-07', months: 3 }, '2027-03-08', 'no acknowledgement: 3 months after the 7 days, a Sunday'],
    ['whistleblowerFeedback', { from: '2026-11-30', months: 3 }, '2027-03-01', 'three months from 30 November: 28 February, a Sunday'],
    ['integrityOutcome', { from: '2027-01-04', days: 84 }, '2027-03-30', 'twelve weeks lands on Easter Monday'],
    ['aftercare', { from: '2026-12-01', days: 28 }, '2026-12-29', 'four weeks after closing, a Tuesday'],
    ['staleCase', { from: '2026-11-26', days: 30 }, '2026-12-28', '30 days lands on Boxing Day, a Saturday'],
  ])('%s from %j is due on %s (%s)', (_kind, due, day) => {
    expect(dueInstantOf(due)).toBe(`${day}T07:00:00.000Z`);
  });

  it('arrives on the first working day on or after the offset, never on a weekend or public holiday', () => {
    for (let offset = 0; offset < 400; offset++) {
      const offsetDay = addDays('2026-01-01', offset);
      const dueDay = dueInstantOf({ from: '2026-01-01', days: offset }).slice(0, 10);
      expect(isWorkingDay(dueDay)).toBe(true);
      for (let day = offsetDay; day < dueDay; day = addDays(day, 1)) expect(isWorkingDay(day)).toBe(false);
    }
    expect(workingDayFrom('2026-04-04')).toBe('2026-04-07'); // Saturday, Sunday, Easter Monday
  });

  it('sends the reminders ahead of a deadline on a working day before it, for every start day of a year', () => {
    for (let offset = 0; offset < 366; offset++) {
      const start = addDays('2026-01-01', offset);
      const ackSoon = dueInstantOf({ from: start, days: 5, ahead: true });
      expect(isWorkingDay(ackSoon.slice(0, 10))).toBe(true);
      expect(ackSoon.slice(0, 10) <= addDays(start, 5)).toBe(true);
      expect(ackSoon < `${addDays(start, 7)}T07:00:00.000Z`).toBe(true);
      expect(dueInstantOf({ from: start, workingDays: 3 }) < dueInstantOf({ from: start, workingDays: 5 })).toBe(true);
    }
    expect(workingDayUntil('2026-12-27')).toBe('2026-12-24'); // Sunday, Boxing Day, Christmas
  });

  it('snoozes to the next working day or a week later, at the start of the day', () => {
    expect(snoozedUntil('2026-11-27T14:00:00.000Z', 'day')).toBe('2026-11-30T07:00:00.000Z');
    expect(snoozedUntil('2026-11-27T14:00:00.000Z', 'week')).toBe('2026-12-04T07:00:00.000Z');
    expect(snoozedUntil('2026-12-24T09:00:00.000Z', 'day')).toBe('2026-12-28T07:00:00.000Z');
  });

  it('plans the weekly digest for the first working day of the next week', () => {
    expect(nextDigestAt('2026-11-23T06:59:59.000Z')).toBe('2026-11-23T07:00:00.000Z');
    expect(nextDigestAt('2026-11-23T07:00:00.000Z')).toBe('2026-11-30T07:00:00.000Z');
    expect(nextDigestAt('2026-11-29T20:00:00.000Z')).toBe('2026-11-30T07:00:00.000Z');
    expect(nextDigestAt('2027-03-27T10:00:00.000Z')).toBe('2027-03-30T07:00:00.000Z'); // after Easter Monday
    expect(nextDigestAt('2027-12-23T10:00:00.000Z')).toBe('2027-12-27T07:00:00.000Z');
  });
});

describe('what a transition does to the reminders', () => {
  it('turns every planned reminder of every reachable transition into a due instant, replacing its pending one', () => {
    for (const state of reachableStates()) {
      for (const event of SAMPLE_EVENTS) {
        const result = advance(state.snapshot, event);
        if (!result.accepted) continue;
        const effects = effectsOf(event, result.snapshot.context, stepOf(result.snapshot));
        const changes = reminderChangesOf(effects);
        expect(changes.schedule.map((r) => r.kind)).toEqual(effects.schedule.map((p) => p.kind));
        for (const reminder of changes.schedule) {
          expect(reminder.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T07:00:00\.000Z$/);
          expect(changes.cancel).toContain(reminder.kind);
        }
        for (const kind of effects.cancel) expect(changes.cancel).toContain(kind);
      }
    }
  });

  it('schedules the address reminder five working days after the signal', () => {
    const changes = reminderChangesOf({
      schedule: [{ kind: 'addressOverdue', due: { from: '2026-11-23', workingDays: 5 } }],
      cancel: ['staleCase'],
    });
    expect(changes).toEqual({ schedule: [{ kind: 'addressOverdue', dueAt: '2026-11-30T07:00:00.000Z' }], cancel: ['staleCase', 'addressOverdue'] });
  });
});

describe('whether a reminder still makes sense where the case is', () => {
  it.each(STEP_IDS)('at %s', (step) => {
    const open = step !== 'closed' && step !== 'managerIsSubject';
    expect(isReminderRelevant('addressSoon', step)).toBe(open);
    expect(isReminderRelevant('addressOverdue', step)).toBe(open);
    expect(isReminderRelevant('followUpAffected', step)).toBe(open);
    expect(isReminderRelevant('staleCase', step)).toBe(open);
    expect(isReminderRelevant('aftercare', step)).toBe(step === 'closed');
    for (const kind of ['whistleblowerAckSoon', 'whistleblowerAck', 'whistleblowerFeedback', 'integrityOutcome'] as const) {
      expect(isReminderRelevant(kind, step)).toBe(step === 'formalReportFiled');
    }
  });
});
