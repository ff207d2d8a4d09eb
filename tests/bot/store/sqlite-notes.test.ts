import { existsSync, readFileSync } from 'node:fs';
import { openSqliteStore } from '../../../bot/store/sqlite';
import { newCanary, notesContract, valuesContaining } from './contract/notes';
import { notesKeyRotationContract } from './contract/notes-key-rotation';
import { sqliteHarness } from './fixtures/harness';
import type { StoreHarness } from './fixtures/harness';
import { newKeys, OWNER, turnFor } from './fixtures/store';

notesContract(sqliteHarness);
notesKeyRotationContract(sqliteHarness);

describe('the plaintext of notes in SQLite files', () => {
  const keys = newKeys();
  let harness: StoreHarness;

  beforeAll(async () => {
    harness = await sqliteHarness('notes-files');
  });
  afterAll(() => harness.dispose());

  it('is in neither the WAL while the turns are still there, nor the main file after a checkpoint', async () => {
    const canary = newCanary();
    const store = await harness.open(keys);
    for (let i = 0; i < 20; i++) {
      await store.commit(turnFor(`canary-${i}`, null, { notes: [{ step: 'signalRecord', text: `Melding ${i}: ${canary}` }] }));
    }
    const file = (await harness.rows<{ file: string }>("SELECT file FROM pragma_database_list WHERE name = 'main'"))[0]!.file;
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(await valuesContaining(harness, canary)).toEqual([]);
    expect((await store.readNotes('canary-3', OWNER))[0]!.text).toContain(canary);

    // Closing checkpoints everything into the main file.
    await store.close();
    expect(readFileSync(file).length).toBeGreaterThan(0);
    expect(await valuesContaining(harness, canary)).toEqual([]);
    // And the notes are in there, sealed: a fresh store reads them back.
    const reopened = await openSqliteStore({ file, ...keys });
    expect(await reopened.readNotes('canary-19', OWNER)).toHaveLength(1);
    await reopened.close();
  });
});
