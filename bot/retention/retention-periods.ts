/**
 * How long each kind of record is kept, in days, and the cutoffs a purge round uses at a given
 * moment. The defaults follow the common two-year guideline for case data; HR and audit data are
 * kept longer for the periodic beleids- en effectrapportage and for accountability. An
 * organisation's archive selection list (selectielijst) may require other periods: set them with
 * the RETENTION_* variables (docs/operations.md).
 */
import { dayOf, quarterOf } from '../../flows/calendar';
import type { PurgeCutoffs } from '../store/lifecycle-store';
import { tokensForgottenBefore } from '../store/reminder-rows';

export interface RetentionDays {
  /**
   * Closed and routed-away cases, from their last change (closing), with their notes and reminders;
   * and a manager's conversation reference and settings, from their last use of the bot, once the
   * manager has no case left.
   */
  cases: number;
  /** Notes, from when they were written, also in cases that are still open. */
  notes: number;
  /** Reminders, from when they ended (sent, cancelled, dismissed, failed). */
  reminders: number;
  /** HR data of a case (HR log, projection, aggregates), from the end of its signal's quarter. */
  hrLog: number;
  /** Appraisal-conversation counters, from the end of their quarter. */
  appraisal: number;
  /** Audit rows, from when they were written. */
  audit: number;
}

export const DEFAULT_RETENTION_DAYS: RetentionDays = {
  cases: 730,
  notes: 730,
  reminders: 90,
  hrLog: 1826,
  appraisal: 1826,
  audit: 1826,
};

const DAY_MS = 86_400_000;

/** The cutoffs of a purge at `now`: whatever is older than its retention goes. */
export function purgeCutoffs(now: Date, days: RetentionDays): PurgeCutoffs {
  const before = (retention: number) => new Date(now.getTime() - retention * DAY_MS).toISOString();
  return {
    casesChangedBefore: before(days.cases),
    notesWrittenBefore: before(days.notes),
    remindersEndedBefore: before(days.reminders),
    // Whole quarters only: a quarter goes once all of it is past the retention.
    hrBeforeQuarter: quarterOf(dayOf(before(days.hrLog))),
    appraisalBeforeQuarter: quarterOf(dayOf(before(days.appraisal))),
    auditBefore: before(days.audit),
    // The reference and settings serve cases: kept, after the last use, as long as a closed case is.
    managersInactiveBefore: before(days.cases),
    // A fixed year: only long enough to count a repeated click once.
    appraisalTokensBefore: tokensForgottenBefore(now.toISOString()),
  };
}
