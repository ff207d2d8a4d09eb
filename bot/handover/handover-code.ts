/**
 * Hand-over codes: 16 random symbols of Crockford's base32 (80 bits), shown in four groups of four
 * (`K7QM-3XPD-9RTW-HC2F`) because a manager passes the code on by hand. Only the SHA-256 of the
 * normalized code is stored: a copy of the database holds no code that works, and 80 bits cannot
 * be found from the hash by trying. Typing is forgiving: case, spaces and dashes do not matter,
 * and O, I and L are read as 0, 1 and 1.
 */
import { createHash, randomBytes } from 'node:crypto';

/** How long a code works: long enough to reach a successor who is not at work every day. */
export const HANDOVER_CODE_HOURS = 72;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;
const NORMALIZED = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** A fresh code, normalized (16 symbols, no dashes). */
export function newHandoverCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = CODE_LENGTH - 1; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/** The code as people read it: four groups of four. */
export function displayHandoverCode(code: string): string {
  return code.match(/.{4}/g)!.join('-');
}

/** The normalized code in what someone typed, or null when it cannot be one. */
export function normalizeHandoverCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return NORMALIZED.test(code) ? code : null;
}

export function handoverCodeHash(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** `overnemen <code>` / `take over <code>` (already lower-cased and trimmed): the code part, or null for other text. */
export function takeOverCodeIn(text: string): string | null {
  const match = /^(?:overnemen|take over) (.+)$/.exec(text);
  return match ? match[1]! : null;
}
