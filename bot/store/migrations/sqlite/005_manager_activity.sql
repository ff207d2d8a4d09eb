-- When a manager last used the bot, so the purge job can forget a manager who has no case left and
-- has not used the bot for the case retention (bot/store/lifecycle-store.ts). The conversation
-- reference already has its updated_at (every turn refreshes it); the settings get one here, set
-- by every write. Existing settings take their manager's reference time (settings are only saved
-- during turns) or, without a reference, the moment of this migration: unknown activity counts as
-- recent, so nothing goes earlier than its retention. Every writer sets the column; the empty
-- default only satisfies ALTER TABLE, which takes no expression.
ALTER TABLE user_settings ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE user_settings SET updated_at = COALESCE(
  (SELECT r.updated_at FROM conversation_refs r WHERE r.owner_id = user_settings.owner_id),
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- Expired appraisal tokens are deleted by day: by the purge job and when an appraisal is recorded.
CREATE INDEX appraisal_tokens_recorded ON appraisal_tokens (recorded_on);
