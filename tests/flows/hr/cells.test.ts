import fc from 'fast-check';
import { addCase, aggregateChange, aggregatesOfCases, CELL_INDEX, emptyAggregate, HR_CELLS, intervalDaysOf, isEmptyAggregate, meets, sumAggregates, WITHIN_RELATIONS } from '../../../flows/hr/cells';
import type { HrCase } from '../../../flows/hr/projection';
import { HR_CASE_TABLES } from '../../../flows/hr/measures';
import { projectHrCase } from '../../../flows/hr/projection';
import { randomWalkEntries } from '../../bot/hr/helpers/hr-entries';

const KEY = 'b'.repeat(64);
/** The projection of a random walk through the machine that recorded at least one step. */
const walkedCase = fc
  .array(fc.nat(40), { minLength: 1, maxLength: 30 })
  .map(randomWalkEntries)
  .filter((entries) => entries.length > 0)
  .map((entries) => projectHrCase(null, KEY, entries)!);

describe('the cells HR counts', () => {
  it('has a unique id per cell, and every case table population is a cell', () => {
    expect(new Set(HR_CELLS.map((c) => c.id)).size).toBe(HR_CELLS.length);
    for (const table of HR_CASE_TABLES) expect(CELL_INDEX.has(table.population)).toBe(true);
  });

  it('puts every case in exactly one category of each table whose population it belongs to', () => {
    fc.assert(
      fc.property(walkedCase, (c) => {
        const inCell = (id: string) => meets(c, HR_CELLS[CELL_INDEX.get(id)!]!.condition);
        for (const relation of WITHIN_RELATIONS) {
          const parts = relation.parts.filter(inCell).length;
          expect([relation.total, parts]).toEqual([relation.total, inCell(relation.total) ? 1 : 0]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts a category that is the sameAs of another in that one cell, and only when it holds exactly the same cases', () => {
    const aliases = HR_CASE_TABLES.flatMap((table) => table.categories.filter((c) => c.sameAs !== undefined).map((c) => ({ table: table.id, category: c })));
    expect(aliases.map(({ table, category }) => [table, category.code, category.sameAs])).toEqual([['route', 'routedAway', 'highestRung.routedAway']]);
    for (const { table, category } of aliases) {
      expect(CELL_INDEX.has(`${table}.${category.code}`)).toBe(false);
      expect(WITHIN_RELATIONS.find((r) => r.total === 'cases' && r.parts.includes(category.sameAs!))!.parts).toContain('route.ownTeam');
    }
    fc.assert(
      fc.property(walkedCase, (c) => {
        for (const { category } of aliases) expect(meets(c, category.when)).toBe(meets(c, HR_CELLS[CELL_INDEX.get(category.sameAs!)!]!.condition));
      }),
      { numRuns: 300 },
    );
  });

  it('adds a case to its aggregate row and takes it out again without a trace', () => {
    fc.assert(
      fc.property(walkedCase, (c) => {
        const row = emptyAggregate(c.quarter, c.orgUnit);
        addCase(row, c, 1);
        expect(row.counts[CELL_INDEX.get('cases')!]).toBe(1);
        for (const [interval, days] of intervalDaysOf(c)) expect(row.days[interval]![days]).toBe(1);
        addCase(row, c, -1);
        expect(row).toEqual(emptyAggregate(c.quarter, c.orgUnit));
      }),
      { numRuns: 100 },
    );
  });

  it('sums the changes of a case, turn by turn, to what the case adds in the end', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 1, maxLength: 30 }).map(randomWalkEntries), fc.nat(5), (entries, cut) => {
        fc.pre(entries.length > 0);
        // The turns of one case: a few entries each, every change against the projection before it.
        let previous: HrCase | null = null;
        const changes = [];
        for (let at = 0; at < entries.length; at += 1 + cut) {
          const next: HrCase = projectHrCase(previous, KEY, entries.slice(at, at + 1 + cut))!;
          changes.push(aggregateChange(previous, next));
          previous = next;
        }
        expect(sumAggregates(changes)).toEqual(aggregatesOfCases([previous!]));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps one row per quarter and unit, and a change that moves nothing adds nothing', () => {
    fc.assert(
      fc.property(fc.array(walkedCase, { minLength: 1, maxLength: 8 }), fc.constantFrom('Beleid', 'Staf'), (cases, unit) => {
        const placed = cases.map((c, i) => ({ ...c, orgUnit: i % 2 === 0 ? unit : 'Toezicht' }));
        const rows = aggregatesOfCases(placed);
        expect(new Set(rows.map((r) => `${r.quarter}/${r.orgUnit}`)).size).toBe(rows.length);
        expect(rows.reduce((n, r) => n + r.counts[CELL_INDEX.get('cases')!]!, 0)).toBe(cases.length);
        expect(sumAggregates([...rows, ...rows.map((r) => ({ ...r, counts: r.counts.map(() => 0), days: {} }))])).toEqual(rows);
        expect(isEmptyAggregate(aggregateChange(placed[0]!, placed[0]!))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
