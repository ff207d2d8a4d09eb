-- When a manager last used the bot, so the purge job can forget a manager who has no case left and
-- has not used the bot for the case retention — the same as the SQLite migration
-- 005_manager_activity.sql. Existing settings take their manager's reference time (settings are
-- only saved during turns) or, without a reference, the moment of this migration: unknown activity
-- counts as recent, so nothing goes earlier than its retention. The default also stamps rows that
-- instances still running older code insert during a rolling upgrade.
ALTER TABLE user_settings ADD COLUMN updated_at text COLLATE "C" NOT NULL
  DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
UPDATE user_settings s SET updated_at = r.updated_at FROM conversation_refs r WHERE r.owner_id = s.owner_id;
-- Compared with the settings' times as text: byte order, as every other instant column.
ALTER TABLE conversation_refs ALTER COLUMN updated_at TYPE text COLLATE "C";

-- Expired appraisal tokens are deleted by day: by the purge job and when an appraisal is recorded.
CREATE INDEX appraisal_tokens_recorded ON appraisal_tokens (recorded_on);
