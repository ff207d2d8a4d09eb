import type { Spelling } from './spelling';

export const reminderDelivery = (d: Spelling): string => `
-- Two reminder states of their own (bot/store/reminder-store.ts):
-- "unknown": a send timed out or got 502/504/a reset, so the card may have arrived; it is tried
--   once more, no sooner than ten minutes later. delivery_unknown remembers that it had its retry.
-- "suspended": the bot cannot reach the owner (403, 404, the app was removed); suspended_reason
--   says which, as a code. A new conversation reference puts them back to "due".
${d.dialect === 'sqlite' ? SQLITE_REBUILD : POSTGRES_ALTER}
-- At most one digest waiting, being sent, waiting for its retry or suspended per owner.
CREATE UNIQUE INDEX reminders_one_digest ON reminders (owner_id)
  WHERE kind = 'weeklyDigest' AND status IN ('due', 'sending', 'unknown', 'suspended');
`;

/**
 * SQLite cannot change a CHECK constraint in place, so the table is rebuilt with its rows and
 * indexes (dropping the table drops the old one-digest index).
 */
const SQLITE_REBUILD = `
CREATE TABLE reminders_007 (
  id TEXT PRIMARY KEY,
  case_id TEXT REFERENCES cases (id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (length(kind) <= 40),
  due_at TEXT NOT NULL CHECK (length(due_at) = 24),
  status TEXT NOT NULL CHECK (status IN ('due', 'sending', 'sent', 'cancelled', 'dismissed', 'failed', 'unknown', 'suspended')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL CHECK (length(next_attempt_at) = 24),
  claimed_by TEXT,
  claimed_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  delivery_unknown INTEGER NOT NULL DEFAULT 0 CHECK (delivery_unknown IN (0, 1)),
  suspended_reason TEXT CHECK (suspended_reason IN ('botForbidden', 'conversationNotFound', 'appRemoved')),
  CHECK ((case_id IS NULL) = (kind = 'weeklyDigest')),
  CHECK ((status = 'suspended') = (suspended_reason IS NOT NULL))
);
INSERT INTO reminders_007 (id, case_id, owner_id, kind, due_at, status, attempts, next_attempt_at, claimed_by, claimed_until,
  created_at, updated_at)
SELECT id, case_id, owner_id, kind, due_at, status, attempts, next_attempt_at, claimed_by, claimed_until, created_at, updated_at
FROM reminders;
DROP TABLE reminders;
ALTER TABLE reminders_007 RENAME TO reminders;

CREATE INDEX reminders_claimable ON reminders (status, next_attempt_at);
CREATE INDEX reminders_case ON reminders (case_id, status);
CREATE INDEX reminders_owner ON reminders (owner_id, status);
CREATE INDEX reminders_status_updated ON reminders (status, updated_at);
`;

/**
 * PostgreSQL changes the table in place, without rewriting its rows. Instances still running older
 * code during a rolling upgrade never write the new states, and do not claim them.
 */
const POSTGRES_ALTER = `
ALTER TABLE reminders DROP CONSTRAINT reminders_status_check;
ALTER TABLE reminders ADD CONSTRAINT reminders_status_check
  CHECK (status IN ('due', 'sending', 'sent', 'cancelled', 'dismissed', 'failed', 'unknown', 'suspended'));
ALTER TABLE reminders ADD COLUMN delivery_unknown boolean NOT NULL DEFAULT false;
ALTER TABLE reminders ADD COLUMN suspended_reason text
  CHECK (suspended_reason IN ('botForbidden', 'conversationNotFound', 'appRemoved'));
ALTER TABLE reminders ADD CONSTRAINT reminders_suspended_has_reason CHECK ((status = 'suspended') = (suspended_reason IS NOT NULL));
DROP INDEX reminders_one_digest;
`;
