-- Durable reminders, the weekly-digest setting and the anonymous appraisal-conversation counters:
-- the same tables, columns and rules as the SQLite migration 002_reminders.sql.

-- One row per reminder. A weekly digest belongs to its owner and has no case. Instants are ISO
-- strings of one fixed width in the "C" collation, so they compare (and sort) as in SQLite.
-- claimed_by/claimed_until are the lease of the scheduler that is sending it: once claimed_until
-- has passed, another scheduler may claim it.
CREATE TABLE reminders (
  id text COLLATE "C" PRIMARY KEY,
  case_id text COLLATE "C" REFERENCES cases (id) ON DELETE CASCADE,
  owner_id text NOT NULL,
  kind text NOT NULL CHECK (char_length(kind) <= 40),
  due_at text COLLATE "C" NOT NULL CHECK (char_length(due_at) = 24),
  status text NOT NULL CHECK (status IN ('due', 'sending', 'sent', 'cancelled', 'dismissed', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at text COLLATE "C" NOT NULL CHECK (char_length(next_attempt_at) = 24),
  claimed_by text,
  claimed_until text COLLATE "C",
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  CHECK ((case_id IS NULL) = (kind = 'weeklyDigest'))
);
CREATE INDEX reminders_claimable ON reminders (status, next_attempt_at);
CREATE INDEX reminders_case ON reminders (case_id, status);
CREATE INDEX reminders_owner ON reminders (owner_id, status);
-- At most one digest waiting or being sent per owner.
CREATE UNIQUE INDEX reminders_one_digest ON reminders (owner_id) WHERE kind = 'weeklyDigest' AND status IN ('due', 'sending');

ALTER TABLE user_settings ADD COLUMN weekly_digest boolean NOT NULL DEFAULT false;

-- Counters only: no case key, no user id, no time finer than a quarter, nothing of the
-- conversation. not_asked_reason is '' when the question was asked.
CREATE TABLE appraisal_counts (
  org_unit text COLLATE "C" NOT NULL CHECK (char_length(org_unit) <= 60),
  quarter text COLLATE "C" NOT NULL CHECK (char_length(quarter) = 7),
  asked boolean NOT NULL,
  signalled boolean NOT NULL,
  not_asked_reason text COLLATE "C" NOT NULL CHECK (char_length(not_asked_reason) <= 40),
  count integer NOT NULL CHECK (count >= 1),
  PRIMARY KEY (org_unit, quarter, asked, signalled, not_asked_reason),
  CHECK (asked OR NOT signalled),
  CHECK (asked = (not_asked_reason = ''))
);

-- Random tokens of appraisal cards already recorded, so a repeated click counts once. A token is
-- not linked to a user, a counter row or a time finer than a day.
CREATE TABLE appraisal_tokens (
  token text COLLATE "C" PRIMARY KEY CHECK (char_length(token) <= 64),
  recorded_on text COLLATE "C" NOT NULL CHECK (char_length(recorded_on) = 10)
);
