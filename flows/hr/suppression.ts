/**
 * Small-group suppression over a set of additive relations (`total = part + part + …`), pure.
 *
 * Cells are numbered; a relation says one cell is the sum of others. A cell may sit in many
 * relations (a unit's count is a part of the all-units total and the total of its own categories).
 *
 * 1. Primary suppression: every cell below k (zero included), and every untrusted cell, is hidden.
 * 2. Complementary suppression, repeated until nothing changes. For each relation, with U its hidden
 *    parts:
 *    | total         | requirement                                   | otherwise hide                        |
 *    |---------------|-----------------------------------------------|---------------------------------------|
 *    | visible       | U adds up to 0, or ≥ 2 cells in U sum to ≥ k (untrusted ones as 0) | the smallest visible part; if none is left, the total |
 *    | hidden        | at least one cell in U                         | the smallest visible part             |
 *    The first row stops "total minus the visible parts"; requiring the hidden parts to sum to at
 *    least k also stops that subtraction from revealing a small group made of several categories.
 *
 * `keep` marks cells that stay published whatever the rules would choose (the all-units totals
 * per quarter, issue 19): they are never chosen as complements. Every hidden cell counts as
 * protection: nothing HR publishes reveals a cell outside these tables (no "known" units).
 *
 * `untrusted` marks cells whose count may be made of padding (issue 19 §2: a unit × quarter the
 * operational store does not flag as large enough). They are hidden whatever their count, and
 * towards the k of the first row they count as 0: whoever padded knows their own cases and
 * subtracts them, so only the hidden cells that are not untrusted make a group of at least k.
 *
 * These rules look at one relation at a time; cube-suppression.ts runs them and then audits the
 * whole cube, since an attacker combines relations.
 *
 * Relations are packed (relation r: total `totals[r]`, parts `parts[start[r] … start[r+1]-1]`):
 * a year's cube has tens of thousands of them and is suppressed on every request.
 */

export interface Relation {
  total: number;
  parts: readonly number[];
}

export interface PackedRelations {
  totals: Int32Array;
  /** Length: number of relations + 1. */
  start: Int32Array;
  parts: Int32Array;
}

export function packRelations(relations: readonly Relation[]): PackedRelations {
  const start = new Int32Array(relations.length + 1);
  relations.forEach((relation, r) => (start[r + 1] = start[r]! + relation.parts.length));
  const parts = new Int32Array(start[relations.length]!);
  relations.forEach((relation, r) => parts.set(relation.parts, start[r]));
  return { totals: Int32Array.from(relations, (relation) => relation.total), start, parts };
}

export interface SuppressionInput {
  values: ArrayLike<number>;
  relations: PackedRelations;
  /** Minimum group size (HR_MIN_GROUP_SIZE). */
  k: number;
  /** Cells that stay published: never chosen as complements. */
  keep?: ArrayLike<boolean | number>;
  /** Cells whose count may be padding: hidden, and worth 0 towards k (see above). */
  untrusted?: ArrayLike<boolean | number>;
}

/** For each cell, the relations it is in (as total or part), packed the same way. */
export function relationsOfCells(count: number, { totals, start, parts }: PackedRelations): { start: Int32Array; relations: Int32Array } {
  const degree = new Int32Array(count + 1);
  for (let r = 0; r < totals.length; r += 1) {
    degree[totals[r]! + 1]! += 1;
    for (let i = start[r]!; i < start[r + 1]!; i += 1) degree[parts[i]! + 1]! += 1;
  }
  for (let cell = 0; cell < count; cell += 1) degree[cell + 1]! += degree[cell]!;
  const fill = degree.slice(0, count);
  const relations = new Int32Array(degree[count]!);
  for (let r = 0; r < totals.length; r += 1) {
    relations[fill[totals[r]!]!++] = r;
    for (let i = start[r]!; i < start[r + 1]!; i += 1) relations[fill[parts[i]!]!++] = r;
  }
  return { start: degree, relations };
}

/**
 * The per-relation rules above, run incrementally: `hide` more cells from outside (the audit of
 * cube-suppression.ts does), then `settle` applies the rules again to the relations they are in.
 */
export interface ComplementarySuppression {
  /** hidden[i] is 1 when cell i must be shown as suppressed. */
  readonly hidden: Uint8Array;
  hide(cell: number): void;
  /** Applies the rules until nothing changes; returns the cells hidden since the last settle. */
  settle(): number[];
}

export function complementarySuppression({ values, relations, k, keep, untrusted }: SuppressionInput): ComplementarySuppression {
  const count = values.length;
  const { totals, start, parts } = relations;
  const hidden = new Uint8Array(count);
  const newlyHidden: number[] = [];
  const isUntrusted = (i: number) => Boolean(untrusted?.[i]);
  for (let i = 0; i < count; i += 1) {
    if (values[i]! < k || isUntrusted(i)) {
      hidden[i] = 1;
      newlyHidden.push(i);
    }
  }
  const isKept = (i: number) => Boolean(keep?.[i]);
  const byCell = relationsOfCells(count, relations);

  const queue: number[] = Array.from(totals.keys());
  const queued = new Uint8Array(totals.length).fill(1);
  const hide = (cell: number) => {
    if (hidden[cell]) return;
    hidden[cell] = 1;
    newlyHidden.push(cell);
    for (let i = byCell.start[cell]!; i < byCell.start[cell + 1]!; i += 1) {
      const r = byCell.relations[i]!;
      if (!queued[r]) {
        queued[r] = 1;
        queue.push(r);
      }
    }
  };
  /** The smallest part that is still visible and not kept, lowest number first on ties. */
  const complementOf = (r: number): number | null => {
    let best: number | null = null;
    for (let i = start[r]!; i < start[r + 1]!; i += 1) {
      const part = parts[i]!;
      if (hidden[part] || isKept(part)) continue;
      if (best === null || values[part]! < values[best]!) best = part;
    }
    return best;
  };
  const check = (r: number) => {
    const total = totals[r]!;
    let hiddenParts = 0;
    let hiddenSum = 0;
    /** The hidden parts' sum without the untrusted ones: what a padder cannot subtract. */
    let trustedSum = 0;
    for (let i = start[r]!; i < start[r + 1]!; i += 1) {
      if (hidden[parts[i]!]) {
        hiddenParts += 1;
        hiddenSum += values[parts[i]!]!;
        if (!isUntrusted(parts[i]!)) trustedSum += values[parts[i]!]!;
      }
    }
    if (hidden[total]) {
      if (hiddenParts === 0) {
        const complement = complementOf(r);
        if (complement !== null) hide(complement);
      }
      return;
    }
    // Hidden parts that add up to 0 are zeros: a hidden zero needs no protection of its own (issue 19).
    while (hiddenSum > 0 && (hiddenParts < 2 || trustedSum < k)) {
      const complement = complementOf(r);
      if (complement === null) {
        if (!hidden[total] && !isKept(total)) hide(total);
        break;
      }
      hide(complement);
      hiddenParts += 1;
      hiddenSum += values[complement]!;
      trustedSum += values[complement]!;
    }
  };

  return {
    hidden,
    hide,
    settle() {
      for (let head = 0; head < queue.length; head += 1) {
        queued[queue[head]!] = 0;
        check(queue[head]!);
      }
      queue.length = 0;
      return newlyHidden.splice(0);
    },
  };
}
