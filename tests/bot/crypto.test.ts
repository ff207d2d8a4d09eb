import { randomBytes } from 'node:crypto';
import { caseKey, CryptoError, decryptNote, encryptNote, generateSecret, LEGACY_NOTES_KEY_ID, openNote, parseKey, parseNotesKeys, resealNote, sealNote, singleKeyRing } from '../../bot/crypto';

const key = randomBytes(32);
const binding = { caseId: 'case-1', ownerId: 'aad-owner-1' };

describe('notes encryption', () => {
  it('round-trips text, including non-ASCII', () => {
    const text = 'Collega zei: "ga terug naar je eigen land" — gehoord door drie mensen. ü ✓';
    expect(decryptNote(key, encryptNote(key, text, binding), binding)).toBe(text);
  });

  it('uses a fresh 12-byte IV for every note, so equal texts give different ciphertexts', () => {
    const a = encryptNote(key, 'same text', binding);
    const b = encryptNote(key, 'same text', binding);
    expect(a.iv).toHaveLength(12);
    expect(a.tag).toHaveLength(16);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.ciphertext.toString('utf8')).not.toContain('same text');
  });

  it.each([
    ['another key', () => decryptNote(randomBytes(32), encryptNote(key, 'geheim', binding), binding)],
    ['another case', () => decryptNote(key, encryptNote(key, 'geheim', binding), { ...binding, caseId: 'case-2' })],
    ['another owner', () => decryptNote(key, encryptNote(key, 'geheim', binding), { ...binding, ownerId: 'aad-owner-2' })],
    [
      'a flipped ciphertext bit',
      () => {
        const sealed = encryptNote(key, 'geheim', binding);
        sealed.ciphertext[0]! ^= 1;
        return decryptNote(key, sealed, binding);
      },
    ],
    [
      'a changed tag',
      () => {
        const sealed = encryptNote(key, 'geheim', binding);
        return decryptNote(key, { ...sealed, tag: randomBytes(16) }, binding);
      },
    ],
  ])('refuses to decrypt under %s', (_, attempt) => {
    expect(attempt).toThrow(CryptoError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'decryptFailed' }));
  });

  it('refuses a key of the wrong length', () => {
    expect(() => encryptNote(randomBytes(16), 'x', binding)).toThrow(expect.objectContaining({ code: 'badKey' }));
  });
});

describe('case key', () => {
  it('is HMAC-SHA256 in hex (RFC 4231 test case 2)', () => {
    expect(caseKey(Buffer.from('Jefe'), 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('is stable per secret and case, and differs between secrets and cases', () => {
    const secret = randomBytes(32);
    expect(caseKey(secret, 'case-1')).toBe(caseKey(secret, 'case-1'));
    expect(caseKey(secret, 'case-1')).not.toBe(caseKey(secret, 'case-2'));
    expect(caseKey(randomBytes(32), 'case-1')).not.toBe(caseKey(secret, 'case-1'));
    expect(caseKey(secret, 'case-1')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('keys from the environment', () => {
  const bytes = randomBytes(32);

  it.each([
    ['hex', bytes.toString('hex')],
    ['upper-case hex', bytes.toString('hex').toUpperCase()],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['base64 with surrounding whitespace', ` ${bytes.toString('base64')}\n`],
  ])('accepts 32 bytes as %s', (_, value) => {
    expect(parseKey('NOTES_KEY', value).equals(bytes)).toBe(true);
  });

  it.each([
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['48 bytes of base64', randomBytes(48).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['nothing', ''],
  ])('refuses %s with a message that names the setting but not the value', (_, value) => {
    let error: unknown;
    try {
      parseKey('CASE_KEY_SECRET', value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({ code: 'badKey' });
    expect((error as Error).message).toContain('CASE_KEY_SECRET must be 32 bytes');
    if (value) expect((error as Error).message).not.toContain(value);
  });

  it('generates fresh secrets that parse back to 32 bytes', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).not.toBe(b);
    expect(parseKey('NOTES_KEY', a)).toHaveLength(32);
  });
});

describe('the notes key ring', () => {
  const binding = { caseId: 'case-1', ownerId: 'aad-owner-1' };
  const [a, b] = [randomBytes(32), randomBytes(32)];
  const ring = parseNotesKeys('NOTES_KEYS', `2027:${a.toString('base64')}, 2026:${b.toString('hex')}`);

  it('takes the first key as the current one, and seals new notes with it under its id', () => {
    expect(ring.currentId).toBe('2027');
    expect([...ring.keys.keys()]).toEqual(['2027', '2026']);
    const sealed = sealNote(ring, 'geheim', binding);
    expect(sealed.keyId).toBe('2027');
    expect(decryptNote(a, sealed, binding)).toBe('geheim');
  });

  it('opens a note of an older key, and seals it again with the current key', () => {
    const old = { keyId: '2026', ...encryptNote(b, 'oud', binding) };
    expect(openNote(ring, old, binding)).toBe('oud');
    const resealed = resealNote(ring, old, binding);
    expect(resealed.keyId).toBe('2027');
    expect(openNote(ring, resealed, binding)).toBe('oud');
  });

  it('cannot open a note whose key is no longer in the ring', () => {
    const lost = { keyId: 'gone', ...encryptNote(randomBytes(32), 'weg', binding) };
    expect(() => openNote(ring, lost, binding)).toThrow(expect.objectContaining({ code: 'unknownKeyId' }));
  });

  it('makes NOTES_KEY alone the ring of one key with the id legacy', () => {
    const single = singleKeyRing(a);
    expect(single.currentId).toBe(LEGACY_NOTES_KEY_ID);
    expect(openNote(single, { keyId: LEGACY_NOTES_KEY_ID, ...encryptNote(a, 'x', binding) }, binding)).toBe('x');
  });

  it.each([
    ['no entries', ' , '],
    ['an entry without an id', a.toString('base64')],
    ['an id with a space', `my key:${a.toString('hex')}`],
    ['an id twice', `k1:${a.toString('hex')},k1:${b.toString('hex')}`],
    ['one key under two ids', `k1:${a.toString('hex')},k2:${a.toString('base64')}`],
    ['a short key', `k1:${randomBytes(16).toString('hex')}`],
  ])('refuses %s, naming the setting and never a key', (_, value) => {
    let error: unknown;
    try {
      parseNotesKeys('NOTES_KEYS', value);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'CryptoError', code: 'badKey' });
    expect((error as Error).message).toContain('NOTES_KEYS');
    for (const key of [a, b]) {
      expect((error as Error).message).not.toContain(key.toString('hex'));
      expect((error as Error).message).not.toContain(key.toString('base64'));
    }
  });
});
