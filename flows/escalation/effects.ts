/**
 * What each transition leaves behind, as data: the HR log entry it produces (enumerated fields only)
 * and the reminders it schedules or cancels. The bot adds the keyed case key, the organisation unit
 * and the ISO week, computes due dates, and writes everything in the turn's one transaction.
 *
 * | event                | HR transition          | outcome                       | schedules                              | cancels |
 * |----------------------|------------------------|-------------------------------|----------------------------------------|---------|
 * | RECORD_SIGNAL        | signalRecorded         | routedAway / acute / regular  | addressSoon (3 wd) + addressOverdue (5 wd after the signal) on the ladder | — |
 * | SAFETY_ENSURED       | safetyEnsured          | —                             | —                                      | address reminders when acute |
 * | RECORD_CONVERSATION  | conversationRecorded   | —  (listening: issue 18)      | supportCheckIn (14 d) when support only | address reminders when acute or support only |
 * | EMPLOYEE_AGREES      | employeeAgreed         | —                             | addressSoon (3 wd) + addressOverdue (5 wd after agreeing) | supportCheckIn |
 * | SUPPORT_ENDED        | supportEnded           | —                             | —                                      | supportCheckIn |
 * | ADDRESS_HELD         | addressHeld            | stopped / denied / repeated   | followUpAffected (14 d); factFinding (14 d) when denied | address reminders |
 * | FACTS_ESTABLISHED    | factsEstablished       | confirmed / notConfirmed      | —                                      | factFinding |
 * | HANDED_OVER          | otherManagerInformed   | —                             | handOverFollowUp (14 d)                | —       |
 * | HAND_OVER_FOLLOWED_UP | handOverFollowedUp    | handled / notHandled          | —                                      | handOverFollowUp |
 * | EXTERNAL_*, STRUCTURAL_RAISED | measuresRecorded | —  (the measures stay in the case) | —                             | —       |
 * | FILE_REPORT          | reportFiled            | route                         | whistleblowerAckSoon 5 d + Ack 7 d + Feedback 7 d + 3 m, or integrityOutcome 12 wk | — |
 * | REPORT_ACKNOWLEDGED  | reportAcknowledged     | —  (deadline met: ≤ 7 d)      | whistleblowerFeedback 3 m after the acknowledgement | whistleblowerAckSoon, whistleblowerAck |
 * | REPORT_CONCLUDED     | reportConcluded        | outcome (deadline per route)  | —                                      | all report reminders |
 * | CLOSE                | closed                 | reason                        | aftercare (28 d)                       | address reminders, staleCase |
 * | REPORT_REPETITION    | repetitionReported     | the rung it reopened at       | address reminders when reopened there  | aftercare |
 * Every transition that leaves the case open reschedules `staleCase` (30 days without action).
 *
 * Reminders come before a deadline, not only on it: `addressSoon` on working day 3 of the 5 (a house
 * guideline, "richttijd"), `whistleblowerAckSoon` on day 5 of the 7 days of the Wet bescherming
 * klokkenluiders (moved back to a working day, so it never slides past the deadline). The Wbk's 3
 * months for feedback run from the acknowledgement of receipt, or, when none was sent, from the end
 * of the 7 days (whistleblowerFeedbackFrom); the reminder moves when the acknowledgement is recorded.
 */
import { addDays, addMonths, dayOf, daysBetween, workingDaysBetween } from '../calendar';
import type { EscalationEvent, EventType } from './events';
import type { Category, EscalationContext, FormalReportFacts, IsoDate, RouteKind, Rung, SignalSource, StepId } from './types';
import { RUNG_OF_STEP } from './types';

