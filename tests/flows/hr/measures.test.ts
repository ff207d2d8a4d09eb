import { HR_CASE_TABLES, HR_TABLES } from '../../../flows/hr/measures';
import { ROUTE_KINDS } from '../../../flows/escalation/types';
import { HR_CASE_COLUMNS } from '../../../flows/hr/projection';

describe('the HR catalogue', () => {
  it('has unique table ids', () => {
    expect(new Set(HR_TABLES.map((t) => t.id)).size).toBe(HR_TABLES.length);
  });

  it('names, for every table with a share, one of its own categories', () => {
    const withShare = HR_TABLES.filter((t) => t.share !== undefined);
    expect(withShare.map((t) => t.id)).toEqual(['appraisalAsked', 'appraisalSignalled']);
    for (const table of withShare) expect(table.categories.map((c) => c.code)).toContain(table.share);
  });

  it('splits the cases by the coarse route kind only, and the new outcomes within the cases they can happen in', () => {
    const table = (id: string) => HR_CASE_TABLES.find((t) => t.id === id)!;
    const shape = (id: string) => ({ theme: table(id).theme, population: table(id).population, codes: table(id).categories.map((c) => c.code) });
    expect(shape('route')).toEqual({ theme: 'handhaving', population: 'cases', codes: [...ROUTE_KINDS] });
    expect(shape('support')).toEqual({ theme: 'handelingsvaardigheid', population: 'route.ownTeam', codes: ['notSupportOnly', 'supportOnly', 'agreedLater', 'ended'] });
    expect(shape('factFinding')).toEqual({ theme: 'handhaving', population: 'cases', codes: ['noFactFinding', 'confirmed', 'notConfirmed'] });
    expect(shape('handOverFollowUp')).toEqual({ theme: 'handhaving', population: 'route.handOver', codes: ['notFollowedUp', 'handled', 'notHandled'] });
    // Nothing finer than the route kind: the projection has no column for who did it or who was hit.
    expect(Object.values(HR_CASE_COLUMNS).filter((column) => /perpetrator|affected/i.test(column))).toEqual([]);
  });
});
