import type { Spelling } from './spelling';

export const reminders = (d: Spelling): string => `
-- Durable reminders, the weekly-digest setting and the anonymous appraisal-conversation counters.

-- One row per reminder. A weekly digest belongs to its owner and has no case. Instants are ISO
-- strings of one fixed width, so they compare (and sort) as text. claimed_by/claimed_until are the
-- lease of the scheduler that is sending it: once claimed_until has passed, another scheduler may
-- claim it.
CREATE TABLE reminders (
  id ${d.sortedText} PRIMARY KEY,
  case_id ${d.sortedText} REFERENCES cases (id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (${d.charLength}(kind) <= 40),
  due_at ${d.sortedText} NOT NULL CHECK (${d.charLength}(due_at) = 24),
  status TEXT NOT NULL CHECK (status IN ('due', 'sending', 'sent', 'cancelled', 'dismissed', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at ${d.sortedText} NOT NULL CHECK (${d.charLength}(next_attempt_at) = 24),
  claimed_by TEXT,
  claimed_until ${d.sortedText},
  created_at ${d.sortedText} NOT NULL,
  updated_at ${d.sortedText} NOT NULL,
  CHECK ((case_id IS NULL) = (kind = 'weeklyDigest'))
);
CREATE INDEX reminders_claimable ON reminders (status, next_attempt_at);
CREATE INDEX reminders_case ON reminders (case_id, status);
CREATE INDEX reminders_owner ON reminders (owner_id, status);
-- At most one digest waiting or being sent per owner.
CREATE UNIQUE INDEX reminders_one_digest ON reminders (owner_id) WHERE kind = 'weeklyDigest' AND status IN ('due', 'sending');

ALTER TABLE user_settings ADD COLUMN ${d.flag('weekly_digest', `NOT NULL DEFAULT ${d.false}`)};

-- Counters only: no case key, no user id, no time finer than a quarter, nothing of the
-- conversation. not_asked_reason is '' when the question was asked.
CREATE TABLE appraisal_counts (
  org_unit ${d.sortedText} NOT NULL CHECK (${d.charLength}(org_unit) <= 60),
  quarter ${d.sortedText} NOT NULL CHECK (${d.charLength}(quarter) = 7),
  ${d.flag('asked', 'NOT NULL')},
  ${d.flag('signalled', 'NOT NULL')},
  not_asked_reason ${d.sortedText} NOT NULL CHECK (${d.charLength}(not_asked_reason) <= 40),
  count INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (org_unit, quarter, asked, signalled, not_asked_reason),
  CHECK (${d.isTrue('asked')} OR ${d.isFalse('signalled')}),
  CHECK ((${d.isTrue('asked')}) = (not_asked_reason = ''))
);

-- Random tokens of appraisal cards already recorded, so a repeated click counts once. A token is
-- not linked to a user, a counter row or a time finer than a day.
CREATE TABLE appraisal_tokens (
  token ${d.sortedText} PRIMARY KEY CHECK (${d.charLength}(token) <= 64),
  recorded_on ${d.sortedText} NOT NULL CHECK (${d.charLength}(recorded_on) = 10)
);
`;
