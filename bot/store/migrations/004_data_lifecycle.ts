import type { Spelling } from './spelling';

export const dataLifecycle = (d: Spelling): string => `
-- Retention and the manager's data rights: the audit chain's anchor after a purge, indexes the
-- purge job selects by, and the one-time download links of "mijn gegevens".

-- The last audit row a retention purge removed (bot/audit.ts): verification and new rows continue
-- from it instead of from the genesis. At most one row; on PostgreSQL written under the audit
-- chain lock.
CREATE TABLE audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq ${d.bigint} NOT NULL CHECK (seq >= 1),
  hash TEXT NOT NULL CHECK (${d.charLength}(hash) = 64)
);

CREATE INDEX cases_status_updated ON cases (status, updated_at);
CREATE INDEX notes_created ON notes (created_at);
CREATE INDEX reminders_status_updated ON reminders (status, updated_at);

-- One-time download links of "mijn gegevens". Only the SHA-256 of the random token is kept, so
-- the database (or a backup of it) holds no working link. A link belongs to one owner, expires
-- within minutes and is deleted when it is used.
CREATE TABLE my_data_links (
  token_hash ${d.sortedText} PRIMARY KEY CHECK (${d.charLength}(token_hash) = 64),
  owner_id TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (${d.charLength}(locale) <= 35),
  expires_at ${d.sortedText} NOT NULL CHECK (${d.charLength}(expires_at) = 24),
  created_at TEXT NOT NULL
);
CREATE INDEX my_data_links_expiry ON my_data_links (expires_at);
`;
