/**
 * The store contract for HR: the per-case projection kept in the turn's transaction, aggregates
 * that match the pure fold of the cases' HR log rows (flows/hr/cells.ts), and pseudonymous
 * timelines. Every store passes it: SQLite with one stored row per quarter and unit, PostgreSQL with
 * additive parts.
 */
import fc from 'fast-check';
import { addCase, CELL_INDEX, emptyAggregate } from '../../../../flows/hr/cells';
import type { HrAggregateRow } from '../../../../flows/hr/cells';
import { projectHrCase } from '../../../../flows/hr/projection';
import { caseKey } from '../../../../bot/crypto';
import type { CaseStore, HrLogEntry } from '../../../../bot/store/case-store';
import { sample } from '../../../flows/escalation/walk';
import { hrEntriesOf, randomWalkEntries } from '../../hr/helpers/hr-entries';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, turnFor } from '../fixtures/store';

const Q4 = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
const signal = sample('RECORD_SIGNAL');
const conversation = sample('RECORD_CONVERSATION');
const count = (rows: HrAggregateRow[], cell: string, unit?: string) =>
  rows.filter((r) => unit === undefined || r.orgUnit === unit).reduce((sum, r) => sum + r.counts[CELL_INDEX.get(cell)!]!, 0);
const byQuarterAndUnit = (rows: HrAggregateRow[]) => [...rows].sort((a, b) => `${a.quarter}/${a.orgUnit}`.localeCompare(`${b.quarter}/${b.orgUnit}`));

/** Commits a case's HR entries over consecutive turns, one entry per turn. */
export async function commitHrCase(store: CaseStore, caseId: string, entries: HrLogEntry[]): Promise<void> {
  for (const [index, entry] of entries.entries()) {
    const result = await store.commit(turnFor(caseId, index === 0 ? null : index, { orgUnit: entry.orgUnit, hrLog: [entry] }));
    expect(result.ok).toBe(true);
  }
}

