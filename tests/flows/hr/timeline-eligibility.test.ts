import { timelineEligible } from '../../../flows/hr/timeline-eligibility';

const K = 10;
const shown = (value: number) => ({ value, suppressed: false });
const hidden = { value: null, suppressed: true };

describe('which unit × quarter HR may read as timelines', () => {
  it('only one whose number of cases the tables publish, at least k', () => {
    expect(timelineEligible(shown(12), K, undefined)).toBe(true);
    expect(timelineEligible(shown(9), K, undefined)).toBe(false);
    // 12 cases that the tables hide (a complement): counting the timelines would publish them.
    expect(timelineEligible(hidden, K, undefined)).toBe(false);
  });

  it('and only when the operational store does not say no (padding, issue 19 §2)', () => {
    expect(timelineEligible(shown(40), K, false)).toBe(false);
    expect(timelineEligible(shown(40), K, true)).toBe(true);
    expect(timelineEligible(hidden, K, true)).toBe(false);
  });
});
