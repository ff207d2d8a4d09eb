-- Durable reminders, the weekly-digest setting and the anonymous appraisal-conversation counters.

-- One row per reminder. A weekly digest belongs to its owner and has no case. Instants are ISO
-- strings of one fixed width, so they compare as text. claimed_by/claimed_until are the lease of
-- the scheduler that is sending it: once claimed_until has passed, another scheduler may claim it.
CREATE TABLE reminders (
  id TEXT PRIMARY KEY,
  case_id TEXT REFERENCES cases (id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (length(kind) <= 40),
  due_at TEXT NOT NULL CHECK (length(due_at) = 24),
  status TEXT NOT NULL CHECK (status IN ('due', 'sending', 'sent', 'cancelled', 'dismissed', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT NOT NULL CHECK (length(next_attempt_at) = 24),
  claimed_by TEXT,
  claimed_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((case_id IS NULL) = (kind = 'weeklyDigest'))
);
CREATE INDEX reminders_claimable ON reminders (status, next_attempt_at);
CREATE INDEX reminders_case ON reminders (case_id, status);
CREATE INDEX reminders_owner ON reminders (owner_id, status);
-- At most one digest waiting or being sent per owner.
CREATE UNIQUE INDEX reminders_one_digest ON reminders (owner_id) WHERE kind = 'weeklyDigest' AND status IN ('due', 'sending');

ALTER TABLE user_settings ADD COLUMN weekly_digest INTEGER NOT NULL DEFAULT 0 CHECK (weekly_digest IN (0, 1));

-- Counters only: no case key, no user id, no time finer than a quarter, nothing of the
-- conversation. not_asked_reason is '' when the question was asked.
CREATE TABLE appraisal_counts (
  org_unit TEXT NOT NULL CHECK (length(org_unit) <= 60),
  quarter TEXT NOT NULL CHECK (length(quarter) = 7),
  asked INTEGER NOT NULL CHECK (asked IN (0, 1)),
  signalled INTEGER NOT NULL CHECK (signalled IN (0, 1)),
  not_asked_reason TEXT NOT NULL CHECK (length(not_asked_reason) <= 40),
  count INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (org_unit, quarter, asked, signalled, not_asked_reason),
  CHECK (asked = 1 OR signalled = 0),
  CHECK ((asked = 1) = (not_asked_reason = ''))
);

-- Random tokens of appraisal cards already recorded, so a repeated click counts once. A token is
-- not linked to a user, a counter row or a time finer than a day.
CREATE TABLE appraisal_tokens (
  token TEXT PRIMARY KEY CHECK (length(token) <= 64),
  recorded_on TEXT NOT NULL CHECK (length(recorded_on) = 10)
);
