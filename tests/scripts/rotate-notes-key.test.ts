/**
 * `npm run rotate-notes-key` as an operator runs it: its own process, the bot's settings in the
 * environment, a SQLite store with notes of the key being replaced. It says what it did in counts
 * and key ids, never a key or a note, and its exit code tells whether anything is left to fix.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSqliteStore, sqliteFileIn } from '../../bot/store/sqlite';
import { makeTempDir, OWNER, turnFor } from '../bot/store/fixtures/store';

const SCRIPT = ['--import', pathToFileURL(require.resolve('tsx')).href, join(__dirname, '..', '..', 'scripts', 'rotate-notes-key.ts')];
const [oldKey, newKey, newerKey, caseKeySecret] = [randomBytes(32), randomBytes(32), randomBytes(32), randomBytes(32)];
const NOTES = 3;

let temp: ReturnType<typeof makeTempDir>;
beforeAll(async () => {
  temp = makeTempDir('rotate-cli');
  const store = await openSqliteStore({ file: sqliteFileIn(temp.dir), notesKey: oldKey, caseKeySecret });
  for (let i = 0; i < NOTES; i++) await store.commit(turnFor(`cli-${i}`, null));
  await store.close();
});
afterAll(() => temp.remove());

/** Runs the command in an empty folder (no .env) with only the settings given. */
function rotate(notesKeys: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, SCRIPT, {
    cwd: temp.dir,
    env: { PATH: process.env.PATH, DATA_DIR: temp.dir, NOTES_KEYS: notesKeys, CASE_KEY_SECRET: caseKeySecret.toString('base64') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const secretsIn = (output: string) =>
  [oldKey, newKey, newerKey, caseKeySecret].flatMap((key) => [key.toString('base64'), key.toString('hex')]).filter((secret) => output.includes(secret));

describe('npm run rotate-notes-key', () => {
  it('re-encrypts the notes of the older key, says how many, and shows no key and no note', () => {
    const run = rotate(`2027:${newKey.toString('base64')},legacy:${oldKey.toString('base64')}`);
    expect(run.status).toBe(0);
    expect(run.output).toContain(`${NOTES} note(s) re-encrypted with key 2027.`);
    expect(run.output).toContain('the older keys can be removed from NOTES_KEYS');
    expect(secretsIn(run.output)).toEqual([]);
    expect(run.output).not.toContain('note 1 of');
    expect(run.output).not.toContain('cli-0');
  });

  it('reports notes under a key id the ring no longer holds as unreadable for good', () => {
    const run = rotate(`2028:${newerKey.toString('base64')}`);
    expect(run.status).toBe(0);
    expect(run.output).toContain(`unreadable for good: 2027 (${NOTES})`);
    expect(secretsIn(run.output)).toEqual([]);
  });

  it('exits 1 when the key given for an id does not open its notes, and names only the id', async () => {
    const run = rotate(`2028:${newerKey.toString('base64')},2027:${oldKey.toString('base64')}`);
    expect(run.status).toBe(1);
    expect(run.output).toContain(`did not open: 2027 (${NOTES})`);
    expect(secretsIn(run.output)).toEqual([]);
    // Nothing was changed: the right key still opens every note.
    const store = await openSqliteStore({ file: sqliteFileIn(temp.dir), notesKey: { currentId: '2027', keys: new Map([['2027', newKey]]) }, caseKeySecret });
    expect(await store.readNotes('cli-0', OWNER)).toEqual([{ step: 'signalRecord', text: 'note 1 of cli-0', at: expect.any(String) }]);
    await store.close();
  });
});
