import {
  actionVerb,
  appraisalActionData,
  asksForForm,
  cardButton,
  commandActionData,
  digestActionData,
  dismissActionData,
  explainActionData,
  openActionData,
  parseActionData,
  snoozeActionData,
  stepActionData,
} from '../../cards/actions';
import { EVENT_TYPES } from '../../flows/escalation/events';
import { ESCALATION_MACHINE_VERSION } from '../../flows/escalation/machine';

describe('card action data', () => {
  it.each(EVENT_TYPES)('a %s button round-trips with the inputs Teams merges in', (event) => {
    const data = stepActionData('case_01-AB', 7, event);
    const submitted = { ...data, categories: 'insult', note: 'stays an input' };
    expect(parseActionData(JSON.parse(JSON.stringify(submitted)))).toEqual({
      ok: true,
      action: { ew: 1, kind: 'step', caseId: 'case_01-AB', revision: 7, event, mv: ESCALATION_MACHINE_VERSION },
      inputs: { categories: 'insult', note: 'stays an input' },
    });
  });

  it('tells "Uitleg" from the way back to the form, also on cards sent before the short form', () => {
    const wants = (data: unknown) => {
      const parsed = parseActionData(data);
      if (!parsed.ok || parsed.action.kind !== 'explain') throw new Error('not an explain action');
      return asksForForm(parsed.action) ? 'form' : 'guidance';
    };
    expect(explainActionData('c1', 3, true)).toEqual({ ew: 1, kind: 'explain', caseId: 'c1', revision: 3 });
    expect([wants(explainActionData('c1', 3, true)), wants(explainActionData('c1', 3, false))]).toEqual(['guidance', 'form']);
    const before = { ew: 1, kind: 'explain', caseId: 'c1', revision: 3 };
    expect([wants({ ...before, show: true }), wants({ ...before, show: false })]).toEqual(['guidance', 'form']);
    expect([actionVerb(explainActionData('c1', 3, true)), actionVerb(explainActionData('c1', 3, false))]).toEqual(['explain', 'explain-back']);
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
      action: { ew: 1, kind: 'step', caseId: 'c1', revision: 2, event: 'START_FORMAL_REPORT', mv: ESCALATION_MACHINE_VERSION },
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

describe('reminder, digest and appraisal actions', () => {
  it('round-trip with the inputs Teams merges in', () => {
    expect(parseActionData(snoozeActionData('rem_1', 'week'))).toEqual({ ok: true, action: { ew: 1, kind: 'snooze', reminderId: 'rem_1', period: 'week' }, inputs: {} });
    expect(parseActionData(dismissActionData('rem_1'))).toEqual({ ok: true, action: { ew: 1, kind: 'dismiss', reminderId: 'rem_1' }, inputs: {} });
    expect(parseActionData(digestActionData(false))).toEqual({ ok: true, action: { ew: 1, kind: 'digest', weekly: false }, inputs: {} });
    const appraisal = { ...appraisalActionData('after', 'NOT_ASKED', 'tok_0123456789abcdef'), reason: 'noTime', orgUnit: 'Staf' };
    expect(parseActionData(JSON.parse(JSON.stringify(appraisal)))).toEqual({
      ok: true,
      action: { ew: 1, kind: 'appraisal', step: 'after', event: 'NOT_ASKED', token: 'tok_0123456789abcdef' },
      inputs: { reason: 'noTime', orgUnit: 'Staf' },
    });
    for (const command of ['appraisal', 'reminders'] as const) expect(parseActionData(commandActionData(command)).ok).toBe(true);
  });

  it('name their verbs after what they do', () => {
    expect(actionVerb(snoozeActionData('r', 'day'))).toBe('snooze-day');
    expect(actionVerb(dismissActionData('r'))).toBe('dismiss');
    expect(actionVerb(digestActionData(true))).toBe('digest-weekly');
    expect(actionVerb(appraisalActionData('before', 'CONVERSATION_HELD', 'tok_0123456789abcdef'))).toBe('CONVERSATION_HELD');
  });

  it.each([
    ['a snooze for a month', { ew: 1, kind: 'snooze', reminderId: 'r1', period: 'month' }],
    ['a snooze without reminder', { ew: 1, kind: 'snooze', period: 'day' }],
    ['a reminder id with other characters', { ew: 1, kind: 'dismiss', reminderId: 'r1; DROP TABLE' }],
    ['a digest switch as text', { ew: 1, kind: 'digest', weekly: 'yes' }],
    ['an appraisal at an unknown step', { ew: 1, kind: 'appraisal', step: 'during', event: 'NOT_ASKED', token: 'tok_0123456789abcdef' }],
    ['an appraisal with an escalation event', { ew: 1, kind: 'appraisal', step: 'after', event: 'CLOSE', token: 'tok_0123456789abcdef' }],
    ['an appraisal with a short token', { ew: 1, kind: 'appraisal', step: 'after', event: 'NOT_ASKED', token: 'short' }],
  ])('refuses %s', (_what, value) => {
    expect(parseActionData(value).ok).toBe(false);
  });
});
