import type { Spelling } from './spelling';

export const handover = (d: Spelling): string => `
-- Handing a case over to another manager (issue 15 §7): the pending hand-over codes.
--
-- Only the SHA-256 of the random code is kept, so the database (or a backup of it) holds no code
-- that works. A case has at most one pending code: a new proposal replaces the old one. The code
-- names the owner who proposed it; the manager who accepts is never stored here: acceptance
-- changes cases.owner_id and the code row goes in the same transaction.
CREATE TABLE handover_codes (
  code_hash ${d.sortedText} PRIMARY KEY CHECK (${d.charLength}(code_hash) = 64),
  case_id ${d.sortedText} NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
  from_owner_id TEXT NOT NULL,
  ${d.flag('include_notes', 'NOT NULL')},
  expires_at ${d.sortedText} NOT NULL CHECK (${d.charLength}(expires_at) = 24),
  created_at TEXT NOT NULL
);
CREATE INDEX handover_codes_expiry ON handover_codes (expires_at);

-- Notes stay their author's (notes.owner_id is the author, not the case's owner): after a hand-over
-- a case can hold notes of two authors, each readable only by its own.
CREATE INDEX notes_case_author ON notes (case_id, owner_id);
`;
