/**
 * `npm run verify-audit`: walks the audit hash chain of the store without keys and without
 * writing: the PostgreSQL database in DATABASE_URL when it is set, otherwise the SQLite store in
 * DATA_DIR (default ./data).
 *
 * Exit codes: 0 the chain verifies; 1 the chain is broken (the first broken seq is printed);
 * 2 the store could not be read.
 */
import { resolve } from 'node:path';
import type { AuditVerification } from '../bot/audit';
import { StoreError } from '../bot/store/case-store';
import { verifyPostgresAuditTrail } from '../bot/store/postgres';
import { sqliteFileIn, verifySqliteAuditFile } from '../bot/store/sqlite';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  // Never print the URL: it holds a password.
  const where = databaseUrl ? `PostgreSQL database ${new URL(databaseUrl).pathname.slice(1)}` : sqliteFileIn(resolve(process.env.DATA_DIR || './data'));
  try {
    const result: AuditVerification = databaseUrl ? await verifyPostgresAuditTrail(databaseUrl) : verifySqliteAuditFile(where);
    if (result.ok) {
      console.log(`OK: audit chain intact (${result.rows} rows) in ${where}`);
      return 0;
    }
    console.log(`BROKEN: audit chain broken at seq ${result.firstBrokenSeq} (${result.rows} rows) in ${where}`);
    return 1;
  } catch (error) {
    const reason = error instanceof StoreError ? error.code : error instanceof Error ? error.name : 'unknown';
    console.error(`ERROR: cannot read the audit trail in ${where} (${reason})`);
    return 2;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
