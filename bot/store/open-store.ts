/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, otherwise SQLite in DATA_DIR. */
import type { Config } from '../config';
import type { CaseStore } from './case-store';
import { openPostgresStore } from './postgres';
import { openSqliteStore, sqliteFileIn } from './sqlite';

export function openConfiguredStore(config: Config): Promise<CaseStore> {
  const keys = { notesKey: config.notesKey, caseKeySecret: config.caseKeySecret };
  if (!config.postgres) return openSqliteStore({ file: sqliteFileIn(config.dataDir), ...keys });
  const { url, poolMax, connectTimeoutMs, statementTimeoutMs, idleTimeoutMs } = config.postgres;
  return openPostgresStore({ connectionString: url, ...keys, poolMax, connectTimeoutMs, statementTimeoutMs, idleTimeoutMs });
}
