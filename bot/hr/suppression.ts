/**
 * Small-group suppression over a set of additive relations (`total = part + part + …`), pure.
 *
 * Cells are numbered; a relation says one cell is the sum of others. A cell may sit in many
 * relations (a unit's count is a part of the all-units total and the total of its own categories).
 *
 * 1. Primary suppression: every cell below k (zero included) is hidden.
 * 2. Complementary suppression, repeated until nothing changes. For each relation, with U the hidden
 *    parts an attacker does not otherwise know:
 *    | total         | requirement                                   | otherwise hide                        |
 *    |---------------|-----------------------------------------------|---------------------------------------|
 *    | visible/known | U empty, or ≥ 2 cells in U that sum to ≥ k     | the smallest visible part; if none is left, the total |
 *    | hidden        | at least one cell in U                         | the smallest visible part             |
 *    The first row stops "total minus the visible parts"; requiring the hidden parts to sum to at
 *    least k also stops that subtraction from revealing a small group made of several categories.
 *
 * `known` marks cells an HR user can learn another way (the pseudonymous timelines of large
 * units): they never count as protection, and are never chosen as complements.
 */

export interface Relation {
  total: number;
  parts: readonly number[];
}

export interface SuppressionInput {
  values: ArrayLike<number>;
  relations: readonly Relation[];
  /** Minimum group size (HR_MIN_GROUP_SIZE). */
  k: number;
  known?: ArrayLike<boolean | number>;
}

/** hidden[i] is 1 when cell i must be shown as suppressed. */
export function suppress({ values, relations, k, known }: SuppressionInput): Uint8Array {
  const count = values.length;
  const hidden = new Uint8Array(count);
  for (let i = 0; i < count; i += 1) if (values[i]! < k) hidden[i] = 1;
  const isKnown = (i: number) => Boolean(known?.[i]);
  const unknownHidden = (i: number) => hidden[i] === 1 && !isKnown(i);

  const relationsOf: number[][] = Array.from({ length: count }, () => []);
  relations.forEach((relation, r) => {
    relationsOf[relation.total]!.push(r);
    for (const part of relation.parts) relationsOf[part]!.push(r);
  });

  const queue: number[] = relations.map((_, r) => r);
  const queued = new Uint8Array(relations.length).fill(1);
  const hide = (cell: number) => {
    hidden[cell] = 1;
    for (const r of relationsOf[cell]!) {
      if (!queued[r]) {
        queued[r] = 1;
        queue.push(r);
      }
    }
  };
  /** The smallest part that is still visible and not known, lowest number first on ties. */
  const complementOf = (relation: Relation): number | null => {
    let best: number | null = null;
    for (const part of relation.parts) {
      if (hidden[part] || isKnown(part)) continue;
      if (best === null || values[part]! < values[best]!) best = part;
    }
    return best;
  };

  for (let head = 0; head < queue.length; head += 1) {
    const r = queue[head]!;
    queued[r] = 0;
    const relation = relations[r]!;
    let hiddenParts = 0;
    let hiddenSum = 0;
    for (const part of relation.parts) {
      if (unknownHidden(part)) {
        hiddenParts += 1;
        hiddenSum += values[part]!;
      }
    }
    if (unknownHidden(relation.total)) {
      if (hiddenParts === 0) {
        const complement = complementOf(relation);
        if (complement !== null) hide(complement);
      }
      continue;
    }
    while (hiddenParts > 0 && (hiddenParts < 2 || hiddenSum < k)) {
      const complement = complementOf(relation);
      if (complement === null) {
        if (!hidden[relation.total] && !isKnown(relation.total)) hide(relation.total);
        break;
      }
      hide(complement);
      hiddenParts += 1;
      hiddenSum += values[complement]!;
    }
  }
  return hidden;
}
