/**
 * The store contract for HR: the per-case projection kept in the turn's transaction, aggregates
 * that match the pure fold of the cases' HR log rows (flows/hr/cells.ts), and pseudonymous
 * timelines. Every store passes it: SQLite with one stored row per quarter and unit, PostgreSQL with
 * additive parts.
 */
import fc from 'fast-check';
import { addCase, aggregatesOfCases, CELL_INDEX, emptyAggregate } from '../../../../flows/hr/cells';
import type { HrAggregateRow } from '../../../../flows/hr/cells';
import { projectHrCase } from '../../../../flows/hr/projection';
import type { EscalationEvent } from '../../../../flows/escalation/events';
import { caseKey } from '../../../../bot/crypto';
import type { CaseStore, HrLogEntry } from '../../../../bot/store/case-store';
import { sample } from '../../../flows/escalation/walk';
import { hrEntriesOf, randomWalkEntries } from '../../hr/helpers/hr-entries';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { migrationsUpTo, newKeys, turnFor } from '../fixtures/store';

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
      expect(rows[0]!.days.signalToConversation).toBeUndefined();
      await store.commit(turnFor('case-a', 1, { hrLog: hrEntriesOf([signal, conversation], 'Beleid').slice(1) }));
      rows = await store.hrAggregates(Q4);
      expect(count(rows, 'cases')).toBe(1);
      expect(rows[0]!.days.signalToConversation).toEqual({ '1': 1 });
      await store.close();
    });

    it('publishes no figure about listening and stores none: an unticked box on the conversation card is no "not listened" (issue 18)', async () => {
      const { harness, store } = await fresh('hr-no-listened');
      await commitHrCase(store, 'case-l', hrEntriesOf([signal, { ...conversation, listened: false, acknowledged: false }], 'Beleid'));
      const rows = await store.hrAggregates(Q4);
      expect(count(rows, 'cases')).toBe(1);
      expect([...CELL_INDEX.keys()].filter((cell) => /listen|acknowledg/i.test(cell))).toEqual([]);
      // The conversation itself still counts, as a step in time.
      expect(rows[0]!.days.signalToConversation).toEqual({ '1': 1 });
      // The log keeps that it was held, not the box; the projection's old column stays empty.
      expect((await store.hrLog()).map((row) => [row.transition, row.outcome])).toEqual([['signalRecorded', 'regular'], ['conversationRecorded', null]]);
      expect(await harness.rows('SELECT listened FROM hr_cases')).toEqual([{ listened: null }]);
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

  describe('the route kind and the outcomes of the new steps (issue 15)', () => {
    /** One case along each route, every event accepted by the machine. */
    const WALKS: Record<string, EscalationEvent[]> = {
      support: [signal, sample('RECORD_CONVERSATION', { approachAgreed: false, consentFormal: false }), sample('EMPLOYEE_AGREES')],
      facts: [signal, conversation, sample('ADDRESS_PREPARED'), sample('ADDRESS_HELD', { outcome: 'denied' }), sample('FACTS_ESTABLISHED', { finding: 'notConfirmed' })],
      handOver: [sample('RECORD_SIGNAL', { perpetrator: 'otherTeam' }), sample('HANDED_OVER'), sample('HAND_OVER_FOLLOWED_UP', { handled: true })],
      external: [sample('RECORD_SIGNAL', { perpetrator: 'citizen', affected: 'citizen' }), sample('EXTERNAL_PARTY_HANDLED')],
      structural: [sample('RECORD_SIGNAL', { perpetrator: 'ruleOrProcedure', affected: 'applicant' }), sample('STRUCTURAL_RAISED')],
      away: [sample('RECORD_SIGNAL', { perpetrator: 'self' })],
    };

    it('stores the coarse route kind on every HR log row, and the route and the new outcomes per case', async () => {
      const { harness, store } = await fresh('hr-routes');
      const keyOf = (name: string) => caseKey(keys.caseKeySecret, `route-${name}`);
      for (const [name, events] of Object.entries(WALKS)) {
        const entries = hrEntriesOf(events, 'Beleid');
        expect([name, entries.length]).toEqual([name, events.length]);
        await commitHrCase(store, `route-${name}`, entries);
      }
      const log = await store.hrLog();
      const routesOf = (name: string) => [...new Set(log.filter((row) => row.caseKey === keyOf(name)).map((row) => row.route))];
      expect(Object.keys(WALKS).map((name) => [name, routesOf(name)])).toEqual([
        ['support', ['ownTeam']],
        ['facts', ['ownTeam']],
        ['handOver', ['handOver']],
        ['external', ['external']],
        ['structural', ['structural']],
        ['away', ['routedAway']],
      ]);
      expect(JSON.stringify(log)).not.toMatch(/"(citizen|applicant|otherTeam|self|ruleOrProcedure)"/);

      const cases = await harness.rows<{ case_key: string }>('SELECT case_key, route, support, fact_finding, hand_over FROM hr_cases');
      const projected = (name: string) => {
        const { case_key: _key, ...rest } = cases.find((c) => c.case_key === keyOf(name))!;
        return rest;
      };
      expect(Object.keys(WALKS).map(projected)).toEqual([
        { route: 'ownTeam', support: 'agreedLater', fact_finding: null, hand_over: null },
        { route: 'ownTeam', support: null, fact_finding: 'notConfirmed', hand_over: null },
        { route: 'handOver', support: null, fact_finding: null, hand_over: 'handled' },
        { route: 'external', support: null, fact_finding: null, hand_over: null },
        { route: 'structural', support: null, fact_finding: null, hand_over: null },
        { route: 'routedAway', support: null, fact_finding: null, hand_over: null },
      ]);

      const rows = await store.hrAggregates(Q4);
      const cells = ['route.ownTeam', 'route.handOver', 'route.external', 'route.structural', 'highestRung.routedAway', 'support.agreedLater', 'support.notSupportOnly', 'factFinding.notConfirmed', 'handOverFollowUp.handled'];
      expect(cells.map((cell) => [cell, count(rows, cell)])).toEqual(cells.map((cell) => [cell, cell === 'route.ownTeam' ? 2 : 1]));
      await store.close();
    });

    /**
     * The message a refused statement failed with. Not `rejects.toThrow`: better-sqlite3 is loaded
     * once per jest worker, so in a full run its SqliteError extends another test file's Error and
     * `toThrow` reports "did not throw" for an error that was thrown.
     */
    const refusal = (statement: Promise<void>) => statement.then(() => 'accepted', (error: { message: string }) => error.message);

    it('refuses any other route code in the database itself', async () => {
      const { harness, store } = await fresh('hr-route-check');
      await commitHrCase(store, 'case-checked', hrEntriesOf([signal], 'Beleid'));
      await store.close();
      const insert = (route: string) =>
        harness.exec(
          `INSERT INTO hr_log (case_key, rung, route, transition, categories, org_unit, iso_week) VALUES ('${'c'.repeat(64)}', 'signal', '${route}', 'signalRecorded', '{}', 'Beleid', '2026-W45')`,
        );
      expect(await refusal(insert('teamMember'))).toMatch(/check/i);
      // A projection row of its own, so the check is asked whatever the store has folded so far.
      const projection = (column: string, value: string) =>
        harness.exec(
          `INSERT INTO hr_cases (case_key, org_unit, signal_week, quarter, highest, ${column}) VALUES ('${'d'.repeat(64)}', 'Beleid', '2026-W45', '2026-Q4', 'signal', '${value}')`,
        );
      expect(await refusal(projection('route', 'citizen'))).toMatch(/check/i);
      expect(await refusal(projection('support', 'consentFormal'))).toMatch(/check/i);
      const before = await harness.count('hr_log');
      await insert('structural');
      expect(await harness.count('hr_log')).toBe(before + 1);
    });

    it('upgrades across migration 009: old rows keep no route, their cases count on the ladder or routed away, and the aggregates are recomputed', async () => {
      const harness = await newHarness('hr-009');
      harnesses.push(harness);
      await harness.migrate(migrationsUpTo(harness.kind, 8));
      // What the code before 009 left behind: HR log rows without a route, their projection, and
      // aggregates of the old cell catalogue.
      const [ladder, away] = ['a'.repeat(64), 'b'.repeat(64)];
      const insult = harness.kind === 'postgres' ? '{insult}' : 'insult';
      await harness.exec(`INSERT INTO hr_log (case_key, rung, transition, outcome, categories, source, org_unit, iso_week, days_since_signal) VALUES
        ('${ladder}', 'signal', 'signalRecorded', 'regular', '${insult}', 'affectedEmployee', 'Beleid', '2026-W45', 0),
        ('${ladder}', 'address', 'conversationRecorded', 'listened', '${insult}', 'affectedEmployee', 'Beleid', '2026-W45', 1),
        ('${away}', 'routedAway', 'signalRecorded', 'routedAway', '${insult}', 'affectedEmployee', 'Staf', '2026-W45', 0)`);
      await harness.exec(`INSERT INTO hr_cases (case_key, org_unit, signal_week, quarter, highest, source, category_mask, listened, reopened, days_conversation) VALUES
        ('${ladder}', 'Beleid', '2026-W45', '2026-Q4', 'address', 'affectedEmployee', 2, 'listened', 0, 1),
        ('${away}', 'Staf', '2026-W45', '2026-Q4', 'routedAway', 'affectedEmployee', 2, NULL, 0, NULL)`);
      const aggregates = harness.kind === 'postgres' ? 'hr_aggregate_parts' : 'hr_aggregates';
      await harness.exec(`INSERT INTO ${aggregates} (quarter, org_unit, signature, counts, days) VALUES ('2026-Q4', 'Beleid', 'before-009', '[1]', '{}')`);

      const store = await harness.open(keys);
      const log = await store.hrLog();
      expect(log.map((row) => row.route)).toEqual([null, null, null]);
      const folded = [ladder, away].map((key) => projectHrCase(null, key, log.filter((row) => row.caseKey === key))!);
      expect(folded.map((c) => c.route)).toEqual(['ownTeam', 'routedAway']);
      const rows = await store.hrAggregates(Q4);
      expect(byQuarterAndUnit(rows)).toEqual(byQuarterAndUnit(aggregatesOfCases(folded)));
      expect([count(rows, 'route.ownTeam', 'Beleid'), count(rows, 'highestRung.routedAway', 'Staf'), count(rows, 'support.notSupportOnly')]).toEqual([1, 1, 1]);
      // Nothing is written into old rows: NULL says the route was not recorded.
      expect(await harness.rows('SELECT route FROM hr_cases ORDER BY case_key')).toEqual([{ route: null }, { route: null }]);

      await commitHrCase(store, 'after-009', hrEntriesOf(WALKS.handOver!, 'Beleid'));
      expect(count(await store.hrAggregates(Q4), 'handOverFollowUp.handled', 'Beleid')).toBe(1);
      await store.close();
    });
  });
}
