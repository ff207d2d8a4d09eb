/**
 * The bot's cryptography, on node:crypto only.
 *
 * - Notes: AES-256-GCM with a fresh 12-byte IV per note. The case id and owner id are bound in as
 *   additional authenticated data, so a note copied to another case or owner fails to decrypt.
 * - Case key: HMAC-SHA256(CASE_KEY_SECRET, caseId) in hex, the only link between HR log rows of one
 *   case. Without the secret it cannot be turned back into the case id.
 * - Keys are 32 bytes, given as base64 (or base64url) or 64 hex characters.
 *
 * Errors carry a code and the name of the setting at most: never a key, a note or a plaintext.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_DOMAIN = 'escalatiewijzer/note/v1';

export type CryptoErrorCode = 'badKey' | 'decryptFailed';

export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'CryptoError';
  }
}

/** A note as it is stored: nothing here reveals the text. */
export interface SealedNote {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/** What a note belongs to; decrypting under any other binding fails. */
export interface NoteBinding {
  caseId: string;
  ownerId: string;
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new CryptoError('badKey', `key must be ${KEY_BYTES} bytes`);
  }
}

function additionalData(binding: NoteBinding): Buffer {
  return Buffer.from(JSON.stringify([AAD_DOMAIN, binding.caseId, binding.ownerId]), 'utf8');
}

export function encryptNote(key: Buffer, text: string, binding: NoteBinding): SealedNote {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(binding));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** Throws CryptoError('decryptFailed') on a wrong key, another binding or any tampering. */
export function decryptNote(key: Buffer, sealed: SealedNote, binding: NoteBinding): string {
  assertKey(key);
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) throw new CryptoError('decryptFailed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(binding));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CryptoError('decryptFailed');
  }
}

/** The pseudonymous key under which a case appears in the HR log (hex, 64 characters). */
export function caseKey(secret: Buffer, caseId: string): string {
  return createHmac('sha256', secret).update(caseId, 'utf8').digest('hex');
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * A 32-byte key from an environment string. `name` is the setting's name, used in the error
 * message; the value itself never appears in it.
 */
export function parseKey(name: string, value: string): Buffer {
  const text = value.trim();
  let key: Buffer | null = null;
  if (HEX_KEY.test(text)) key = Buffer.from(text, 'hex');
  else if (BASE64_KEY.test(text)) key = Buffer.from(text, 'base64');
  else if (BASE64URL_KEY.test(text)) key = Buffer.from(text, 'base64url');
  if (!key || key.length !== KEY_BYTES) {
    throw new CryptoError('badKey', `${name} must be ${KEY_BYTES} bytes, given as base64 or 64 hex characters.`);
  }
  return key;
}

/** A fresh 32-byte secret in base64, fit for NOTES_KEY or CASE_KEY_SECRET. */
export function generateSecret(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
