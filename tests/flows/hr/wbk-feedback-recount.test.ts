import { daysBetween, isoWeek } from '../../../flows/calendar';
import { recountWbkFeedback } from '../../../flows/hr/wbk-feedback-recount';
import type { NumberedHrLogRow } from '../../../flows/hr/wbk-feedback-recount';

const KEY = 'b'.repeat(64);
const SIGNAL = '2026-11-02';

/** A row as code before migration 011 wrote it, recorded on `day`. */
function row(id: number, transition: string, outcome: string | null, day: string, deadlineMet: boolean | null = null, caseKey = KEY): NumberedHrLogRow {
  return {
    id,
    caseKey,
    rung: transition === 'signalRecorded' ? 'signal' : 'formalReport',
    route: 'ownTeam',
    transition,
    outcome,
    categories: ['insult'],
    source: 'affectedEmployee',
    orgUnit: 'Beleid',
    isoWeek: isoWeek(day),
    daysSinceSignal: daysBetween(SIGNAL, day),
    deadlineMet,
  };
}

const signalled = row(1, 'signalRecorded', 'regular', SIGNAL);
const filed = row(2, 'reportFiled', 'whistleblower', '2026-11-06');
const acknowledged = row(3, 'reportAcknowledged', null, '2026-11-10', true);

describe('recounting the Wbk feedback deadline of migration 011', () => {
  it('counts from the acknowledgement: feedback 3 months after it is met, though more than 3 months after filing', () => {
    // Filing + 3 months is 6 February 2027: the code before 011 logged "missed".
    const concluded = row(4, 'reportConcluded', 'upheld', '2027-02-10', false);
    // The conversation as the log recorded it before issue 18: read and folded, its "notListened" not used.
    const conversation = { ...row(5, 'conversationRecorded', 'notListened', '2026-11-03'), rung: 'address' };
    const recount = recountWbkFeedback([signalled, conversation, filed, acknowledged, concluded]);
    expect(recount.changed).toEqual([{ id: 4, deadlineMet: true }]);
    expect(recount.projections).toHaveLength(1);
    expect(recount.projections[0]).toMatchObject({ caseKey: KEY, reportRoute: 'whistleblower', reportOutcome: 'upheld', whistleblowerAck: 'met', whistleblowerFeedback: 'met' });
    expect(recount.projections[0]!.days.conversation).toBe(1);
    expect(JSON.stringify(recount.projections[0])).not.toMatch(/listen/i);
  });

  it('leaves a flag missed when feedback came after 3 months from the acknowledgement', () => {
    const concluded = row(4, 'reportConcluded', 'upheld', '2027-02-17', false);
    expect(recountWbkFeedback([signalled, filed, acknowledged, concluded])).toEqual({ changed: [], projections: [] });
  });

  it('counts from the end of the 7 days when no acknowledgement was logged', () => {
    // Filed 6 November: the 7 days end on 13 November, the term on 13 February 2027.
    expect(recountWbkFeedback([signalled, filed, row(4, 'reportConcluded', 'upheld', '2027-02-12', false)]).changed).toEqual([{ id: 4, deadlineMet: true }]);
    expect(recountWbkFeedback([signalled, filed, row(4, 'reportConcluded', 'upheld', '2027-02-22', false)]).changed).toEqual([]);
  });

  it('keeps a met flag, and leaves integrity reports and rows without day offsets alone', () => {
    expect(recountWbkFeedback([signalled, filed, acknowledged, row(4, 'reportConcluded', 'upheld', '2027-06-01', true)]).changed).toEqual([]);
    const integrity = row(2, 'reportFiled', 'integrity', '2026-11-06');
    expect(recountWbkFeedback([signalled, integrity, row(4, 'reportConcluded', 'upheld', '2027-02-10', false)]).changed).toEqual([]);
    const noOffset = { ...row(4, 'reportConcluded', 'upheld', '2027-02-10', false), daysSinceSignal: null };
    expect(recountWbkFeedback([signalled, filed, acknowledged, noOffset]).changed).toEqual([]);
  });

  it('recounts each report of a case against its own filing and acknowledgement', () => {
    const first = row(4, 'reportConcluded', 'upheld', '2027-02-10', false);
    const refiled = row(5, 'reportFiled', 'whistleblower', '2027-03-01');
    // The second report has no acknowledgement: its term runs from 8 March to 8 June 2027.
    const second = row(6, 'reportConcluded', 'notUpheld', '2027-06-07', false);
    const other = [row(10, 'signalRecorded', 'regular', SIGNAL, null, 'c'.repeat(64))];
    const recount = recountWbkFeedback([signalled, filed, acknowledged, first, refiled, second, ...other]);
    expect(recount.changed).toEqual([
      { id: 4, deadlineMet: true },
      { id: 6, deadlineMet: true },
    ]);
    expect(recount.projections.map((p) => p.caseKey)).toEqual([KEY]);
    expect(recount.projections[0]).toMatchObject({ reportOutcome: 'notUpheld', whistleblowerFeedback: 'met', whistleblowerAck: null });
  });
});
