/**
 * The cells of the appraisal section (measures.ts, root `appraisals`) and what the anonymous
 * appraisal counters of issue 5 add to them. Pure.
 *
 * A counter is already an aggregate: how many appraisal conversations one unit recorded in one
 * quarter with the same answers (asked, signalled, not-asked reason). It adds its `count` — that
 * many conversations, not one record — to every cell its answers meet. No counter names a case or
 * a person, and no timeline shows them, so HR cannot learn these cells another way: the cube never
 * treats them as known (aggregate.ts).
 */
import { cellId, withinRelationsOf } from './cells';
import type { CellRelation } from './cells';
import { APPRAISALS, HR_APPRAISAL_TABLES } from './measures';
import type { HrAppraisalCondition } from './measures';

/** One counter as the store sums it (`appraisalCounts`, bot/store/reminder-store.ts). */
export interface AppraisalCounter {
  orgUnit: string;
  /** `2026-Q4`. */
  quarter: string;
  asked: boolean;
  signalled: boolean;
  notAskedReason: string | null;
  /** Conversations. */
  count: number;
}

export interface AppraisalCellDef {
  id: string;
  condition: HrAppraisalCondition;
}

/** `appraisals` first, then every appraisal table's categories. */
export const APPRAISAL_CELLS: readonly AppraisalCellDef[] = [
  { id: APPRAISALS, condition: {} },
  ...HR_APPRAISAL_TABLES.flatMap((table) => table.categories.map((category) => ({ id: cellId(table.id, category.code), condition: category.when }))),
];

export const APPRAISAL_RELATIONS: readonly CellRelation[] = withinRelationsOf(HR_APPRAISAL_TABLES, APPRAISAL_CELLS);

export function meetsAppraisal(counter: AppraisalCounter, condition: HrAppraisalCondition): boolean {
  return (Object.keys(condition) as Array<keyof HrAppraisalCondition>).every((answer) => counter[answer] === condition[answer]);
}
