/**
 * The schema's migrations, one ordered list for both stores. Each is written once (migrations/),
 * in SQLite's spelling with the few words that differ taken from migrations/spelling.ts, and per
 * dialect only where the schema itself differs (each such place says why). A version may also have
 * a TypeScript step (data-migrations.ts), which the store runs right after the SQL, in the same
 * transaction. Each database records what it applied in `schema_migrations` (version, name): the
 * order and the refusal of a newer schema are `applyMigrations`', the transaction and locks the
 * store's own.
 */
import type { SqlDialect } from './query-layer';
import { StoreError } from './store-error';
import { initial } from './migrations/001_initial';
import { reminders } from './migrations/002_reminders';
import { hrCases } from './migrations/003_hr_cases';
import { dataLifecycle } from './migrations/004_data_lifecycle';
import { managerActivity } from './migrations/005_manager_activity';
import { hrAggregateParts } from './migrations/006_hr_aggregate_parts';
import { reminderDelivery } from './migrations/007_reminder_delivery';
import { personalReferences } from './migrations/008_personal_references';
import { hrRoute } from './migrations/009_hr_route';
import { handover } from './migrations/010_handover';
import { wbkFeedbackFromAcknowledgement } from './migrations/011_wbk_feedback_from_acknowledgement';
import { groupEligibility } from './migrations/012_group_eligibility';
import { notesKeyId } from './migrations/013_notes_key_id';
import { teamReferences } from './migrations/014_team_references';
import { forgetListened } from './migrations/015_forget_listened';
import { spellingOf } from './migrations/spelling';
import type { Spelling } from './migrations/spelling';

/** A migration as one database applies it: `version` and `name` exactly as schema_migrations records them. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

interface MigrationSource {
  version: number;
  name: string;
  sql: (spelling: Spelling) => string;
  /** The one dialect that has this migration; both when absent. */
  only?: SqlDialect;
}

const MIGRATIONS: readonly MigrationSource[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'reminders', sql: reminders },
  { version: 3, name: 'hr_cases', sql: hrCases },
  { version: 4, name: 'data_lifecycle', sql: dataLifecycle },
  { version: 5, name: 'manager_activity', sql: managerActivity },
  { version: 6, name: 'hr_aggregate_parts', sql: hrAggregateParts, only: 'postgres' },
  { version: 7, name: 'reminder_delivery', sql: reminderDelivery },
  { version: 8, name: 'personal_references', sql: personalReferences },
  { version: 9, name: 'hr_route', sql: hrRoute },
  { version: 10, name: 'handover', sql: handover },
  { version: 11, name: 'wbk_feedback_from_acknowledgement', sql: wbkFeedbackFromAcknowledgement },
  { version: 12, name: 'group_eligibility', sql: groupEligibility },
  { version: 13, name: 'notes_key_id', sql: notesKeyId },
  { version: 14, name: 'team_references', sql: teamReferences },
  { version: 15, name: 'forget_listened', sql: forgetListened },
];

/** The migrations of one dialect, in order, in its spelling. */
export function migrationsFor(dialect: SqlDialect): Migration[] {
  const spelling = spellingOf(dialect);
  return MIGRATIONS.filter((m) => (m.only ?? dialect) === dialect).map(({ version, name, sql }) => ({ version, name, sql: sql(spelling) }));
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
