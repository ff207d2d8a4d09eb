/**
 * Migration 011's recount of the Wbk feedback deadline in the HR log: the 3 months run from the
 * acknowledgement of receipt, or, without one, from the end of the 7 days (whistleblowerFeedbackDue
 * in flows/escalation/effects.ts), where code before it counted them from the filing. Pure, so both
 * stores recount exactly the same way; the store reads the rows, writes the changed flags, saves
 * the refolded projections and recomputes the aggregates in the migration's transaction.
 *
 * The HR log keeps no dates: only the ISO week of each row and its days since the signal, both of
 * the day the step was recorded. Within one report (filed → acknowledged → concluded) the offsets
 * share one signal date, so the days from the start of the term to the conclusion are exact; the
 * weeks tell on which days the term can have started. A flag becomes `met` only when the conclusion
 * falls within the term for every such day. A flag that was `met` stays so: the new term never ends
 * before the old one (the acknowledgement and day 7 both come after the filing).
 */
import { addDays, thursdayOfIsoWeek } from '../calendar';
import { whistleblowerFeedbackDue } from '../escalation/effects';
import type { IsoDate } from '../escalation/types';
import type { HrLogRow } from './log';
import { foldHrCase } from './projection';
import type { HrCase } from './projection';

/** An HR log row with its place in the log. */
export type NumberedHrLogRow = HrLogRow & { id: number };

export interface WbkFeedbackRecount {
  /** The reportConcluded rows whose deadline flag changes. */
  changed: Array<{ id: number; deadlineMet: boolean }>;
  /** The projections of the cases with a changed row, folded again from their whole log. */
  projections: HrCase[];
}

/** The seven days of an ISO week, Monday first. */
function daysOfWeek(isoWeek: string): IsoDate[] {
  const monday = addDays(thursdayOfIsoWeek(isoWeek), -3);
  return [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i));
}

/**
 * Whether feedback came within the term, as far as the log can tell: null when the rows lack the
 * day offsets or contradict each other.
 */
function metByLog(filed: NumberedHrLogRow, acknowledged: NumberedHrLogRow | null, concluded: NumberedHrLogRow): boolean | null {
  const start = acknowledged ?? filed;
  if (start.daysSinceSignal === null || concluded.daysSinceSignal === null) return null;
  const span = concluded.daysSinceSignal - start.daysSinceSignal;
  const concludedWeek = daysOfWeek(concluded.isoWeek);
  const verdicts = daysOfWeek(start.isoWeek)
    .filter((day) => concludedWeek.includes(addDays(day, span)))
    .map((day) => addDays(day, span) <= whistleblowerFeedbackDue(acknowledged ? { acknowledgedOn: day } : { filedOn: day }));
  return verdicts.length === 0 ? null : verdicts.every(Boolean);
}

/** The feedback flags of one case's rows (in log order) that change under the new term. */
function changesOfCase(rows: readonly NumberedHrLogRow[]): Map<number, boolean> {
  const changes = new Map<number, boolean>();
  let filed: NumberedHrLogRow | null = null;
  let acknowledged: NumberedHrLogRow | null = null;
  for (const row of rows) {
    if (row.transition === 'reportFiled') {
      filed = row.outcome === 'whistleblower' ? row : null;
      acknowledged = null;
    } else if (row.transition === 'reportAcknowledged' && filed) {
      acknowledged = row;
    } else if (row.transition === 'reportConcluded' && filed) {
      if (row.deadlineMet === false && metByLog(filed, acknowledged, row) === true) changes.set(row.id, true);
      filed = null;
    }
  }
  return changes;
}

/** The recount over the log rows of some cases, each case's rows in log order. */
export function recountWbkFeedback(rows: readonly NumberedHrLogRow[]): WbkFeedbackRecount {
  const byCase = new Map<string, NumberedHrLogRow[]>();
  for (const row of rows) byCase.set(row.caseKey, [...(byCase.get(row.caseKey) ?? []), row]);
  const result: WbkFeedbackRecount = { changed: [], projections: [] };
  for (const [caseKey, caseRows] of byCase) {
    const changes = changesOfCase(caseRows);
    if (changes.size === 0) continue;
    for (const [id, deadlineMet] of changes) result.changed.push({ id, deadlineMet });
    let projection: HrCase | null = null;
    for (const row of caseRows) projection = foldHrCase(projection, caseKey, { ...row, deadlineMet: changes.get(row.id) ?? row.deadlineMet });
    result.projections.push(projection!);
  }
  return result;
}
