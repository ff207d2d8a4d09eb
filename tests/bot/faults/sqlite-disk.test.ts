/**
 * The embedded SQLite store on a disk that fills up, and on a file the bot may not write: a clear
 * error, nothing half-written, no corruption, and back to work once the disk has room again.
 *
 * A full disk needs a filesystem that can really run out of space: a small tmpfs, which only root
 * can mount. Running as root, the read-only case runs the bot as `nobody` (root may write anything).
 */
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseKey } from '../../../bot/crypto';
import { openSqliteStore, sqliteFileIn } from '../../../bot/store/sqlite';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { outcomeOf, postActivity, stepClick } from '../helpers/http-turns';
import type { Answer } from '../helpers/http-turns';
import { signalInputs } from '../helpers/ladder-inputs';
import { turnFor } from '../store/fixtures/store';
import { startHttpTestBot } from '../helpers/test-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { HttpTestBot } from '../helpers/test-bot';

const ROOT = join(__dirname, '..', '..', '..');
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const secrets = { NOTES_KEY: randomBytes(32).toString('base64'), CASE_KEY_SECRET: randomBytes(32).toString('base64') };
let connector: ConnectorStub;

beforeAll(async () => {
  connector = await startConnectorStub();
});
afterAll(() => connector.close());

/** Writes zeros into `file` until the filesystem is full. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

(asRoot ? describe.each(RUNTIMES) : describe.skip.each(RUNTIMES))('SQLite on a disk that fills up, on %s', (runtime) => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'ew-full-disk-'));
  let bot: HttpTestBot;

  beforeAll(async () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mountPoint]);
    bot = await startHttpTestBot(mountPoint, { ...secrets, ...runtimeEnv(runtime) });
  });

  afterAll(async () => {
    await bot?.close();
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('answers turns 503 diskFull while there is no room, loses and corrupts nothing, and works again once there is', async () => {
    const chat = { serviceUrl: connector.url, user: 'aad-full-disk' };
    const answers: Array<{ caseId: string; answer: Answer }> = [];
    const newCase = async (caseId: string) => {
      const answer = await postActivity(bot.base, stepClick(chat, caseId, 0, 'RECORD_SIGNAL', signalInputs(new Date())));
      answers.push({ caseId, answer });
      return answer;
    };
    for (let i = 0; i < 3; i++) expect(outcomeOf(await newCase(`before-${i}`))).toEqual({ kind: 'recorded' });

    const filler = join(mountPoint, 'filler');
    fillDisk(filler);
    // The WAL may still have room for a turn or two; soon every write needs space there is not.
    const whileFull: Answer[] = [];
    for (let i = 0; i < 30 && !whileFull.some((a) => a.status === 503); i++) whileFull.push(await newCase(`full-${i}`));
    const refused = whileFull.find((a) => a.status === 503);
    expect(refused?.body).toEqual({ error: 'diskFull' });
    expect(refused?.headers.get('retry-after')).toBe('5');

    rmSync(filler);
    expect(outcomeOf(await newCase('after'))).toEqual({ kind: 'recorded' });

    for (const { answer } of answers) {
      if (answer.status !== 200) expect(answer).toMatchObject({ status: 503, body: { error: 'diskFull' } });
      else expect(outcomeOf(answer)).toEqual({ kind: 'recorded' });
    }
    const { store } = bot;
    const hr = await store.hrLog();
    for (const { caseId, answer } of answers) {
      const row = await store.load(caseId);
      if (answer.status === 200) expect(row).toMatchObject({ revision: 1 });
      expect(hr.filter((r) => r.caseKey === caseKey(Buffer.from(secrets.CASE_KEY_SECRET, 'base64'), caseId))).toHaveLength(row ? 1 : 0);
    }
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
    const raw = new Database(sqliteFileIn(mountPoint), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});

describe('SQLite file that the bot may not write', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ew-read-only-'));

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops the bot at start-up with a clear readOnly error and leaves the file as it was', async () => {
    const file = sqliteFileIn(dataDir);
    const keys = { notesKey: Buffer.from(secrets.NOTES_KEY, 'base64'), caseKeySecret: Buffer.from(secrets.CASE_KEY_SECRET, 'base64') };
    const seeded = await openSqliteStore({ file, ...keys });
    await seeded.commit(turnFor('kept', null));
    await seeded.close();
    chmodSync(file, 0o444);
    chmodSync(dataDir, 0o555);
    const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    const before = digest();

    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...secrets },
      encoding: 'utf8',
      timeout: 30_000,
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Escalatiewijzer stopped: readOnly');
    expect(digest()).toBe(before);
    chmodSync(dataDir, 0o700);
    chmodSync(file, 0o600);
    const reopened = await openSqliteStore({ file, ...keys });
    expect((await reopened.load('kept'))!.revision).toBe(1);
    await reopened.close();
  });
});
