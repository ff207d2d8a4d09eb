/**
 * One-time download links of `mijn gegevens`: 32 random bytes (base64url) in the URL, only their
 * SHA-256 in the store. Whoever holds the link can use it once, within minutes; a copy of the
 * database holds no working link.
 */
import { createHash, randomBytes } from 'node:crypto';

export const MY_DATA_PATH = '/api/my-data';
/** 32 bytes in base64url, without padding. */
export const MY_DATA_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newMyDataToken(): string {
  return randomBytes(32).toString('base64url');
}

export function myDataTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function myDataUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}${MY_DATA_PATH}/${token}`;
}
