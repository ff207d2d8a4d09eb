import { DEFAULT_RETENTION_DAYS, purgeCutoffs } from '../../../bot/retention/retention-periods';

describe('retention cutoffs', () => {
  it('count each kind back from now by its own number of days', () => {
    const now = new Date('2026-11-25T03:00:00.000Z');
    expect(purgeCutoffs(now, { cases: 730, notes: 365, reminders: 90, hrLog: 1826, appraisal: 1096, audit: 2557 })).toEqual({
      casesChangedBefore: '2024-11-25T03:00:00.000Z',
      notesWrittenBefore: '2025-11-25T03:00:00.000Z',
      remindersEndedBefore: '2026-08-27T03:00:00.000Z',
      // 2021-11-25 lies in 2021-Q4: only quarters before it have wholly passed the retention.
      hrBeforeQuarter: '2021-Q4',
      appraisalBeforeQuarter: '2023-Q4',
      auditBefore: '2019-11-25T03:00:00.000Z',
      // Managers without cases: as long as cases, from their last use of the bot.
      managersInactiveBefore: '2024-11-25T03:00:00.000Z',
      // Appraisal tokens: a fixed 366 days, by calendar day.
      appraisalTokensBefore: '2025-11-24',
    });
  });

  it('default to two years for case data and five for HR, appraisal and audit data', () => {
    expect(DEFAULT_RETENTION_DAYS).toEqual({ cases: 730, notes: 730, reminders: 90, hrLog: 1826, appraisal: 1826, audit: 1826 });
  });
});
