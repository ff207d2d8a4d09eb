import { newCanary, valuesContaining } from './contract/notes';
import { dataRightsContract } from './contract/data-rights';
import { sqliteHarness } from './fixtures/harness';
import { newKeys, OWNER, turnFor } from './fixtures/store';

dataRightsContract(sqliteHarness);

describe('a deleted case in the SQLite file', () => {
  it('is overwritten (secure_delete), not left behind in free pages', async () => {
    const keys = newKeys();
    const harness = await sqliteHarness('delete-secure');
    const canary = newCanary();
    const store = await harness.open(keys);
    await store.commit(turnFor('deleted', null, { snapshot: { value: 'signalConversation', context: { canary }, status: 'active' } }));
    await store.close();
    expect(await valuesContaining(harness, canary)).not.toEqual([]);

    const deleting = await harness.open(keys);
    expect(await deleting.deleteCase('deleted', OWNER, 1, '2026-11-25T09:00:00.000Z')).toEqual({ ok: true });
    await deleting.close();
    expect(await valuesContaining(harness, canary)).toEqual([]);
    await harness.dispose();
  });
});
