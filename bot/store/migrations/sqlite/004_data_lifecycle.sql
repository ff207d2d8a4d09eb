-- Retention and the manager's data rights: the audit chain's anchor after a purge, indexes the
-- purge job selects by, and the one-time download links of `mijn gegevens`.

-- The last audit row a retention purge removed (bot/audit.ts): verification and new rows continue
-- from it instead of from the genesis. At most one row.
CREATE TABLE audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
);

CREATE INDEX cases_status_updated ON cases (status, updated_at);
CREATE INDEX notes_created ON notes (created_at);
CREATE INDEX reminders_status_updated ON reminders (status, updated_at);

-- One-time download links of `mijn gegevens`. Only the SHA-256 of the random token is kept, so
-- the database (or a backup of it) holds no working link. A link belongs to one owner, expires
-- within minutes and is deleted when it is used.
CREATE TABLE my_data_links (
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  owner_id TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (length(locale) <= 35),
  expires_at TEXT NOT NULL CHECK (length(expires_at) = 24),
  created_at TEXT NOT NULL
);
CREATE INDEX my_data_links_expiry ON my_data_links (expires_at);
