import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { auditHash, GENESIS_HASH } from '../../../bot/audit';
import { openSqliteStore, SQLITE_FILE_NAME, sqliteFileIn } from '../../../bot/store/sqlite';
import { makeTempDir, newKeys, OTHER_OWNER, OWNER, turnFor } from './fixtures/store';

const ROOT = resolve(__dirname, '..', '..', '..');
const temp = makeTempDir('audit');
const keys = newKeys();
const pristineDir = join(temp.dir, 'pristine');
let copies = 0;

afterAll(() => temp.remove());

/** Seven audit rows: three turns on two cases, a read, a denied read and an explicit entry. */
beforeAll(async () => {
  const store = await openSqliteStore({ file: sqliteFileIn(pristineDir), ...keys });
  await store.commit(turnFor('audit-1', null));
  await store.commit(turnFor('audit-1', 1));
  await store.commit(turnFor('audit-2', null));
  await store.readNotes('audit-1', OWNER);
  await expect(store.readNotes('audit-1', OTHER_OWNER)).rejects.toMatchObject({ code: 'notOwner' });
  await store.recordAudit({ actor: OWNER, action: 'export', caseId: null, detail: 'ownCasesCsv', at: '2026-11-25T08:00:00.000Z' });
  await store.commit(turnFor('audit-2', 1, { audit: [] }));
  await store.recordAudit({ actor: OWNER, action: 'read', caseId: 'audit-2', detail: 'caseCard', at: '2026-11-25T08:01:00.000Z' });
  await store.close();
});

/** A fresh copy of the pristine store in its own DATA_DIR, for one tampering experiment. */
function copyOfStore(): { dataDir: string; file: string } {
  const dataDir = join(temp.dir, `copy-${++copies}`);
  const file = sqliteFileIn(dataDir);
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(sqliteFileIn(pristineDir), file);
  return { dataDir, file };
}

function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

async function verify(file: string) {
  const store = await openSqliteStore({ file, ...keys });
  try {
    return await store.verifyAudit();
  } finally {
    await store.close();
  }
}

function verifyAuditCommand(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'verify-audit.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
}

describe('the audit trail', () => {
  it('records who did what to which case, chained from 64 zeros', () => {
    const db = new Database(sqliteFileIn(pristineDir), { readonly: true });
    const rows = db.prepare('SELECT seq, actor, action, case_id, detail, prev_hash, hash FROM audit ORDER BY seq').all() as {
      seq: number;
      actor: string;
      action: string;
      case_id: string | null;
      detail: string;
      prev_hash: string;
      hash: string;
    }[];
    db.close();
    expect(rows.map((r) => [r.seq, r.actor, r.action, r.case_id, r.detail])).toEqual([
      [1, OWNER, 'create', 'audit-1', 'RECORD_SIGNAL'],
      [2, OWNER, 'transition', 'audit-1', 'RECORD_SIGNAL'],
      [3, OWNER, 'create', 'audit-2', 'RECORD_SIGNAL'],
      [4, OWNER, 'read', 'audit-1', 'notes'],
      [5, OTHER_OWNER, 'read', 'audit-1', 'notesDenied'],
      [6, OWNER, 'export', null, 'ownCasesCsv'],
      [7, OWNER, 'read', 'audit-2', 'caseCard'],
    ]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    rows.slice(1).forEach((row, i) => expect(row.prev_hash).toBe(rows[i]!.hash));
  });

  it('verifies an untouched chain', async () => {
    expect(await verify(copyOfStore().file)).toEqual({ ok: true, rows: 7 });
  });

  it('names the row whose field was changed in SQL', async () => {
    const { file } = copyOfStore();
    tamper(file, "UPDATE audit SET detail = 'CLOSE' WHERE seq = 3");
    expect(await verify(file)).toEqual({ ok: false, firstBrokenSeq: 3, rows: 7 });
  });

  it('names a changed actor even when the row\'s hash is recomputed, at the next row', async () => {
    const { file } = copyOfStore();
    const db = new Database(file);
    const row = db.prepare('SELECT seq, at, actor, action, case_id, detail, prev_hash FROM audit WHERE seq = 4').get() as {
      seq: number;
      at: string;
      action: 'read';
      case_id: string;
      detail: string;
      prev_hash: string;
    };
    const forged = { seq: 4, at: row.at, actor: 'aad-someone-else', action: row.action, caseId: row.case_id, detail: row.detail };
    db.prepare('UPDATE audit SET actor = ?, hash = ? WHERE seq = 4').run(forged.actor, auditHash(row.prev_hash, forged));
    db.close();
    expect(await verify(file)).toEqual({ ok: false, firstBrokenSeq: 5, rows: 7 });
  });

  it('names the seq of a deleted row', async () => {
    const { file } = copyOfStore();
    tamper(file, 'DELETE FROM audit WHERE seq = 5');
    expect(await verify(file)).toEqual({ ok: false, firstBrokenSeq: 5, rows: 6 });
  });

  it('names the first of two swapped rows', async () => {
    const { file } = copyOfStore();
    tamper(
      file,
      `UPDATE audit SET seq = -1 WHERE seq = 2;
       UPDATE audit SET seq = 2 WHERE seq = 6;
       UPDATE audit SET seq = 6 WHERE seq = -1;`,
    );
    expect(await verify(file)).toEqual({ ok: false, firstBrokenSeq: 2, rows: 7 });
  });

  it('keeps chaining correctly after reopening the store', async () => {
    const { file } = copyOfStore();
    const store = await openSqliteStore({ file, ...keys });
    await store.commit(turnFor('audit-3', null));
    expect(await store.verifyAudit()).toEqual({ ok: true, rows: 8 });
    await store.close();
  });
});

describe('npm run verify-audit', () => {
  it('prints OK and exits 0 for an intact chain', () => {
    const { dataDir } = copyOfStore();
    const result = verifyAuditCommand(dataDir);
    expect(result.stdout).toMatch(/^OK: audit chain intact \(7 rows\)/);
    expect(result.status).toBe(0);
  });

  it('names the first broken seq and exits 1 for a tampered chain', () => {
    const { dataDir, file } = copyOfStore();
    tamper(file, "UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 6");
    const result = verifyAuditCommand(dataDir);
    expect(result.stdout).toMatch(/^BROKEN: audit chain broken at seq 6 /);
    expect(result.status).toBe(1);
  });

  it('exits 2 when there is no store in DATA_DIR', () => {
    const result = verifyAuditCommand(join(temp.dir, 'empty'));
    expect(result.stderr).toContain(SQLITE_FILE_NAME);
    expect(result.status).toBe(2);
  });
});
