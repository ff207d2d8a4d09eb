/**
 * Numbered SQL migrations (`NNN_name.sql`), one folder per dialect under
 * `bot/store/migrations/<dialect>/`. The files are read at run time from the source tree, found by
 * walking up from this module to the folder with package.json, so the same code works from `bot/`
 * (tsx, jest) and compiled from `dist/bot/`. A version may also have a TypeScript step
 * (data-migrations.ts), which the store runs right after the file's SQL, in the same transaction.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoreError } from './store-error';

export type SqlDialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new StoreError('migrationFailed', 'projectRoot');
  }
}

export function migrationsDir(dialect: SqlDialect): string {
  return join(projectRoot(), 'bot', 'store', 'migrations', dialect);
}

/** The migrations in a folder, by version; other files are ignored, duplicate versions refused. */
export function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new StoreError('migrationFailed', 'migrationsDir');
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = MIGRATION_FILE.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new StoreError('migrationFailed', file);
    migrations.push({ version, name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') });
  }
  if (migrations.length === 0) throw new StoreError('migrationFailed', 'migrationsDir');
  return migrations;
}
