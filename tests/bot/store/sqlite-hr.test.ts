import Database from 'better-sqlite3';
import { join } from 'node:path';
import { CELL_INDEX, HR_AGGREGATE_SIGNATURE } from '../../../flows/hr/cells';
import { caseKey } from '../../../bot/crypto';
import type { CaseStore, HrLogEntry } from '../../../bot/store/case-store';
import { openSqliteStore } from '../../../bot/store/sqlite';
import { sample } from '../../flows/escalation/walk';
import { hrEntriesOf } from '../hr/helpers/hr-entries';
import { makeTempDir, newKeys, turnFor } from './fixtures/store';

const temp = makeTempDir('sqlite-hr');
const keys = newKeys();
afterAll(() => temp.remove());

const Q4 = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
const signal = sample('RECORD_SIGNAL');
const conversation = sample('RECORD_CONVERSATION');
const count = (rows: Awaited<ReturnType<CaseStore['hrAggregates']>>, cell: string, unit?: string) =>
  rows.filter((r) => unit === undefined || r.orgUnit === unit).reduce((sum, r) => sum + r.counts[CELL_INDEX.get(cell)!]!, 0);

async function open(name: string): Promise<{ store: CaseStore; file: string }> {
  const file = join(temp.dir, `${name}.sqlite`);
  return { store: await openSqliteStore({ file, ...keys }), file };
}

/** Commits a case's HR entries over consecutive turns, one entry per turn. */
async function commitCase(store: CaseStore, caseId: string, entries: HrLogEntry[]): Promise<void> {
  for (const [index, entry] of entries.entries()) {
    const result = await store.commit(turnFor(caseId, index === 0 ? null : index, { orgUnit: entry.orgUnit, hrLog: [entry] }));
    expect(result.ok).toBe(true);
  }
}

describe('the HR projection in the SQLite store', () => {
  it('keeps the aggregates in step with every turn', async () => {
    const { store } = await open('step');
    await commitCase(store, 'case-a', hrEntriesOf([signal], 'Beleid'));
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

  it('writes nothing of a turn that fails, projection and aggregates included', async () => {
    const { store, file } = await open('atomic');
    const broken = turnFor('case-b', null, { hrLog: hrEntriesOf([signal]), audit: [{ actor: 'x', action: 'transition', detail: 'not a code!' }] });
    await expect(store.commit(broken)).rejects.toMatchObject({ code: 'invalidCode' });
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT (SELECT COUNT(*) FROM hr_cases) + (SELECT COUNT(*) FROM hr_aggregates) AS n').get()).toEqual({ n: 0 });
    db.close();
  });

  it('answers only for the quarters asked, and refuses a malformed quarter', async () => {
    const { store } = await open('quarters');
    await commitCase(store, 'case-c', hrEntriesOf([signal], 'Toezicht'));
    expect(await store.hrAggregates(['2025-Q4'])).toEqual([]);
    expect((await store.hrAggregates(['2026-Q4'])).map((r) => [r.quarter, r.orgUnit])).toEqual([['2026-Q4', 'Toezicht']]);
    await expect(store.hrAggregates(["2026-Q4' OR 1=1 --"])).rejects.toMatchObject({ code: 'invalidCode', field: 'quarters' });
    await store.close();
  });

  it('rebuilds the projection from the HR log, and the aggregates when their catalogue changed', async () => {
    const { store, file } = await open('repair');
    await commitCase(store, 'case-d', hrEntriesOf([signal, conversation, sample('ADDRESS_PREPARED')], 'Beleid'));
    await commitCase(store, 'case-e', hrEntriesOf([sample('RECORD_SIGNAL', { subject: 'self' })], 'Staf'));
    const before = await store.hrAggregates(Q4);
    await store.close();

    const db = new Database(file);
    const cases = db.prepare('SELECT * FROM hr_cases ORDER BY case_key').all();
    db.exec('DELETE FROM hr_cases; DELETE FROM hr_aggregates;');
    db.close();
    const rebuilt = await openSqliteStore({ file, ...keys });
    expect(await rebuilt.hrAggregates(Q4)).toEqual(before);
    await rebuilt.close();

    const stale = new Database(file);
    expect(stale.prepare('SELECT * FROM hr_cases ORDER BY case_key').all()).toEqual(cases);
    stale.prepare("UPDATE hr_aggregates SET signature = 'old', counts = '[]'").run();
    stale.close();
    const recomputed = await openSqliteStore({ file, ...keys });
    expect(await recomputed.hrAggregates(Q4)).toEqual(before);
    await recomputed.close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT DISTINCT signature FROM hr_aggregates').all()).toEqual([{ signature: HR_AGGREGATE_SIGNATURE }]);
    check.close();
  });

  it('pages pseudonymous timelines by case key, with their events in order', async () => {
    const { store } = await open('timelines');
    for (const id of ['t1', 't2', 't3']) await commitCase(store, id, hrEntriesOf([signal, conversation], 'Beleid'));
    await commitCase(store, 'other-unit', hrEntriesOf([signal], 'Staf'));
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
