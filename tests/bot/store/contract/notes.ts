/** The store contract for free-text notes: encrypted at rest, for their owner only. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, OTHER_OWNER, OWNER, turnFor } from '../fixtures/store';

/** A unique marker written as note text; found anywhere in storage it would be a leak. */
export function newCanary(): string {
  return `CANARY-${randomUUID()}`;
}

/** The stored values that hold the canary, in UTF-8 or UTF-16 (SQLite's two text encodings). */
export async function valuesContaining(harness: StoreHarness, canary: string): Promise<Buffer[]> {
  return (await harness.storedBytes()).filter((bytes) => bytes.includes(canary) || bytes.includes(Buffer.from(canary, 'utf16le')));
}

export function notesContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  let harness: StoreHarness;

  beforeAll(async () => {
    harness = await newHarness('notes');
    const store = await harness.open(keys);
    await store.commit(turnFor('notes-1', null, { notes: [{ step: 'signalRecord', text: 'Opmerking over accent, gezien bij koffieautomaat' }] }));
    await store.close();
  });

  afterAll(() => harness.dispose());

  describe('notes', () => {
    it('are readable by their owner', async () => {
      const store = await harness.open(keys);
      expect(await store.readNotes('notes-1', OWNER)).toEqual([
        { step: 'signalRecord', text: 'Opmerking over accent, gezien bij koffieautomaat', at: expect.any(String) },
      ]);
      await store.close();
    });

    it('are refused to anyone else, and the attempt is audited', async () => {
      const store = await harness.open(keys);
      await expect(store.readNotes('notes-1', OTHER_OWNER)).rejects.toMatchObject({ name: 'StoreError', code: 'notOwner' });
      const [last] = await harness.rows('SELECT actor, action, case_id, detail FROM audit ORDER BY seq DESC LIMIT 1');
      expect(last).toEqual({ actor: OTHER_OWNER, action: 'read', case_id: 'notes-1', detail: 'notesDenied' });
      await store.close();
    });

    it('cannot be decrypted with another notes key', async () => {
      const store = await harness.open({ notesKey: randomBytes(32), caseKeySecret: keys.caseKeySecret });
      const error = await store.readNotes('notes-1', OWNER).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StoreError', code: 'badKey' });
      expect((error as Error).message).not.toContain('koffieautomaat');
      await store.close();
    });

    it('cannot be moved to another case by editing the database', async () => {
      const store = await harness.open(keys);
      await store.commit(turnFor('notes-2', null, { notes: [] }));
      await harness.exec("UPDATE notes SET case_id = 'notes-2' WHERE case_id = 'notes-1'");
      await expect(store.readNotes('notes-2', OWNER)).rejects.toMatchObject({ code: 'badKey' });
      await store.close();
    });

    it('of a case that does not exist are empty', async () => {
      const store = await harness.open(keys);
      expect(await store.readNotes('no-such-case', OWNER)).toEqual([]);
      await store.close();
    });
  });

  describe('the plaintext of notes', () => {
    it('never reaches the stored data or the HR log', async () => {
      const canary = newCanary();
      const canaryHarness = await newHarness('notes-canary');
      const store = await canaryHarness.open(keys);
      try {
        for (let i = 0; i < 20; i++) {
          await store.commit(
            turnFor(`canary-${i}`, null, {
              notes: [
                { step: 'signalRecord', text: `Melding ${i}: ${canary}` },
                { step: 'signalConversation', text: `${canary} ${'x'.repeat(i * 50)}` },
              ],
            }),
          );
        }
        await store.saveUserSettings(OWNER, { orgUnit: 'Beleid', locale: 'nl' });

        expect(await valuesContaining(canaryHarness, canary)).toEqual([]);
        expect(JSON.stringify(await store.hrLog())).not.toContain(canary);
        // The owner still reads them back, so the canary really was written.
        expect((await store.readNotes('canary-3', OWNER))[0]!.text).toContain(canary);
      } finally {
        await store.close();
        await canaryHarness.dispose();
      }
    });
  });
}
