-- Two reminder states of their own, the same as the SQLite migration 007_reminder_delivery.sql
-- (see bot/store/reminder-store.ts):
-- `unknown`: a send timed out or got 502/504/a reset, so the card may have arrived; it is tried
--   once more, no sooner than ten minutes later. delivery_unknown remembers that it had its retry.
-- `suspended`: the bot cannot reach the owner (403, 404, the app was removed); suspended_reason
--   says which, as a code. A new conversation reference puts them back to `due`.
-- Instances still running older code during a rolling upgrade never write the new states, and do
-- not claim them.
ALTER TABLE reminders DROP CONSTRAINT reminders_status_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_status_check
  CHECK (status IN ('due', 'sending', 'sent', 'cancelled', 'dismissed', 'failed', 'unknown', 'suspended'));
ALTER TABLE reminders ADD COLUMN delivery_unknown boolean NOT NULL DEFAULT false;
ALTER TABLE reminders ADD COLUMN suspended_reason text
  CHECK (suspended_reason IN ('botForbidden', 'conversationNotFound', 'appRemoved'));
ALTER TABLE reminders ADD CONSTRAINT reminders_suspended_has_reason CHECK ((status = 'suspended') = (suspended_reason IS NOT NULL));

-- At most one digest waiting, being sent, waiting for its retry or suspended per owner.
DROP INDEX reminders_one_digest;
CREATE UNIQUE INDEX reminders_one_digest ON reminders (owner_id)
  WHERE kind = 'weeklyDigest' AND status IN ('due', 'sending', 'unknown', 'suspended');
