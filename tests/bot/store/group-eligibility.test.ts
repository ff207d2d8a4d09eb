/**
 * The rule that decides whether a unit × quarter may be shown case by case (issue 19 §2), pure:
 * one account's cases never lift a group, whatever the real cases are; a group needs 3 managers;
 * a case counts in the quarter of its signal's ISO week.
 */
import fc from 'fast-check';
import { createdAtRange, eligibleGroups, hrQuarterOf, MIN_MANAGERS_PER_GROUP } from '../../../bot/store/group-eligibility';
import type { EligibilityCase } from '../../../bot/store/group-eligibility';

const Q4 = '2026-Q4';
const AT = '2026-11-03T09:00:00.000Z';
const casesOf = (owner: string, n: number, orgUnit = 'Toezicht', createdAt = AT): EligibilityCase[] => Array.from({ length: n }, () => ({ orgUnit, ownerId: owner, createdAt }));

describe('eligibleGroups', () => {
  it('never lets one account lift a group: with its cases eligible means k real cases without them', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 6 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 5, max: 12 }), (real, padding, k) => {
        const realCases = real.flatMap((n, m) => casesOf(`real-${m}`, n));
        const padded = [...realCases, ...casesOf('padder', padding)];
        if (eligibleGroups(padded, [Q4], k).length > 0) expect(realCases.length).toBeGreaterThanOrEqual(k);
      }),
    );
  });

  it(`needs ${MIN_MANAGERS_PER_GROUP} managers however many cases two of them have`, () => {
    expect(eligibleGroups([...casesOf('a', 30), ...casesOf('b', 30)], [Q4], 10)).toEqual([]);
    expect(eligibleGroups([...casesOf('a', 30), ...casesOf('b', 30), ...casesOf('c', 1)], [Q4], 10)).toEqual([{ quarter: Q4, orgUnit: 'Toezicht' }]);
  });

  it('decides each unit and quarter on its own', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].flatMap((owner) => casesOf(owner, 3, 'Beleid'));
    const otherQuarter = ['a', 'b', 'c', 'd', 'e'].flatMap((owner) => casesOf(owner, 1, 'Beleid', '2026-05-05T09:00:00.000Z'));
    expect(eligibleGroups([...many, ...otherQuarter, ...casesOf('x', 3)], ['2026-Q2', Q4], 10)).toEqual([{ quarter: Q4, orgUnit: 'Beleid' }]);
  });
});

describe('the quarter of a case', () => {
  it('is the quarter of its signal’s ISO week, and the time range of some quarters reaches a week beyond them', () => {
    expect(hrQuarterOf('2027-01-01T09:00:00.000Z')).toBe('2026-Q4');
    expect(hrQuarterOf('2026-03-30T09:00:00.000Z')).toBe('2026-Q2');
    expect(createdAtRange(['2026-Q4'])).toEqual({ from: '2026-09-24T00:00:00.000Z', to: '2027-01-08T00:00:00.000Z' });
    expect(createdAtRange(['2026-Q1', '2026-Q2'])).toEqual({ from: '2025-12-25T00:00:00.000Z', to: '2026-07-08T00:00:00.000Z' });
  });
});
