/**
 * The bot's cryptography, on node:crypto only.
 *
 * - Notes: AES-256-GCM with a fresh 12-byte IV per note. The case id and owner id are bound in as
 *   additional authenticated data, so a note copied to another case or owner fails to decrypt.
 * - Case key: HMAC-SHA256(CASE_KEY_SECRET, caseId) in hex, the only link between HR log rows of one
 *   case. Without the secret it cannot be turned back into the case id.
 * - Keys are 32 bytes, given as base64 (or base64url) or 64 hex characters.
 * - Notes keys form a ring (NOTES_KEYS): every sealed note records the id of the key that sealed it,
 *   new notes take the current key, older keys only open notes until they are re-encrypted
 *   (scripts/rotate-notes-key.ts). NOTES_KEY alone is a ring of one key with the id `legacy`, the id
 *   that notes stored before key ids existed were given (migration 013).
 *
 * Errors carry a code and the name of the setting at most: never a key, a note or a plaintext.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD_DOMAIN = 'escalatiewijzer/note/v1';

export type CryptoErrorCode = 'badKey' | 'decryptFailed' | 'unknownKeyId';

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

/** The key id of NOTES_KEY used alone, and of every note stored before notes recorded their key. */
export const LEGACY_NOTES_KEY_ID = 'legacy';
/** A key id: short, printable, safe in a log line and an environment variable. */
export const NOTES_KEY_ID_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;

/** The notes keys: new notes are sealed with `current`; `keys` opens every note whose id it holds. */
export interface NotesKeyRing {
  currentId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** A note as stored with the id of the key that sealed it. */
export interface KeyedSealedNote extends SealedNote {
  keyId: string;
}

/** NOTES_KEY alone: a ring of one key. */
export function singleKeyRing(key: Buffer): NotesKeyRing {
  return { currentId: LEGACY_NOTES_KEY_ID, keys: new Map([[LEGACY_NOTES_KEY_ID, key]]) };
}

/** A ring as stores take it: a bare key is the one-key ring of NOTES_KEY. */
export function asKeyRing(keys: Buffer | NotesKeyRing): NotesKeyRing {
  return Buffer.isBuffer(keys) ? singleKeyRing(keys) : keys;
}

/**
 * NOTES_KEYS: `id:key` entries separated by commas or white space, the current key first
 * (`2027:<base64>,2026:<base64>`). Ids are unique; keys are 32 bytes and all different. Errors
 * name the setting and at most a key id, never a key.
 */
export function parseNotesKeys(name: string, value: string): NotesKeyRing {
  const entries = value.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) throw new CryptoError('badKey', `${name} must hold at least one id:key entry, the current key first.`);
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    if (!NOTES_KEY_ID_PATTERN.test(id)) {
      throw new CryptoError('badKey', `${name}: every entry is id:key, the id 1 to 32 letters, digits, dots, dashes or underscores.`);
    }
    if (keys.has(id)) throw new CryptoError('badKey', `${name}: the key id ${id} appears twice.`);
    const key = parseKey(`${name} (key id ${id})`, entry.slice(colon + 1));
    if ([...keys.values()].some((other) => other.equals(key))) throw new CryptoError('badKey', `${name}: the key of id ${id} is also given under another id.`);
    keys.set(id, key);
  }
  // A Map keeps the order of insertion: the first entry is the current key.
  return { currentId: [...keys.keys()][0]!, keys };
}

/** Seals a note with the ring's current key, recording its id. */
export function sealNote(ring: NotesKeyRing, text: string, binding: NoteBinding): KeyedSealedNote {
  return { keyId: ring.currentId, ...encryptNote(keyOf(ring, ring.currentId), text, binding) };
}

/**
 * Opens a note with the key its id names. CryptoError('unknownKeyId') when the ring no longer holds
 * that key (the note cannot be read by anyone), 'decryptFailed' on a wrong key or any tampering.
 */
export function openNote(ring: NotesKeyRing, sealed: KeyedSealedNote, binding: NoteBinding): string {
  return decryptNote(keyOf(ring, sealed.keyId), sealed, binding);
}

/**
 * A note opened with the key it names and sealed again with the current key, to `to`: the same
 * binding when a key is rotated, the new owner on a hand-over (the AAD binds the owner).
 */
export function resealNote(ring: NotesKeyRing, sealed: KeyedSealedNote, from: NoteBinding, to: NoteBinding = from): KeyedSealedNote {
  return sealNote(ring, openNote(ring, sealed, from), to);
}

function keyOf(ring: NotesKeyRing, keyId: string): Buffer {
  const key = ring.keys.get(keyId);
  if (!key) throw new CryptoError('unknownKeyId', `no notes key with id ${keyId}`);
  return key;
}
