import { parseEventInputs, isEventType } from '../../../flows/escalation/events';

const at = '2026-11-24T10:00:00.000Z';

describe('card inputs become machine events', () => {
  it('coerces what Adaptive Cards submit', () => {
    const parsed = parseEventInputs(
      'RECORD_SIGNAL',
      { categories: 'insult,exclusion,insult', source: 'bystander', signalDate: '2026-11-20', occurrence: 'first', acute: 'true', perpetrator: 'teamMember', affected: 'teamMember', note: 'ignored here' },
      at,
    );
    expect(parsed).toEqual({
      ok: true,
      event: { type: 'RECORD_SIGNAL', at, categories: ['insult', 'exclusion'], source: 'bystander', signalDate: '2026-11-20', occurrence: 'first', acute: true, perpetrator: 'teamMember', affected: 'teamMember' },
    });
  });

  it('treats a missing toggle as false', () => {
    const parsed = parseEventInputs('ADDRESS_HELD', { heldOn: '2026-11-20', outcome: 'stopped' }, at);
    expect(parsed.ok && parsed.event).toMatchObject({ otherSideHeard: false });
  });

  it('names every wrong or missing field', () => {
    expect(parseEventInputs('RECORD_SIGNAL', { categories: 'ethnicity', source: 1, signalDate: '2026-02-30', acute: 'yes' }, at)).toEqual({
      ok: false,
      fields: ['categories', 'source', 'signalDate', 'occurrence', 'acute', 'perpetrator', 'affected'],
    });
  });

  it('refuses an empty category list', () => {
    expect(parseEventInputs('RECORD_SIGNAL', { categories: '', source: 'bystander', signalDate: '2026-11-20', occurrence: 'first', acute: 'false', perpetrator: 'teamMember', affected: 'teamMember' }, at)).toEqual({
      ok: false,
      fields: ['categories'],
    });
  });

  it('never reads an unanswered yes/no question as "no": acute, "may I address it?", same person', () => {
    expect(parseEventInputs('RECORD_SIGNAL', { categories: 'insult', source: 'bystander', signalDate: '2026-11-20', occurrence: 'first', perpetrator: 'teamMember', affected: 'teamMember' }, at)).toEqual({
      ok: false,
      fields: ['acute'],
    });
    expect(parseEventInputs('RECORD_CONVERSATION', { listened: 'true' }, at)).toEqual({ ok: false, fields: ['approachAgreed'] });
    expect(parseEventInputs('REPORT_REPETITION', { signalDate: '2026-11-20', samePerson: '' }, at)).toEqual({ ok: false, fields: ['samePerson'] });
  });

  it('accepts an empty optional choice as absent', () => {
    const parsed = parseEventInputs('SANCTION_DECIDED', { consultedWith: 'hrAdviser', hearingOffered: 'false', decision: 'orderMeasure', noSanctionReason: '' }, at);
    expect(parsed.ok && parsed.event).toEqual({ type: 'SANCTION_DECIDED', at, consultedWith: 'hrAdviser', hearingOffered: false, decision: 'orderMeasure' });
  });

  it('knows its event types and nothing else', () => {
    expect(isEventType('CLOSE')).toBe(true);
    expect(isEventType('toString')).toBe(false);
    expect(isEventType('DELETE_EVERYTHING')).toBe(false);
  });
});
