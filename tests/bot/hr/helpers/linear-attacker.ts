/**
 * An attacker who knows every published number and every additive relation of a table, and solves
 * the linear system for the hidden cells. Returns the hidden cells whose value the published
 * numbers pin down exactly — what suppression must never allow.
 *
 * Exact arithmetic modulo a prime (coefficients are small integers): a cell is determined when its
 * unit vector lies in the row space of the relations restricted to the hidden cells, i.e. when the
 * reduced row echelon form has a row with that cell as pivot and no free cells.
 */
const P = 67_108_859; // prime < 2^26: products stay exact in doubles

function mod(a: number): number {
  const r = a % P;
  return r < 0 ? r + P : r;
}

function inverse(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, mod(a)];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return mod(t);
}

export interface AttackRelation {
  total: number;
  parts: readonly number[];
}

/** The cells in `unknown` that the relations determine. */
export function determinedCells(relations: readonly AttackRelation[], unknown: ReadonlySet<number>): number[] {
  // Each relation: total − Σ parts = 0, restricted to unknown cells (the rest is a known constant).
  const rows: Map<number, number>[] = [];
  for (const relation of relations) {
    const row = new Map<number, number>();
    const add = (cell: number, coefficient: number) => {
      if (!unknown.has(cell)) return;
      const value = mod((row.get(cell) ?? 0) + coefficient);
      if (value === 0) row.delete(cell);
      else row.set(cell, value);
    };
    add(relation.total, 1);
    for (const part of relation.parts) add(part, -1);
    if (row.size > 0) rows.push(row);
  }
  // Gauss–Jordan elimination on sparse rows.
  const pivotRow = new Map<number, Map<number, number>>();
  for (let row of rows) {
    for (const [column, pivot] of pivotRow) {
      const factor = row.get(column);
      if (factor === undefined) continue;
      row = eliminate(row, pivot, column, factor);
    }
    if (row.size === 0) continue;
    const column = row.keys().next().value as number;
    const scale = inverse(row.get(column)!);
    for (const [c, v] of row) row.set(c, mod(v * scale));
    for (const [other, otherRow] of pivotRow) {
      const factor = otherRow.get(column);
      if (factor !== undefined) pivotRow.set(other, eliminate(otherRow, row, column, factor));
    }
    pivotRow.set(column, row);
  }
  return [...pivotRow.entries()].filter(([, row]) => row.size === 1).map(([column]) => column);
}

/** row − factor × pivot (pivot has 1 at `column`). */
function eliminate(row: Map<number, number>, pivot: Map<number, number>, column: number, factor: number): Map<number, number> {
  const out = new Map(row);
  for (const [c, v] of pivot) {
    const value = mod((out.get(c) ?? 0) - factor * v);
    if (value === 0) out.delete(c);
    else out.set(c, value);
  }
  out.delete(column);
  return out;
}
