/**
 * The bulk HR data of the bench must be what the bot itself would have stored: the projection and
 * aggregates consistent with the log, every unit and year used, the exact number of rows asked for.
 */
import { addCase, emptyAggregate } from '../../flows/hr/cells';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { projectHrCase } from '../../flows/hr/projection';
import { benchOrgUnits, generateHrCases } from '../../bench/hr-data';

describe('generated HR data', () => {
  const orgUnits = benchOrgUnits(12);
  const aggregates = new Map<string, HrAggregateRow>();
  const cases = [...generateHrCases({ rows: 5000, orgUnits, firstYear: 2024, years: 3 }, aggregates)];
  const rows = cases.flatMap((c) => c.rows);

  it('has exactly the rows asked for, spread over every unit and year', () => {
    expect(rows).toHaveLength(5000);
    expect(new Set(rows.map((r) => r.orgUnit))).toEqual(new Set(orgUnits));
    expect(new Set(cases.map((c) => c.projection.quarter.slice(0, 4)))).toEqual(new Set(['2024', '2025', '2026']));
    expect(new Set(rows.map((r) => r.transition))).toEqual(
      new Set([
        'signalRecorded', 'safetyEnsured', 'conversationRecorded', 'addressPrepared', 'addressHeld', 'factsEstablished', 'teamTalkHeld', 'closed',
        'repetitionReported', 'sanctionDecided', 'teamTalkSkipped', 'formalReportStarted', 'reportFiled', 'reportAcknowledged', 'reportConcluded',
      ]),
    );
  });

  it('holds codes only, with a keyed-hash-shaped case key', () => {
    for (const row of rows.slice(0, 200)) {
      expect(row.caseKey).toMatch(/^[0-9a-f]{64}$/);
      expect(row.isoWeek).toMatch(/^\d{4}-W\d{2}$/);
    }
  });

  it('keeps each projection and the aggregates exactly as folding the log would', () => {
    const expected = new Map<string, HrAggregateRow>();
    for (const c of cases) {
      expect(projectHrCase(null, c.caseKey, c.rows)).toEqual(c.projection);
      const key = `${c.projection.quarter}\u0000${c.projection.orgUnit}`;
      const row = expected.get(key) ?? emptyAggregate(c.projection.quarter, c.projection.orgUnit);
      addCase(row, c.projection, 1);
      expected.set(key, row);
    }
    expect(aggregates).toEqual(expected);
  });
});
