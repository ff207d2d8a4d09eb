import type { Spelling } from './spelling';

export const notesKeyId = (d: Spelling): string => `
-- Notes key rotation (issue 19 §6): every note records the id of the notes key that sealed it, so
-- a key ring (NOTES_KEYS) can open notes of older keys and "npm run rotate-notes-key" can find the
-- notes still sealed with one. Notes stored before this were sealed with NOTES_KEY, which is the
-- one-key ring with the id 'legacy' (bot/crypto.ts).
ALTER TABLE notes ADD COLUMN key_id ${d.sortedText} NOT NULL DEFAULT 'legacy' CHECK (length(key_id) BETWEEN 1 AND 32);
-- The rotation's batches: notes of one key id in id order.
CREATE INDEX notes_key ON notes (key_id, id);
`;