export function hrContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  const harnesses: StoreHarness[] = [];

  async function fresh(label: string): Promise<{ harness: StoreHarness; store: CaseStore }> {
    const harness = await newHarness(label);
    harnesses.push(harness);
    return { harness, store: await harness.open(keys) };
  }

  afterAll(async () => {
    for (const harness of harnesses) await harness.dispose();
  });

  describe('the HR projection and aggregates', () => {
    it('keeps the aggregates in step with every turn', async () => {
      const { store } = await fresh('hr-step');
      await commitHrCase(store, 'case-a', hrEntriesOf([signal], 'Beleid'));
      let rows = await store.hrAggregates(Q4);
      expect(count(rows, 'cases')).toBe(1);
      expect(count(rows, 'listened.notRecorded')).toBe(1);
      await store.commit(turnFor('case-a', 1, { hrLog: hrEntriesOf([signal, conversation], 'Beleid').slice(1) }));
      rows = await store.hrAggregates(Q4);
      expect(count(rows, 'cases')).toBe(1);
      expect([count(rows, 'listened.notRecorded'), count(rows, 'listened.listened')]).toEqual([0, 1]);
      expect(rows[0]!.days.signalToConversation).toEqual({ '1': 1 });
      await store.close();
    });

    it('counts every cell and day span exactly as the pure fold of the cases’ HR log rows does', async () => {
      const { store } = await fresh('hr-equal');
      const walks = fc.sample(fc.array(fc.nat(40), { minLength: 1, maxLength: 30 }).map(randomWalkEntries), { numRuns: 60, seed: 4242 });
      const units = ['Beleid', 'Staf', 'Toezicht'];
      const expected = new Map<string, HrAggregateRow>();
      for (const [index, walk] of walks.entries()) {
        const entries = walk.map((entry) => ({ ...entry, orgUnit: units[index % units.length]! }));
        if (entries.length === 0) continue;
        await commitHrCase(store, `walk-${index}`, entries);
        const projection = projectHrCase(null, caseKey(keys.caseKeySecret, `walk-${index}`), entries)!;
        const key = `${projection.quarter}/${projection.orgUnit}`;
        const row = expected.get(key) ?? emptyAggregate(projection.quarter, projection.orgUnit);
        addCase(row, projection, 1);
        expected.set(key, row);
      }
      expect(expected.size).toBeGreaterThan(1);
      expect(byQuarterAndUnit(await store.hrAggregates(Q4))).toEqual(byQuarterAndUnit([...expected.values()]));
      await store.close();
    });

    it('writes nothing of a turn that fails, projection included', async () => {
      const { harness, store } = await fresh('hr-atomic');
      const broken = turnFor('case-b', null, { hrLog: hrEntriesOf([signal]), audit: [{ actor: 'x', action: 'transition', detail: 'not a code!' }] });
      await expect(store.commit(broken)).rejects.toMatchObject({ code: 'invalidCode' });
      expect(await harness.count('hr_cases')).toBe(0);
      expect(await store.hrAggregates(Q4)).toEqual([]);
      await store.close();
    });

    it('answers only for the quarters asked, and refuses a malformed quarter', async () => {
      const { store } = await fresh('hr-quarters');
      await commitHrCase(store, 'case-c', hrEntriesOf([signal], 'Toezicht'));
      expect(await store.hrAggregates(['2025-Q4'])).toEqual([]);
      expect((await store.hrAggregates(['2026-Q4'])).map((r) => [r.quarter, r.orgUnit])).toEqual([['2026-Q4', 'Toezicht']]);
      await expect(store.hrAggregates(["2026-Q4' OR 1=1 --"])).rejects.toMatchObject({ code: 'invalidCode', field: 'quarters' });
      await store.close();
    });

    it('rebuilds the projection from the HR log when a store opens with it empty', async () => {
      const { harness, store } = await fresh('hr-repair');
      await commitHrCase(store, 'case-d', hrEntriesOf([signal, conversation, sample('ADDRESS_PREPARED')], 'Beleid'));
      await commitHrCase(store, 'case-e', hrEntriesOf([sample('RECORD_SIGNAL', { perpetrator: 'self' })], 'Staf'));
      const before = byQuarterAndUnit(await store.hrAggregates(Q4));
      await store.close();
      const cases = await harness.rows('SELECT * FROM hr_cases ORDER BY case_key');
      await harness.exec('DELETE FROM hr_cases');
      if (harness.kind === 'sqlite') await harness.exec('DELETE FROM hr_aggregates');

      const rebuilt = await harness.open(keys);
      expect(byQuarterAndUnit(await rebuilt.hrAggregates(Q4))).toEqual(before);
      await rebuilt.close();
      expect(await harness.rows('SELECT * FROM hr_cases ORDER BY case_key')).toEqual(cases);
    });

    it('pages pseudonymous timelines by case key, with their events in order', async () => {
      const { store } = await fresh('hr-timelines');
      for (const id of ['t1', 't2', 't3']) await commitHrCase(store, id, hrEntriesOf([signal, conversation], 'Beleid'));
      await commitHrCase(store, 'other-unit', hrEntriesOf([signal], 'Staf'));
      const first = await store.hrTimelines({ quarters: ['2026-Q4'], orgUnits: ['Beleid'], limit: 2 });
      const rest = await store.hrTimelines({ quarters: ['2026-Q4'], orgUnits: ['Beleid'], afterCaseKey: first[1]!.caseKey, limit: 2 });
      const keysSeen = [...first, ...rest].map((t) => t.caseKey);
      expect(keysSeen).toEqual(['t1', 't2', 't3'].map((id) => caseKey(keys.caseKeySecret, id)).sort());
      expect(first[0]!.events.map((e) => e.transition)).toEqual(['signalRecorded', 'conversationRecorded']);
      expect(first[0]).toMatchObject({ orgUnit: 'Beleid', signalWeek: '2026-W45', quarter: '2026-Q4' });
      await expect(store.hrTimelines({ quarters: ['2026-Q4'], orgUnits: ['Beleid'], afterCaseKey: 'nope', limit: 2 })).rejects.toMatchObject({
        code: 'invalidCode',
      });
      await store.close();
    });
  });
}
