import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStore } from '../../../bot/store/sqlite';
import { makeTempDir, newKeys, OTHER_OWNER, OWNER, turnFor } from './fixtures/store';

const temp = makeTempDir('notes');
const keys = newKeys();

afterAll(() => temp.remove());

describe('notes', () => {
  const file = join(temp.dir, 'notes.sqlite');

  beforeAll(async () => {
    const store = await openSqliteStore({ file, ...keys });
    await store.commit(turnFor('notes-1', null, { notes: [{ step: 'signalRecord', text: 'Opmerking over accent, gezien bij koffieautomaat' }] }));
    await store.close();
  });

  it('are readable by their owner', async () => {
    const store = await openSqliteStore({ file, ...keys });
    expect(await store.readNotes('notes-1', OWNER)).toEqual([
      { step: 'signalRecord', text: 'Opmerking over accent, gezien bij koffieautomaat', at: expect.any(String) },
    ]);
    await store.close();
  });

  it('are refused to anyone else, and the attempt is audited', async () => {
    const store = await openSqliteStore({ file, ...keys });
    await expect(store.readNotes('notes-1', OTHER_OWNER)).rejects.toMatchObject({ name: 'StoreError', code: 'notOwner' });
    const db = new Database(file, { readonly: true });
    const last = db.prepare('SELECT actor, action, case_id, detail FROM audit ORDER BY seq DESC LIMIT 1').get();
    db.close();
    expect(last).toEqual({ actor: OTHER_OWNER, action: 'read', case_id: 'notes-1', detail: 'notesDenied' });
    await store.close();
  });

  it('cannot be decrypted with another notes key', async () => {
    const store = await openSqliteStore({ file, notesKey: randomBytes(32), caseKeySecret: keys.caseKeySecret });
    const error = await store.readNotes('notes-1', OWNER).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StoreError', code: 'badKey' });
    expect((error as Error).message).not.toContain('koffieautomaat');
    await store.close();
  });

  it('cannot be moved to another case by editing the database', async () => {
    const store = await openSqliteStore({ file, ...keys });
    await store.commit(turnFor('notes-2', null, { notes: [] }));
    const db = new Database(file);
    db.prepare("UPDATE notes SET case_id = 'notes-2' WHERE case_id = 'notes-1'").run();
    db.close();
    await expect(store.readNotes('notes-2', OWNER)).rejects.toMatchObject({ code: 'badKey' });
    await store.close();
  });

  it('of a case that does not exist are empty', async () => {
    const store = await openSqliteStore({ file, ...keys });
    expect(await store.readNotes('no-such-case', OWNER)).toEqual([]);
    await store.close();
  });
});

describe('the plaintext of notes', () => {
  const canary = `CANARY-${randomUUID()}`;
  const dir = join(temp.dir, 'canary');
  const file = join(dir, 'canary.sqlite');

  const filesContainingCanary = () =>
    readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => {
        const bytes = readFileSync(path);
        return bytes.includes(canary) || bytes.includes(Buffer.from(canary, 'utf16le'));
      });

  it('never reaches the database file, its WAL or the HR log', async () => {
    const store = await openSqliteStore({ file, ...keys });
    for (let i = 0; i < 20; i++) {
      const caseId = `canary-${i}`;
      await store.commit(
        turnFor(caseId, null, {
          notes: [
            { step: 'signalRecord', text: `Melding ${i}: ${canary}` },
            { step: 'signalConversation', text: `${canary} ${'x'.repeat(i * 50)}` },
          ],
        }),
      );
    }
    await store.saveUserSettings(OWNER, { orgUnit: 'Beleid', locale: 'nl' });

    // While open, with the turns still in the WAL …
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(filesContainingCanary()).toEqual([]);
    expect(JSON.stringify(await store.hrLog())).not.toContain(canary);
    // … and the owner still reads them back, so the canary really was written.
    expect((await store.readNotes('canary-3', OWNER))[0]!.text).toContain(canary);

    // … and after a checkpoint has moved everything into the main file.
    await store.close();
    expect(readFileSync(file).length).toBeGreaterThan(0);
    expect(filesContainingCanary()).toEqual([]);
  });
});
