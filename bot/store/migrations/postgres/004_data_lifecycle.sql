-- Retention and the manager's data rights: the audit chain's anchor after a purge, indexes the
-- purge job selects by, and the one-time download links of `mijn gegevens` — the same as the
-- SQLite migration 004_data_lifecycle.sql.

-- The last audit row a retention purge removed (bot/audit.ts): verification and new rows continue
-- from it instead of from the genesis. At most one row; written under the audit chain lock.
CREATE TABLE audit_anchor (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL CHECK (seq >= 1),
  hash text NOT NULL CHECK (char_length(hash) = 64)
);

CREATE INDEX cases_status_updated ON cases (status, updated_at);
CREATE INDEX notes_created ON notes (created_at);
CREATE INDEX reminders_status_updated ON reminders (status, updated_at);

-- One-time download links of `mijn gegevens`. Only the SHA-256 of the random token is kept, so
-- the database (or a backup of it) holds no working link. A link belongs to one owner, expires
-- within minutes and is deleted when it is used.
CREATE TABLE my_data_links (
  token_hash text COLLATE "C" PRIMARY KEY CHECK (char_length(token_hash) = 64),
  owner_id text NOT NULL,
  locale text NOT NULL CHECK (char_length(locale) <= 35),
  expires_at text COLLATE "C" NOT NULL CHECK (char_length(expires_at) = 24),
  created_at text NOT NULL
);
CREATE INDEX my_data_links_expiry ON my_data_links (expires_at);
