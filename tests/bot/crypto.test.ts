import { randomBytes } from 'node:crypto';
import { caseKey, CryptoError, decryptNote, encryptNote, generateSecret, parseKey } from '../../bot/crypto';

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
