import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { openPostgresStore } from '../../../bot/store/postgres';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { auditContract, seedAuditTrail } from './contract/audit';
import { postgresHarness } from './fixtures/harness';
import { newKeys } from './fixtures/store';

auditContract(postgresHarness);

const ROOT = resolve(__dirname, '..', '..', '..');
const keys = newKeys();
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const database of databases) await database.drop();
});

function verifyAuditCommand(databaseUrl: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'verify-audit.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
}

describe('npm run verify-audit on PostgreSQL (DATABASE_URL)', () => {
  it('prints OK for an intact chain and names the first broken seq of a tampered one, never the password', async () => {
    const database = await createTestDatabase('verify-audit');
    databases.push(database);
    await seedAuditTrail(() => openPostgresStore({ connectionString: database.url, ...keys }));

    const intact = verifyAuditCommand(database.url);
    expect(intact.stdout).toBe(`OK: audit chain intact (7 rows) in PostgreSQL database ${database.name}\n`);
    expect(intact.status).toBe(0);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query("UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 6");
    await client.end();
    const broken = verifyAuditCommand(database.url);
    expect(broken.stdout).toMatch(/^BROKEN: audit chain broken at seq 6 /);
    expect(broken.status).toBe(1);
    expect(broken.stdout + broken.stderr).not.toContain(new URL(database.url).password);
  });

  it('exits 2 when the database cannot be reached', () => {
    const unreachable = new URL(process.env.EW_TEST_POSTGRES_URL!);
    unreachable.pathname = '/no_such_database';
    const result = verifyAuditCommand(unreachable.toString());
    expect(result.stderr).toMatch(/^ERROR: cannot read the audit trail in PostgreSQL database no_such_database \(storeUnavailable\)/);
    expect(result.stderr).not.toContain(unreachable.password);
    expect(result.status).toBe(2);
  });
});
