import { HR_AGGREGATE_SIGNATURE } from '../../../flows/hr/cells';
import { sample } from '../../flows/escalation/walk';
import { hrEntriesOf } from '../hr/helpers/hr-entries';
import { commitHrCase, hrContract } from './contract/hr';
import { sqliteHarness } from './fixtures/harness';
import type { StoreHarness } from './fixtures/harness';
import { newKeys, turnFor } from './fixtures/store';

hrContract(sqliteHarness);

describe('the stored HR aggregate rows of SQLite', () => {
  const keys = newKeys();
  const Q4 = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'];
  let harness: StoreHarness;

  beforeAll(async () => {
    harness = await sqliteHarness('sqlite-hr');
  });
  afterAll(() => harness.dispose());

  it('writes no aggregate row of a turn that fails', async () => {
    const store = await harness.open(keys);
    const broken = turnFor('case-b', null, { hrLog: hrEntriesOf([sample('RECORD_SIGNAL')]), audit: [{ actor: 'x', action: 'transition', detail: 'not a code!' }] });
    await expect(store.commit(broken)).rejects.toMatchObject({ code: 'invalidCode' });
    await store.close();
    expect(await harness.count('hr_aggregates')).toBe(0);
  });

  it('recomputes the aggregates when their cell catalogue changed', async () => {
    const store = await harness.open(keys);
    await commitHrCase(store, 'case-d', hrEntriesOf([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), sample('ADDRESS_PREPARED')], 'Beleid'));
    await commitHrCase(store, 'case-e', hrEntriesOf([sample('RECORD_SIGNAL', { perpetrator: 'self' })], 'Staf'));
    const before = await store.hrAggregates(Q4);
    await store.close();

    await harness.exec("UPDATE hr_aggregates SET signature = 'old', counts = '[]'");
    const recomputed = await harness.open(keys);
    expect(await recomputed.hrAggregates(Q4)).toEqual(before);
    await recomputed.close();
    expect(await harness.rows('SELECT DISTINCT signature FROM hr_aggregates')).toEqual([{ signature: HR_AGGREGATE_SIGNATURE }]);
  });
});
