import { HR_TABLES } from '../../../flows/hr/measures';

describe('the HR catalogue', () => {
  it('has unique table ids', () => {
    expect(new Set(HR_TABLES.map((t) => t.id)).size).toBe(HR_TABLES.length);
  });

  it('names, for every table with a share, one of its own categories', () => {
    const withShare = HR_TABLES.filter((t) => t.share !== undefined);
    expect(withShare.map((t) => t.id)).toEqual(['appraisalAsked', 'appraisalSignalled']);
    for (const table of withShare) expect(table.categories.map((c) => c.code)).toContain(table.share);
  });
});
