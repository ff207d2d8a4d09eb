import type { Spelling } from './spelling';

export const managerActivity = (d: Spelling): string => `
-- When a manager last used the bot, so the purge job can forget a manager who has no case left and
-- has not used the bot for the case retention (bot/store/lifecycle-store.ts). The conversation
-- reference already has its updated_at (every turn refreshes it); the settings get one here, set
-- by every write. Existing settings take their manager's reference time (settings are only saved
-- during turns) or, without a reference, the moment of this migration: unknown activity counts as
-- recent, so nothing goes earlier than its retention.
${d.dialect === 'sqlite' ? SQLITE_UPDATED_AT : POSTGRES_UPDATED_AT}
-- Expired appraisal tokens are deleted by day: by the purge job and when an appraisal is recorded.
CREATE INDEX appraisal_tokens_recorded ON appraisal_tokens (recorded_on);
`;

/** SQLite's ALTER TABLE takes no expression as a default: the empty one only satisfies it, and every writer sets the column. */
const SQLITE_UPDATED_AT = `
ALTER TABLE user_settings ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE user_settings SET updated_at = COALESCE(
  (SELECT r.updated_at FROM conversation_refs r WHERE r.owner_id = user_settings.owner_id),
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
`;

/**
 * PostgreSQL's default is the moment of the insert, so it also stamps the rows that instances
 * still running older code insert during a rolling upgrade. The reference's time is compared with
 * the settings' as text: byte order, as every other instant column.
 */
const POSTGRES_UPDATED_AT = `
ALTER TABLE user_settings ADD COLUMN updated_at text COLLATE "C" NOT NULL
  DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
UPDATE user_settings s SET updated_at = r.updated_at FROM conversation_refs r WHERE r.owner_id = s.owner_id;
ALTER TABLE conversation_refs ALTER COLUMN updated_at TYPE text COLLATE "C";
`;
