/** A real SQLite store in a temporary directory, filled with one year (2026) of bench HR data. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSqliteHrData } from '../../../../bench/hr-store-writers';
import { openSqliteStore, sqliteFileIn } from '../../../../bot/store/sqlite';
import type { CaseStore } from '../../../../bot/store/case-store';

const keys = { notesKey: Buffer.alloc(32, 1), caseKeySecret: Buffer.alloc(32, 2) };

export async function openBenchSqliteStore(orgUnits: string[], rows: number): Promise<{ store: CaseStore; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ew-hr-bench-'));
  const file = sqliteFileIn(dir);
  await (await openSqliteStore({ file, ...keys })).close();
  writeSqliteHrData(file, { rows, orgUnits, firstYear: 2026, years: 1 });
  const store = await openSqliteStore({ file, ...keys });
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
