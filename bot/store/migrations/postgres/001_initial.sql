-- Cases, encrypted notes, the hash-chained audit trail, the HR log (codes only), conversation
-- references and user settings: the same tables and columns as the SQLite schema.
--
-- Times are the ISO 8601 strings the turn carried, kept as text as in SQLite: the audit hash covers
-- their exact spelling. Text that is sorted or compared in ranges uses the "C" collation, so the
-- order is byte order (as in SQLite) whatever locale the database was created with.

CREATE TABLE cases (
  id text COLLATE "C" PRIMARY KEY,
  owner_id text NOT NULL,
  machine_id text NOT NULL,
  machine_version integer NOT NULL,
  snapshot text NOT NULL,
  revision integer NOT NULL CHECK (revision >= 1),
  step text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed', 'routedAway')),
  org_unit text NOT NULL,
  created_at text NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX cases_owner_updated ON cases (owner_id, updated_at);

-- Free text exists here only as AES-256-GCM ciphertext; the plaintext never reaches the database.
CREATE TABLE notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id text COLLATE "C" NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  owner_id text NOT NULL,
  step text NOT NULL,
  iv bytea NOT NULL,
  tag bytea NOT NULL,
  ciphertext bytea NOT NULL,
  created_at text NOT NULL
);
CREATE INDEX notes_case ON notes (case_id, id);

-- No foreign key to cases: the trail outlives purged cases. seq is assigned by the store under a
-- transaction-level advisory lock, so the chain has one head across all instances.
CREATE TABLE audit (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  case_id text,
  detail text NOT NULL,
  prev_hash text NOT NULL CHECK (char_length(prev_hash) = 64),
  hash text NOT NULL CHECK (char_length(hash) = 64)
);
CREATE INDEX audit_case ON audit (case_id);

-- Only enumerated fields: no column can hold a name, an id or free text. case_key is a keyed hash
-- of the case id. No foreign key: HR rows are anonymous and outlive purged cases.
CREATE TABLE hr_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_key text NOT NULL CHECK (char_length(case_key) = 64),
  rung text NOT NULL CHECK (char_length(rung) <= 40),
  transition text NOT NULL CHECK (char_length(transition) <= 40),
  outcome text CHECK (char_length(outcome) <= 40),
  categories text[] NOT NULL,
  source text CHECK (char_length(source) <= 40),
  org_unit text NOT NULL CHECK (char_length(org_unit) <= 60),
  iso_week text COLLATE "C" NOT NULL CHECK (char_length(iso_week) = 8),
  days_since_signal integer,
  deadline_met boolean
);
CREATE INDEX hr_log_week_unit ON hr_log (iso_week, org_unit);
CREATE INDEX hr_log_case_key ON hr_log (case_key);

CREATE TABLE conversation_refs (
  owner_id text PRIMARY KEY,
  ref text NOT NULL,
  updated_at text NOT NULL
);

CREATE TABLE user_settings (
  owner_id text PRIMARY KEY,
  org_unit text,
  locale text
);
