-- Cases, encrypted notes, the hash-chained audit trail, the HR log (codes only), conversation
-- references and user settings.

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  machine_id TEXT NOT NULL,
  machine_version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  revision INTEGER NOT NULL CHECK (revision >= 1),
  step TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'routedAway')),
  org_unit TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cases_owner_updated ON cases (owner_id, updated_at);

-- Free text exists here only as AES-256-GCM ciphertext; the plaintext never reaches the database.
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  step TEXT NOT NULL,
  iv BLOB NOT NULL,
  tag BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX notes_case ON notes (case_id, id);

-- No foreign key to cases: the trail outlives purged cases.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  case_id TEXT,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE INDEX audit_case ON audit (case_id);

-- Only enumerated fields: no column can hold a name, an id or free text. case_key is a keyed hash
-- of the case id; categories is a comma-separated list of codes. No foreign key: HR rows are
-- anonymous and outlive purged cases.
CREATE TABLE hr_log (
  id INTEGER PRIMARY KEY,
  case_key TEXT NOT NULL CHECK (length(case_key) = 64),
  rung TEXT NOT NULL CHECK (length(rung) <= 40),
  transition TEXT NOT NULL CHECK (length(transition) <= 40),
  outcome TEXT CHECK (length(outcome) <= 40),
  categories TEXT NOT NULL,
  source TEXT CHECK (length(source) <= 40),
  org_unit TEXT NOT NULL CHECK (length(org_unit) <= 60),
  iso_week TEXT NOT NULL CHECK (length(iso_week) = 8),
  days_since_signal INTEGER,
  deadline_met INTEGER CHECK (deadline_met IN (0, 1))
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
