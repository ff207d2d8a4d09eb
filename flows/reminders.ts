/**
 * When reminders are due, as pure functions of dates: the bot computes a reminder's instant here
 * when a turn schedules it (from the effect's ReminderPlan), when a manager snoozes it, and when a
 * weekly digest is planned. Reminders arrive on working days only (no weekends, no Dutch public
 * holidays: flows/calendar.ts) at REMINDER_HOUR_UTC, so a reminder never waits in the chat over a
 * weekend while a colleague's deadline runs.
 *
 * | plan offset      | due day                                                          |
 * |------------------|------------------------------------------------------------------|
 * | `workingDays: n` | the n-th working day after `from` (already a working day)        |
 * | `days: n`        | `from` + n calendar days, moved to the next working day if needed |
 * | `months: n`      | `from` + n calendar months, likewise                             |
 * | `ahead: true`    | with `days` or `months`: moved BACK to the working day before instead, so a reminder ahead of a deadline comes before it |
 */
import { addDays, addMonths, addWorkingDays, dayOf, isWorkingDay, toDate } from './calendar';
import type { ReminderDue, ReminderKind, TransitionEffects } from './escalation/effects';
import type { IsoDate, IsoInstant, StepId } from './escalation/types';

/** 07:00 UTC is 08:00 in Dutch winter time and 09:00 in summer time: the start of a working day. */
export const REMINDER_HOUR_UTC = 7;

/** A weekly digest is a reminder of its own, per manager, not tied to a case. */
export const DIGEST_KIND = 'weeklyDigest';

export const SNOOZE_PERIODS = ['day', 'week'] as const;
export type SnoozePeriod = (typeof SNOOZE_PERIODS)[number];

/** The first working day on or after `day`. */
export function workingDayFrom(day: IsoDate): IsoDate {
  let current = day;
  while (!isWorkingDay(current)) current = addDays(current, 1);
  return current;
}

function atReminderHour(day: IsoDate): IsoInstant {
  return `${day}T${String(REMINDER_HOUR_UTC).padStart(2, '0')}:00:00.000Z`;
}

/** The last working day on or before `day`. */
export function workingDayUntil(day: IsoDate): IsoDate {
  let current = day;
  while (!isWorkingDay(current)) current = addDays(current, -1);
  return current;
}

/** The day the offset lands on, before moving to a working day. */
function offsetDay(due: ReminderDue): IsoDate {
  if (due.workingDays !== undefined) return addWorkingDays(due.from, due.workingDays);
  if (due.months !== undefined) return addMonths(due.from, due.months);
  return addDays(due.from, due.days ?? 0);
}

/** The instant a reminder planned by a transition is due. */
export function dueInstantOf(due: ReminderDue): IsoInstant {
  const day = offsetDay(due);
  return atReminderHour(due.ahead ? workingDayUntil(day) : workingDayFrom(day));
}

/** "Remind me tomorrow / in a week": counted from today, delivered on a working day. */
export function snoozedUntil(now: IsoInstant, period: SnoozePeriod): IsoInstant {
  return dueInstantOf({ from: dayOf(now), days: period === 'day' ? 1 : 7 });
}

/**
 * The next weekly digest strictly after `now`: the first working day of a week (Monday, or
 * Tuesday after Easter or Whit Monday), at the reminder hour.
 */
export function nextDigestAt(now: IsoInstant): IsoInstant {
  const today = dayOf(now);
  const mondayThisWeek = addDays(today, -((toDate(today).getUTCDay() + 6) % 7));
  for (let monday = mondayThisWeek; ; monday = addDays(monday, 7)) {
    const candidate = atReminderHour(workingDayFrom(monday));
    if (candidate > now) return candidate;
  }
}

/** A reminder the turn writes: the store adds its id, case and owner. */
export interface ReminderToSchedule {
  kind: ReminderKind;
  dueAt: IsoInstant;
}

export interface ReminderChanges {
  schedule: ReminderToSchedule[];
  /** Pending reminders of these kinds on the case are cancelled before the new ones are written. */
  cancel: ReminderKind[];
}

/**
 * What a transition's effects mean for the reminders table. A kind that is scheduled again
 * replaces its pending reminder, so a case never holds two pending reminders of one kind.
 */
export function reminderChangesOf(effects: Pick<TransitionEffects, 'schedule' | 'cancel'>): ReminderChanges {
  const schedule = effects.schedule.map((plan) => ({ kind: plan.kind, dueAt: dueInstantOf(plan.due) }));
  return { schedule, cancel: [...new Set([...effects.cancel, ...schedule.map((r) => r.kind)])] };
}

const ENDED_STEPS: readonly StepId[] = ['closed', 'managerIsSubject'];

/**
 * Whether a reminder still makes sense where the case is now; the scheduler cancels it instead of
 * sending when not. Transitions cancel most reminders themselves (effects.ts); this is the last
 * check before a message goes out: aftercare only once closed, report deadlines only while a
 * report is filed and open, everything else only while the case is open.
 */
export function isReminderRelevant(kind: ReminderKind, step: StepId): boolean {
  switch (kind) {
    case 'aftercare':
      return step === 'closed';
    case 'whistleblowerAckSoon':
    case 'whistleblowerAck':
    case 'whistleblowerFeedback':
    case 'integrityOutcome':
      return step === 'formalReportFiled';
    case 'supportCheckIn':
      return step === 'supportOnly';
    case 'factFinding':
      return step === 'factFinding';
    case 'handOverFollowUp':
      return step === 'handOverFollowUp';
    case 'addressSoon':
    case 'addressOverdue':
    case 'followUpAffected':
    case 'staleCase':
      return !ENDED_STEPS.includes(step);
  }
}
