import {
  actionVerb,
  cardButton,
  commandActionData,
  openActionData,
  parseActionData,
  stepActionData,
} from '../../cards/actions';
import { EVENT_TYPES } from '../../flows/escalation/events';

describe('card action data', () => {
  it.each(EVENT_TYPES)('a %s button round-trips with the inputs Teams merges in', (event) => {
    const data = stepActionData('case_01-AB', 7, event);
    const submitted = { ...data, categories: 'insult', note: 'stays an input' };
    expect(parseActionData(JSON.parse(JSON.stringify(submitted)))).toEqual({
      ok: true,
      action: { ew: 1, kind: 'step', caseId: 'case_01-AB', revision: 7, event },
      inputs: { categories: 'insult', note: 'stays an input' },
    });
  });

  it('round-trips commands and open actions', () => {
    for (const command of ['new', 'cases', 'help', 'report'] as const) {
      expect(parseActionData(commandActionData(command))).toEqual({ ok: true, action: { ew: 1, kind: 'command', command }, inputs: {} });
    }
    expect(parseActionData(openActionData('abc'))).toEqual({ ok: true, action: { ew: 1, kind: 'open', caseId: 'abc' }, inputs: {} });
  });

  it('keeps a preset value (the reason of a formal report button) as an input, never over the bookkeeping', () => {
    const data = stepActionData('c1', 2, 'START_FORMAL_REPORT', { reason: 'serious', event: 'CLOSE', caseId: 'other' });
    expect(parseActionData(data)).toEqual({
      ok: true,
      action: { ew: 1, kind: 'step', caseId: 'c1', revision: 2, event: 'START_FORMAL_REPORT' },
      inputs: { reason: 'serious' },
    });
  });

  it('names the verb after what the button does', () => {
    expect(actionVerb(stepActionData('c', 0, 'CLOSE'))).toBe('CLOSE');
    expect(actionVerb(commandActionData('help'))).toBe('help');
    expect(actionVerb(openActionData('c'))).toBe('open');
    expect(cardButton('Title', openActionData('c'))).toEqual({ title: 'Title', verb: 'open', data: { ew: 1, kind: 'open', caseId: 'c' } });
  });

  const valid = { ew: 1, kind: 'step', caseId: 'c1', revision: 3, event: 'CLOSE' };
  it.each([
    ['not an object', 'step'],
    ['null', null],
    ['an array', [valid]],
    ['no version', { ...valid, ew: undefined }],
    ['another version', { ...valid, ew: 2 }],
    ['an unknown kind', { ...valid, kind: 'delete' }],
    ['an unknown event', { ...valid, event: 'DELETE_CASE' }],
    ['an event of the wrong case', { ...valid, event: 'close' }],
    ['a revision as string', { ...valid, revision: '3' }],
    ['a negative revision', { ...valid, revision: -1 }],
    ['a fractional revision', { ...valid, revision: 1.5 }],
    ['a revision above the cap', { ...valid, revision: 1_000_001 }],
    ['an empty case id', { ...valid, caseId: '' }],
    ['an oversized case id', { ...valid, caseId: 'a'.repeat(65) }],
    ['a case id with other characters', { ...valid, caseId: 'c1/../x' }],
    ['a numeric case id', { ...valid, caseId: 12 }],
    ['a step without revision', { ew: 1, kind: 'step', caseId: 'c1', event: 'CLOSE' }],
    ['an unknown command', { ew: 1, kind: 'command', command: 'drop' }],
    ['an open without case', { ew: 1, kind: 'open' }],
  ])('refuses %s', (_what, value) => {
    const parsed = parseActionData(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.length).toBeGreaterThan(0);
  });

  it('accepts the limits themselves', () => {
    expect(parseActionData({ ...valid, caseId: 'a'.repeat(64), revision: 1_000_000 }).ok).toBe(true);
    expect(parseActionData({ ...valid, revision: 0 }).ok).toBe(true);
  });

  it('does not echo submitted values in its issues', () => {
    const parsed = parseActionData({ ...valid, caseId: 'SECRET value here' });
    expect(JSON.stringify(parsed)).not.toContain('SECRET');
  });

  it('refuses to build a button with data it would not accept back', () => {
    expect(() => cardButton('x', stepActionData('a'.repeat(65), 1, 'CLOSE'))).toThrow();
    expect(() => cardButton('x', stepActionData('c', -1, 'CLOSE'))).toThrow();
  });
});
