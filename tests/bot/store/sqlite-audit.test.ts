import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openSqliteStore, SQLITE_FILE_NAME, sqliteFileIn } from '../../../bot/store/sqlite';
import { auditContract, seedAuditTrail } from './contract/audit';
import { sqliteHarness } from './fixtures/harness';
import { makeTempDir, newKeys } from './fixtures/store';

auditContract(sqliteHarness);

const ROOT = resolve(__dirname, '..', '..', '..');
const temp = makeTempDir('audit');
const keys = newKeys();
let dataDirs = 0;

afterAll(() => temp.remove());

/** A DATA_DIR with a seeded store, as `npm run verify-audit` finds it. */
async function seededDataDir(): Promise<{ dataDir: string; file: string }> {
  const dataDir = join(temp.dir, `data-${++dataDirs}`);
  const file = sqliteFileIn(dataDir);
  await seedAuditTrail(() => openSqliteStore({ file, ...keys }));
  return { dataDir, file };
}

function verifyAuditCommand(dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'verify-audit.ts')], { cwd: ROOT, env, encoding: 'utf8' });
}

describe('npm run verify-audit on SQLite', () => {
  it('prints OK and exits 0 for an intact chain', async () => {
    const { dataDir } = await seededDataDir();
    const result = verifyAuditCommand(dataDir);
    expect(result.stdout).toMatch(/^OK: audit chain intact \(7 rows\)/);
    expect(result.status).toBe(0);
  });

  it('names the first broken seq and exits 1 for a tampered chain', async () => {
    const { dataDir, file } = await seededDataDir();
    const db = new Database(file);
    db.exec("UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 6");
    db.close();
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
