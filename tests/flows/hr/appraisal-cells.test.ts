import { HR_CUBE_CELLS } from '../../../flows/hr/aggregate';
import { APPRAISAL_CELLS, APPRAISAL_RELATIONS, meetsAppraisal } from '../../../flows/hr/appraisal-cells';
import type { AppraisalCounter } from '../../../flows/hr/appraisal-cells';
import { NOT_ASKED_REASONS } from '../../../flows/appraisal/types';
import { APPRAISALS, HR_APPRAISAL_TABLES } from '../../../flows/hr/measures';

/** Every answer a manager can record, as the store keeps it (one conversation each). */
const EVERY_ANSWER: AppraisalCounter[] = [
  { orgUnit: 'Beleid', quarter: '2026-Q4', asked: true, signalled: false, notAskedReason: null, count: 1 },
  { orgUnit: 'Beleid', quarter: '2026-Q4', asked: true, signalled: true, notAskedReason: null, count: 1 },
  ...NOT_ASKED_REASONS.map((reason) => ({ orgUnit: 'Beleid', quarter: '2026-Q4', asked: false, signalled: false, notAskedReason: reason, count: 1 })),
];

const inCell = (counter: AppraisalCounter, id: string) => meetsAppraisal(counter, APPRAISAL_CELLS.find((cell) => cell.id === id)!.condition);

describe('the cells of the appraisal section', () => {
  it('have unique ids, apart from the case cells, with every population one of them', () => {
    expect(new Set(HR_CUBE_CELLS).size).toBe(HR_CUBE_CELLS.length);
    expect(APPRAISAL_CELLS[0]!.id).toBe(APPRAISALS);
    for (const table of HR_APPRAISAL_TABLES) expect(APPRAISAL_CELLS.some((cell) => cell.id === table.population)).toBe(true);
  });

  it('count every recorded conversation in exactly one category of each table whose population it is in', () => {
    for (const counter of EVERY_ANSWER) {
      expect(inCell(counter, APPRAISALS)).toBe(true);
      for (const relation of APPRAISAL_RELATIONS) {
        const parts = relation.parts.filter((part) => inCell(counter, part)).length;
        expect([counter, relation.total, parts]).toEqual([counter, relation.total, inCell(counter, relation.total) ? 1 : 0]);
      }
    }
  });

  it('put a not-asked reason only under "not asked", and signalled only under "asked"', () => {
    const [nothing, signalled, noTime] = EVERY_ANSWER;
    expect(inCell(noTime!, 'appraisalNotAskedReason.noTime')).toBe(true);
    expect(inCell(noTime!, 'appraisalAsked.asked')).toBe(false);
    expect(inCell(signalled!, 'appraisalSignalled.signalled')).toBe(true);
    expect(inCell(nothing!, 'appraisalSignalled.signalled')).toBe(false);
  });
});
