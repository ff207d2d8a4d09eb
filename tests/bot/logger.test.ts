import { createLogger, REDACTED, scrubFields } from '../../bot/logger';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('the logger', () => {
  it('writes one JSON line with level, ISO time and message', () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line)).warn('store slow', { ms: 12 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ level: 'warn', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), message: 'store slow', ms: 12 });
  });

  it.each(['text', 'note', 'noteText', 'name', 'userName', 'token', 'accessToken', 'secret', 'password', 'authorization', 'body', 'value', 'conversationRef', 'key', 'email', 'userId', 'ownerId', 'aadObjectId', 'from', 'tenantId'])(
    'redacts %s at any depth',
    (key) => {
      const scrubbed = scrubFields({ [key]: 'x', nested: { deeper: [{ [key]: { a: 1 } }] } });
      expect(scrubbed).toEqual({ [key]: REDACTED, nested: { deeper: [{ [key]: REDACTED }] } });
    },
  );

  it('keeps enumerated facts', () => {
    const fields = { status: 401, reason: 'expired', route: '/api/messages', activityType: 'invoke', error: 'StoreError', ms: 3 };
    expect(scrubFields(fields)).toEqual(fields);
  });

  it('redacts JWTs and bearer values wherever they appear, the message included', () => {
    const lines: string[] = [];
    createLogger((line) => lines.push(line)).error(`refused Bearer ${JWT}`, { detail: `got ${JWT} here`, list: [`bearer abc.def`] });
    expect(lines[0]).not.toContain(JWT);
    expect(lines[0]).not.toContain('abc.def');
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: `refused ${REDACTED}`, detail: `got ${REDACTED} here`, list: [REDACTED] });
  });

  it('logs an Error by name and code only: its message may quote input', () => {
    const error = Object.assign(new Error('constraint failed for "Jan Jansen"'), { code: 'SQLITE_CONSTRAINT' });
    expect(scrubFields({ error })).toEqual({ error: { name: 'Error', code: 'SQLITE_CONSTRAINT' } });
  });

  it('cuts off deep or cyclic structures instead of walking them', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const line = JSON.stringify(scrubFields({ cyclic }));
    expect(line).toContain('[truncated]');
  });
});
