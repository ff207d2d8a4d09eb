import { complementarySuppression, packRelations } from '../../../../flows/hr/suppression';
import type { Relation, SuppressionInput } from '../../../../flows/hr/suppression';

/** The per-relation rules of suppression.ts alone, run to the end: hidden[i] is 1 for a hidden cell. */
export function rulesOnly(input: Omit<SuppressionInput, 'relations'> & { relations: Relation[] }): Uint8Array {
  const suppression = complementarySuppression({ ...input, relations: packRelations(input.relations) });
  suppression.settle();
  return suppression.hidden;
}
