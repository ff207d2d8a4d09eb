/**
 * The store's tables as the query layer (query-layer.ts) sees them, written by hand once for both
 * databases (code generation would need a live database). Columns that hold one of a closed set
 * of values have that set as their type, so a row needs no cast where it is read. Where the two
 * databases store a value differently (SQLite has no booleans: 1/0), the column type says both.
 */
import type { Generated } from 'kysely';
import type { ReminderRecord } from './reminder-rows';
import type { AuditRecordRow, CaseRecord, NoteRecord } from './sql-rows';
import type { HrLogRecord } from './hr-sql';
import type { TeamPostRecord, TeamReferenceRecord } from './team-reference-rows';

/** SQLite has no booleans: it stores and returns 1 and 0 (the query layer binds booleans as such). */
export type SqlBoolean = boolean | 0 | 1;

/** PostgreSQL returns a bigint as a string, SQLite as a number. */
export type SqlBigint = number | string;

export interface StoreSchema {
  cases: CaseRecord & { past_first_step: Generated<SqlBoolean> };
  /** The team-discussion kit (migration 014, team-references.ts): keyed by team, never by user. */
  team_references: TeamReferenceRecord;
  team_posts: TeamPostRecord;
  notes: NoteRecord & { id: Generated<SqlBigint>; case_id: string; owner_id: string };
  user_settings: {
    owner_id: string;
    /** The first of `org_units`; the only unit of settings from before migration 012. */
    org_unit: string | null;
    /** JSON text: the manager's units, first one first (migration 012). */
    org_units: string | null;
    locale: string | null;
    weekly_digest: Generated<SqlBoolean>;
    updated_at: string;
  };
  conversation_refs: { owner_id: string; ref: string; updated_at: string };
  reminders: Omit<ReminderRecord, 'delivery_unknown'> & {
    delivery_unknown: Generated<SqlBoolean>;
    claimed_by: string | null;
    claimed_until: string | null;
    created_at: string;
    updated_at: string;
  };
  appraisal_tokens: { token: string; recorded_on: string };
  hr_log: HrLogRecord & { id: Generated<SqlBigint> };
  audit: AuditRecordRow;
  /** The last row a purge deleted (migration 004): where the chain now starts. */
  audit_anchor: { id: number; seq: SqlBigint; hash: string };
  my_data_links: { token_hash: string; owner_id: string; locale: string; expires_at: string; created_at: string };
  /** A hand-over's code, by its hash (migration 010): one per case. */
  handover_codes: { code_hash: string; case_id: string; from_owner_id: string; include_notes: SqlBoolean; expires_at: string; created_at: string };
  appraisal_counts: {
    org_unit: string;
    quarter: string;
    asked: SqlBoolean;
    signalled: SqlBoolean;
    /** '' when asked. */
    not_asked_reason: string;
    count: number;
  };
}
