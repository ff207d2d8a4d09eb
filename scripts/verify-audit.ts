/**
 * `npm run verify-audit`: walks the audit hash chain of the store in DATA_DIR (default ./data)
 * without keys and without writing.
 *
 * Exit codes: 0 the chain verifies; 1 the chain is broken (the first broken seq is printed);
 * 2 the store could not be read.
 */
import { resolve } from 'node:path';
import { StoreError } from '../bot/store/case-store';
import { sqliteFileIn, verifySqliteAuditFile } from '../bot/store/sqlite';

function main(): number {
  const file = sqliteFileIn(resolve(process.env.DATA_DIR || './data'));
  try {
    const result = verifySqliteAuditFile(file);
    if (result.ok) {
      console.log(`OK: audit chain intact (${result.rows} rows) in ${file}`);
      return 0;
    }
    console.log(`BROKEN: audit chain broken at seq ${result.firstBrokenSeq} (${result.rows} rows) in ${file}`);
    return 1;
  } catch (error) {
    const reason = error instanceof StoreError ? error.code : error instanceof Error ? error.name : 'unknown';
    console.error(`ERROR: cannot read the audit trail in ${file} (${reason})`);
    return 2;
  }
}

process.exitCode = main();
