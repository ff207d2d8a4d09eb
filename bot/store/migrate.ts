/**
 * Numbered SQL migrations (`NNN_name.sql`), one folder per dialect under
 * `bot/store/migrations/<dialect>/`. The files are read at run time from the source tree, found by
 * walking up from this module to the folder with package.json, so the same code works from `bot/`
 * (tsx, jest) and compiled from `dist/bot/`. A version may also have a TypeScript step
 * (data-migrations.ts), which the store runs right after the file's SQL, in the same transaction.
 * Each database records what it applied in `schema_migrations` (version, name): the order and the
 * refusal of a newer schema are `applyMigrations`', the transaction and locks the store's own.
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

/** A database as `applyMigrations` sees it. */
export interface MigrationTarget {
  /** The versions `schema_migrations` records. */
  recorded(): Promise<number[]>;
  /** The migration's SQL, its data step and its record, in one write transaction (nothing when another process recorded it meanwhile). */
  apply(migration: Migration): Promise<void>;
  /** The store's mapping of its database's errors to StoreError codes. */
  errorFrom(error: unknown): unknown;
}

/** Applies the migrations the database lacks, in order; refuses a database that newer code migrated. */
export async function applyMigrations(target: MigrationTarget, migrations: readonly Migration[]): Promise<void> {
  const recorded = new Set(await target.recorded());
  const newest = Math.max(...migrations.map((m) => m.version));
  // Rather than write in a shape we do not know.
  if ([...recorded].some((version) => version > newest)) throw new StoreError('migrationFailed', 'schemaNewerThanCode');
  for (const migration of migrations.filter((m) => !recorded.has(m.version))) {
    try {
      await target.apply(migration);
    } catch (error) {
      const mapped = target.errorFrom(error);
      if (mapped instanceof StoreError) throw mapped;
      throw new StoreError('migrationFailed', `${String(migration.version).padStart(3, '0')}_${migration.name}`, { cause: error });
    }
  }
}
