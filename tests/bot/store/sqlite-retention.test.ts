import { newCanary, valuesContaining } from './contract/notes';
import { NOTHING, retentionContract } from './contract/retention';
import { sqliteHarness } from './fixtures/harness';
import { newKeys, turnFor } from './fixtures/store';

retentionContract(sqliteHarness);

describe('purged data in the SQLite file', () => {
  it('is overwritten (secure_delete), not left behind in free pages', async () => {
    const keys = newKeys();
    const harness = await sqliteHarness('retention-secure-delete');
    const canary = newCanary();
    const store = await harness.open(keys);
    for (let i = 0; i < 10; i++) {
      await store.commit(turnFor(`gone-${i}`, null, { at: '2020-01-10T10:00:00.000Z', status: 'closed', step: 'closed', snapshot: { value: 'closed', context: { canary }, status: 'done' } }));
    }
    // Closing checkpoints the WAL into the main file: the canary is really stored there now.
    await store.close();
    expect(await valuesContaining(harness, canary)).not.toEqual([]);

    const purging = await harness.open(keys);
    const cutoffs = { ...NOTHING, casesChangedBefore: '2024-01-01T00:00:00.000Z' };
    expect((await purging.purgeExpired(cutoffs, '2026-11-25T03:00:00.000Z', 100)).purged.cases).toBe(10);
    await purging.close();
    expect(await valuesContaining(harness, canary)).toEqual([]);
    await harness.dispose();
  });
});