export const REMINDER_KINDS = [
  'addressSoon',
  'addressOverdue',
  'supportCheckIn',
  'factFinding',
  'handOverFollowUp',
  'followUpAffected',
  'whistleblowerAckSoon',
  'whistleblowerAck',
  'whistleblowerFeedback',
  'integrityOutcome',
  'aftercare',
  'staleCase',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** When a reminder is due: an offset from a date the case knows. */
export interface ReminderDue {
  from: IsoDate;
  workingDays?: number;
  days?: number;
  months?: number;
  /**
   * A reminder ahead of a deadline: when the offset lands on a weekend or public holiday it moves
   * back to the working day before instead of forward, so it still comes before the deadline.
   */
  ahead?: true;
}

export interface ReminderPlan {
  kind: ReminderKind;
  due: ReminderDue;
}

export const HR_TRANSITIONS = {
  RECORD_SIGNAL: 'signalRecorded',
  SAFETY_ENSURED: 'safetyEnsured',
  RECORD_CONVERSATION: 'conversationRecorded',
  EMPLOYEE_AGREES: 'employeeAgreed',
  SUPPORT_ENDED: 'supportEnded',
  ADDRESS_PREPARED: 'addressPrepared',
  ADDRESS_HELD: 'addressHeld',
  FACTS_ESTABLISHED: 'factsEstablished',
  SANCTION_DECIDED: 'sanctionDecided',
  HANDED_OVER: 'otherManagerInformed',
  HAND_OVER_FOLLOWED_UP: 'handOverFollowedUp',
  EXTERNAL_PARTY_HANDLED: 'measuresRecorded',
  EXTERNAL_WORKER_HANDLED: 'measuresRecorded',
  STRUCTURAL_RAISED: 'measuresRecorded',
  TEAM_TALK_HELD: 'teamTalkHeld',
  TEAM_TALK_SKIPPED: 'teamTalkSkipped',
  START_FORMAL_REPORT: 'formalReportStarted',
  CANCEL_FORMAL_REPORT: 'formalReportCancelled',
  FILE_REPORT: 'reportFiled',
  REPORT_ACKNOWLEDGED: 'reportAcknowledged',
  REPORT_CONCLUDED: 'reportConcluded',
  CLOSE: 'closed',
  REPORT_REPETITION: 'repetitionReported',
} as const satisfies Record<EventType, string>;
/**
 * Not a transition of the machine: the case passed to another manager (bot/handover/). HR sees that
 * it happened, never from or to whom.
 */
export const CASE_HANDED_OVER = 'handedOver';

/** Every transition code the HR log can hold, in timeline order of first appearance. */
export const HR_LOG_TRANSITIONS = [...new Set([...Object.values(HR_TRANSITIONS), CASE_HANDED_OVER])];

export type HrTransition = (typeof HR_TRANSITIONS)[EventType] | typeof CASE_HANDED_OVER;

/** Where the case stands after a transition, as HR sees it. */
export type HrPosition = Rung | 'closed' | 'routedAway';

/** One HR log entry before the bot adds case key, organisation unit and ISO week. */
export interface HrFact {
  rung: HrPosition;
  /** The coarse route kind, never the finer answers to who did it and who was hit. */
  route: RouteKind | null;
  transition: HrTransition;
  outcome: string | null;
  categories: Category[];
  source: SignalSource | null;
  daysSinceSignal: number | null;
  deadlineMet: boolean | null;
}

export interface TransitionEffects {
  hr: HrFact;
  schedule: ReminderPlan[];
  cancel: ReminderKind[];
}

export const ADDRESS_DEADLINE_WORKING_DAYS = 5;
/** The working day of the 5 on which the first address reminder comes. */
export const ADDRESS_SOON_WORKING_DAYS = 3;
export const WHISTLEBLOWER_ACK_DAYS = 7;
/** The day of the 7 on which the first acknowledgement reminder comes. */
export const WHISTLEBLOWER_ACK_SOON_DAYS = 5;
export const WHISTLEBLOWER_FEEDBACK_MONTHS = 3;
export const INTEGRITY_OUTCOME_DAYS = 12 * 7;
export const FOLLOW_UP_DAYS = 14;
/** House guidelines of this guide ("richttijd"), not legal terms: check in, chase the facts, follow up a hand-over. */
export const SUPPORT_CHECK_IN_DAYS = 14;
export const FACT_FINDING_DAYS = 14;
export const HAND_OVER_FOLLOW_UP_DAYS = 14;
export const AFTERCARE_DAYS = 28;
export const STALE_AFTER_DAYS = 30;

const REPORT_REMINDERS: ReminderKind[] = ['whistleblowerAckSoon', 'whistleblowerAck', 'whistleblowerFeedback', 'integrityOutcome'];
const ADDRESS_REMINDERS: ReminderKind[] = ['addressSoon', 'addressOverdue'];
const WHISTLEBLOWER_ACK_REMINDERS: ReminderKind[] = ['whistleblowerAckSoon', 'whistleblowerAck'];

/** Both address reminders, counted in working days from the signal (or the employee's agreement). */
function addressReminders(from: IsoDate): ReminderPlan[] {
  return [
    { kind: 'addressSoon', due: { from, workingDays: ADDRESS_SOON_WORKING_DAYS } },
    { kind: 'addressOverdue', due: { from, workingDays: ADDRESS_DEADLINE_WORKING_DAYS } },
  ];
}

/**
 * Where the Wbk's 3 months for feedback start: the acknowledgement of receipt, or, when none was
 * recorded, the end of the 7 days within which it was due.
 */
export function whistleblowerFeedbackFrom(report: Pick<FormalReportFacts, 'filedOn' | 'acknowledgedOn'>): IsoDate {
  return report.acknowledgedOn ?? addDays(report.filedOn!, WHISTLEBLOWER_ACK_DAYS);
}

/** The last day of the Wbk's feedback term. */
export function whistleblowerFeedbackDue(report: Pick<FormalReportFacts, 'filedOn' | 'acknowledgedOn'>): IsoDate {
  return addMonths(whistleblowerFeedbackFrom(report), WHISTLEBLOWER_FEEDBACK_MONTHS);
}

/** The feedback reminder on the last day of the term, as far as the report has got. */
export function whistleblowerFeedbackReminder(report: Pick<FormalReportFacts, 'filedOn' | 'acknowledgedOn'>): ReminderPlan {
  return { kind: 'whistleblowerFeedback', due: { from: whistleblowerFeedbackFrom(report), months: WHISTLEBLOWER_FEEDBACK_MONTHS } };
}

interface Outcome {
  outcome: string | null;
  deadlineMet?: boolean | null;
  schedule?: ReminderPlan[];
  cancel?: ReminderKind[];
}

/** The event-specific part of each row of the table above. */
function outcomeOf(event: EscalationEvent, after: EscalationContext, afterStep: StepId): Outcome {
  const today = dayOf(event.at);
  switch (event.type) {
    case 'RECORD_SIGNAL':
      if (afterStep === 'managerIsSubject') return { outcome: 'routedAway' };
      return {
        outcome: event.acute ? 'acute' : 'regular',
        // Only the ladder has a conversation to hold with the person who did it.
        schedule: after.route === 'ownTeam' ? addressReminders(event.signalDate) : [],
      };
    case 'SAFETY_ENSURED':
      return { outcome: null, cancel: afterStep === 'sanction' ? ADDRESS_REMINDERS : [] };
    case 'RECORD_CONVERSATION':
      return {
        // Only that the conversation was held (its day feeds HR's durations). The card's "I listened"
        // is a statement ticked like a checklist, no measurement, and no figure may show it (issue
        // 18), so the log does not keep it. Rows written before say listened / notListened.
        outcome: null,
        schedule: afterStep === 'supportOnly' ? [{ kind: 'supportCheckIn', due: { from: today, days: SUPPORT_CHECK_IN_DAYS } }] : [],
        cancel: afterStep === 'sanction' || afterStep === 'supportOnly' ? ADDRESS_REMINDERS : [],
      };
    case 'EMPLOYEE_AGREES':
      return {
        outcome: null,
        schedule: addressReminders(event.agreedOn),
        cancel: ['supportCheckIn'],
      };
    case 'SUPPORT_ENDED':
      return { outcome: null, cancel: ['supportCheckIn'] };
    case 'ADDRESS_HELD':
      return {
        outcome: event.outcome,
        deadlineMet: workingDaysBetween(after.signal!.signalDate, event.heldOn) <= ADDRESS_DEADLINE_WORKING_DAYS,
        schedule: [
          { kind: 'followUpAffected', due: { from: event.heldOn, days: FOLLOW_UP_DAYS } },
          ...(afterStep === 'factFinding' ? [{ kind: 'factFinding' as const, due: { from: event.heldOn, days: FACT_FINDING_DAYS } }] : []),
        ],
        cancel: ADDRESS_REMINDERS,
      };
    case 'FACTS_ESTABLISHED':
      return { outcome: event.finding, cancel: ['factFinding'] };
    case 'HANDED_OVER':
      return { outcome: null, schedule: [{ kind: 'handOverFollowUp', due: { from: event.contactedOn, days: HAND_OVER_FOLLOW_UP_DAYS } }] };
    case 'HAND_OVER_FOLLOWED_UP':
      return { outcome: event.handled ? 'handled' : 'notHandled', cancel: ['handOverFollowUp'] };
    case 'EXTERNAL_PARTY_HANDLED':
    case 'EXTERNAL_WORKER_HANDLED':
    case 'STRUCTURAL_RAISED':
      return { outcome: null };
    case 'SANCTION_DECIDED':
      return { outcome: event.decision };
    case 'TEAM_TALK_HELD':
      return { outcome: after.teamTalk!.mode };
    case 'TEAM_TALK_SKIPPED':
      return { outcome: 'skipped' };
    case 'START_FORMAL_REPORT':
      return { outcome: event.reason };
    case 'FILE_REPORT':
      return {
        outcome: event.route,
        schedule:
          event.route === 'whistleblower'
            ? [
                { kind: 'whistleblowerAckSoon', due: { from: event.filedOn, days: WHISTLEBLOWER_ACK_SOON_DAYS, ahead: true } },
                { kind: 'whistleblowerAck', due: { from: event.filedOn, days: WHISTLEBLOWER_ACK_DAYS } },
                // No acknowledgement yet: the 3 months run from the end of the 7 days until one is recorded.
                whistleblowerFeedbackReminder({ filedOn: event.filedOn }),
              ]
            : event.route === 'integrity'
              ? [{ kind: 'integrityOutcome', due: { from: event.filedOn, days: INTEGRITY_OUTCOME_DAYS } }]
              : [],
      };
    case 'REPORT_ACKNOWLEDGED': {
      const report = after.formalReport!;
      const whistleblower = report.route === 'whistleblower';
      return {
        outcome: null,
        deadlineMet: whistleblower ? daysBetween(report.filedOn!, event.acknowledgedOn) <= WHISTLEBLOWER_ACK_DAYS : null,
        // The feedback term now runs from the acknowledgement: the pending reminder is replaced.
        schedule: whistleblower ? [whistleblowerFeedbackReminder(report)] : [],
        cancel: WHISTLEBLOWER_ACK_REMINDERS,
      };
    }
    case 'REPORT_CONCLUDED':
      return { outcome: event.outcome, deadlineMet: reportDeadlineMet(after, event.concludedOn), cancel: REPORT_REMINDERS };
    case 'CLOSE':
      return {
        outcome: event.reason,
        schedule: [{ kind: 'aftercare', due: { from: today, days: AFTERCARE_DAYS } }],
        cancel: [...ADDRESS_REMINDERS, 'supportCheckIn', 'factFinding', 'handOverFollowUp', ...REPORT_REMINDERS],
      };
    case 'REPORT_REPETITION':
      return {
        outcome: RUNG_OF_STEP[afterStep],
        schedule: afterStep === 'addressPrepare' ? addressReminders(event.signalDate) : [],
        cancel: ['aftercare'],
      };
    case 'ADDRESS_PREPARED':
    case 'CANCEL_FORMAL_REPORT':
      return { outcome: null };
  }
}

/** Integrity reports: outcome within 12 weeks of filing; whistleblower route: feedback within 3 months of whistleblowerFeedbackFrom. */
function reportDeadlineMet(after: EscalationContext, concludedOn: IsoDate): boolean | null {
  const report = after.formalReport!;
  if (!report.filedOn) return null;
  if (report.route === 'integrity') return daysBetween(report.filedOn, concludedOn) <= INTEGRITY_OUTCOME_DAYS;
  if (report.route === 'whistleblower') return concludedOn <= whistleblowerFeedbackDue(report);
  return null;
}

export function hrPositionOf(step: StepId): HrPosition {
  if (step === 'closed') return 'closed';
  if (step === 'managerIsSubject') return 'routedAway';
  return RUNG_OF_STEP[step]!;
}

/** The effects of one accepted transition, from the event and the state it led to. */
export function effectsOf(event: EscalationEvent, after: EscalationContext, afterStep: StepId): TransitionEffects {
  const result = outcomeOf(event, after, afterStep);
  const ended = afterStep === 'closed' || afterStep === 'managerIsSubject';
  const signal = after.signal;
  return {
    hr: {
      rung: hrPositionOf(afterStep),
      route: after.route ?? null,
      transition: HR_TRANSITIONS[event.type],
      outcome: result.outcome,
      categories: signal?.categories ?? [],
      source: signal?.source ?? null,
      daysSinceSignal: signal ? daysBetween(signal.signalDate, dayOf(event.at)) : null,
      deadlineMet: result.deadlineMet ?? null,
    },
    schedule: [...(result.schedule ?? []), ...(ended ? [] : [{ kind: 'staleCase' as const, due: { from: dayOf(event.at), days: STALE_AFTER_DAYS } }])],
    cancel: [...new Set([...(result.cancel ?? []), 'staleCase' as const])],
  };
}
