/** The store contract for rotating the notes key (issue 19 §6): a key ring, and re-encryption in batches. */
import { createHash, randomBytes } from 'node:crypto';
import { LEGACY_NOTES_KEY_ID } from '../../../../bot/crypto';
import type { NotesKeyRing } from '../../../../bot/crypto';
import type { CaseStore, HrLogEntry } from '../../../../bot/store/case-store';
import { rotateNotesKey } from '../../../../bot/store/notes-key-store';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { OTHER_OWNER, OWNER, turnFor } from '../fixtures/store';

const ring = (currentId: string, keys: Record<string, Buffer>): NotesKeyRing => ({ currentId, keys: new Map(Object.entries(keys)) });

const NOTES = 7;

export function notesKeyRotationContract(newHarness: HarnessFactory): void {
  describe('rotating the notes key', () => {
    let harness: StoreHarness;
    const caseKeySecret = randomBytes(32);
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    /** The old key alone, as NOTES_KEY gives it. */
    const before = { notesKey: oldKey, caseKeySecret };
    /** NOTES_KEYS during the rotation: the new key first, the old one still there. */
    const during = { notesKey: ring('2027', { '2027': newKey, [LEGACY_NOTES_KEY_ID]: oldKey }), caseKeySecret };
    /** NOTES_KEYS after it: the old key removed. */
    const after = { notesKey: ring('2027', { '2027': newKey }), caseKeySecret };

    const readAll = async (store: CaseStore) => Promise.all(Array.from({ length: NOTES }, (_, i) => store.readNotes(`rot-${i}`, OWNER)));
    const expectedNotes = Array.from({ length: NOTES }, (_, i) => [{ step: 'signalRecord', text: `note 1 of rot-${i}`, at: expect.any(String) }]);
    const keyIds = async () => (await harness.rows<{ key_id: string }>('SELECT key_id FROM notes ORDER BY id')).map((row) => row.key_id);

    beforeEach(async () => {
      harness = await newHarness('notes-rotation');
      const store = await harness.open(before);
      for (let i = 0; i < NOTES; i++) await store.commit(turnFor(`rot-${i}`, null));
      await store.close();
    });
    afterEach(() => harness.dispose());

    it('records the key of every note: NOTES_KEY alone is the ring of one key with the id legacy', async () => {
      expect(await keyIds()).toEqual(Array(NOTES).fill(LEGACY_NOTES_KEY_ID));
    });

    it('reads notes of the older key and seals new notes with the current key', async () => {
      const store = await harness.open(during);
      expect(await readAll(store)).toEqual(expectedNotes);
      await store.commit(turnFor('rot-new', null));
      expect(await store.readNotes('rot-new', OWNER)).toEqual([{ step: 'signalRecord', text: 'note 1 of rot-new', at: expect.any(String) }]);
      expect((await keyIds()).at(-1)).toBe('2027');
      await store.close();
    });

    it('re-encrypts every note in batches, after which the old key can go', async () => {
      const store = await harness.open(during);
      const first = await store.reencryptNotes(0, 3);
      expect(first).toEqual({ reencrypted: 3, failed: 0, lastId: expect.any(Number) });
      expect(await store.notesPerKey()).toEqual([
        { keyId: LEGACY_NOTES_KEY_ID, notes: NOTES - 3 },
        { keyId: '2027', notes: 3 },
      ]);
      expect(await rotateNotesKey(store, during.notesKey, 3)).toEqual({ reencrypted: NOTES - 3, remaining: [], lost: [] });
      expect(await keyIds()).toEqual(Array(NOTES).fill('2027'));
      await store.close();

      const rotated = await harness.open(after);
      expect(await readAll(rotated)).toEqual(expectedNotes);
      // A second run has nothing left to do.
      expect(await rotateNotesKey(rotated, after.notesKey)).toEqual({ reencrypted: 0, remaining: [], lost: [] });
      await rotated.close();
    });

    it('resumes after a stop: a new run finds what is left by its key id', async () => {
      const interrupted = await harness.open(during);
      await interrupted.reencryptNotes(0, 2);
      await interrupted.close();

      const store = await harness.open(during);
      expect(await rotateNotesKey(store, during.notesKey, 2)).toEqual({ reencrypted: NOTES - 2, remaining: [], lost: [] });
      expect(await readAll(store)).toEqual(expectedNotes);
      await store.close();
    });

    it('re-encrypts each note once when two instances rotate at the same time', async () => {
      const [a, b] = [await harness.open(during), await harness.open(during)];
      const reports = await Promise.all([rotateNotesKey(a, during.notesKey, 1), rotateNotesKey(b, during.notesKey, 1)]);
      expect(reports[0].reencrypted + reports[1].reencrypted).toBe(NOTES);
      await Promise.all([a.close(), b.close()]);
      const store = await harness.open(after);
      expect(await readAll(store)).toEqual(expectedNotes);
      await store.close();
    });

    it('hands notes of an older key over sealed with the current key, readable by the new owner only', async () => {
      const store = await harness.open(during);
      const codeHash = createHash('sha256').update(randomBytes(16)).digest('hex');
      const proposal = { codeHash, caseId: 'rot-0', fromOwnerId: OWNER, proposedBy: OWNER, includeNotes: true, expiresAt: '2026-11-28T09:00:00.000Z' };
      expect(await store.proposeHandover(proposal, '2026-11-25T09:00:00.000Z')).toEqual({ ok: true });
      const handedOver = { ...turnFor('rot-0', null).hrLog[0]!, transition: 'handedOver', outcome: null, categories: [], source: null, daysSinceSignal: null, deadlineMet: null } as HrLogEntry;
      expect(await store.acceptHandover({ codeHash, toOwnerId: OTHER_OWNER, expectedRevision: 1, hrLog: handedOver }, '2026-11-26T09:00:00.000Z')).toMatchObject({ ok: true, notesMoved: 1 });
      expect(await harness.rows("SELECT key_id FROM notes WHERE case_id = 'rot-0'")).toEqual([{ key_id: '2027' }]);
      await store.close();
      const rotated = await harness.open(after);
      expect(await rotated.readNotes('rot-0', OTHER_OWNER)).toEqual(expectedNotes[0]);
      await expect(rotated.readNotes('rot-0', OWNER)).rejects.toMatchObject({ code: 'notOwner' });
      await rotated.close();
    });

    it('leaves a note its key does not open, counts it, and rotates all the others', async () => {
      await harness.exec("UPDATE notes SET tag = ciphertext WHERE case_id = 'rot-2'");
      const store = await harness.open(during);
      const report = await rotateNotesKey(store, during.notesKey);
      expect(report).toEqual({ reencrypted: NOTES - 1, remaining: [{ keyId: LEGACY_NOTES_KEY_ID, notes: 1 }], lost: [] });
      await store.close();
    });

    it('with a lost key: its notes cannot be read (badKey, no text), are not touched, and are reported as lost', async () => {
      const store = await harness.open(after);
      const error = await store.readNotes('rot-0', OWNER).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StoreError', code: 'badKey' });
      expect((error as Error).message).not.toContain('note 1');
      // Cases and their other data stay usable; new notes are sealed with the current key and read back.
      await store.commit(turnFor('rot-after-loss', null));
      expect(await store.readNotes('rot-after-loss', OWNER)).toHaveLength(1);
      expect(await rotateNotesKey(store, after.notesKey)).toEqual({
        reencrypted: 0,
        remaining: [],
        lost: [{ keyId: LEGACY_NOTES_KEY_ID, notes: NOTES }],
      });
      await store.close();
    });

    it('refuses a ring whose current key is missing or repeats the case key secret', async () => {
      await expect(harness.open({ notesKey: ring('2028', { '2027': newKey }), caseKeySecret })).rejects.toMatchObject({ code: 'badKey', field: 'notesKey' });
      await expect(harness.open({ notesKey: ring('2027', { '2027': newKey, old: caseKeySecret }), caseKeySecret })).rejects.toMatchObject({
        code: 'badKey',
        field: 'caseKeySecret',
      });
    });
  });
}
