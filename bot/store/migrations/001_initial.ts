import type { Spelling } from './spelling';

export const initial = (d: Spelling): string => `
-- Cases, encrypted notes, the hash-chained audit trail, the HR log (codes only), conversation
-- references and user settings.

CREATE TABLE cases (
  id ${d.sortedText} PRIMARY KEY,
  owner_id TEXT NOT NULL,
  machine_id TEXT NOT NULL,
  machine_version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  step TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'routedAway')),
  org_unit TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at ${d.sortedText} NOT NULL
);
CREATE INDEX cases_owner_updated ON cases (owner_id, updated_at);

-- Free text exists here only as AES-256-GCM ciphertext; the plaintext never reaches the database.
CREATE TABLE notes (
  id ${d.rowId},
  case_id ${d.sortedText} NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  step TEXT NOT NULL,
  iv ${d.bytes} NOT NULL,
  tag ${d.bytes} NOT NULL,
  ciphertext ${d.bytes} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX notes_case ON notes (case_id, id);

-- No foreign key to cases: the trail outlives purged cases. seq is SQLite's rowid; on PostgreSQL
-- the store assigns it under a transaction-level advisory lock, so the chain has one head across
-- all instances.
CREATE TABLE audit (
  seq ${d.dialect === 'sqlite' ? 'INTEGER PRIMARY KEY' : 'bigint PRIMARY KEY CHECK (seq >= 1)'},
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  case_id TEXT,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL CHECK (${d.charLength}(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (${d.charLength}(hash) = 64)
);
CREATE INDEX audit_case ON audit (case_id);

-- Only enumerated fields: no column can hold a name, an id or free text. case_key is a keyed hash
-- of the case id; categories is a list of codes (comma-separated in SQLite, which has no arrays).
-- No foreign key: HR rows are anonymous and outlive purged cases.
CREATE TABLE hr_log (
  id ${d.rowId},
  case_key TEXT NOT NULL CHECK (${d.charLength}(case_key) = 64),
  rung TEXT NOT NULL CHECK (${d.charLength}(rung) <= 40),
  transition TEXT NOT NULL CHECK (${d.charLength}(transition) <= 40),
  outcome TEXT CHECK (${d.charLength}(outcome) <= 40),
  categories ${d.dialect === 'sqlite' ? 'TEXT' : 'text[]'} NOT NULL,
  source TEXT CHECK (${d.charLength}(source) <= 40),
  org_unit TEXT NOT NULL CHECK (${d.charLength}(org_unit) <= 60),
  iso_week ${d.sortedText} NOT NULL CHECK (${d.charLength}(iso_week) = 8),
  days_since_signal INTEGER,
  ${d.flag('deadline_met')}
);
CREATE INDEX hr_log_week_unit ON hr_log (iso_week, org_unit);
CREATE INDEX hr_log_case_key ON hr_log (case_key);

CREATE TABLE conversation_refs (
  owner_id TEXT PRIMARY KEY,
  ref TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE user_settings (
  owner_id TEXT PRIMARY KEY,
  org_unit TEXT,
  locale TEXT
);
`;
