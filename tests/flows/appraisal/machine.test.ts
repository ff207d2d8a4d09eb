import { getSimplePaths } from 'xstate/graph';
import { APPRAISAL_EVENT_TYPES, APPRAISAL_STEPS, appraisalMachine, NOT_ASKED_REASONS } from '../../../flows/appraisal/machine';
import type { AppraisalEvent, AppraisalStep } from '../../../flows/appraisal/machine';
import {
  advanceAppraisal,
  appraisalAt,
  appraisalOutcomeOf,
  appraisalStepOf,
  offeredAppraisalEvents,
  offersCase,
  parseAppraisalInputs,
} from '../../../flows/appraisal/prompt';

const EVENTS: AppraisalEvent[] = [
  { type: 'CONVERSATION_HELD' },
  { type: 'ASKED_NOTHING_SIGNALLED' },
  { type: 'ASKED_SOMETHING_SIGNALLED' },
  ...NOT_ASKED_REASONS.map((reason) => ({ type: 'NOT_ASKED' as const, reason })),
];

function walk(events: AppraisalEvent[]) {
  return events.reduce((snapshot, event) => {
    const result = advanceAppraisal(snapshot, event);
    if (!result.accepted) throw new Error(`${event.type} refused at ${appraisalStepOf(snapshot)}`);
    return result.snapshot;
  }, appraisalAt('before'));
}

describe('the appraisal prompt, every path', () => {
  const paths = getSimplePaths(appraisalMachine, { events: EVENTS, serializeState: (s) => JSON.stringify([s.value, s.context]) });

  it('reaches every step, and every path starts before the conversation', () => {
    expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set(APPRAISAL_STEPS));
    expect(paths.every((p) => p.steps[0]!.state.value === 'before')).toBe(true);
  });

  it.each<[AppraisalStep, AppraisalEvent, { asked: boolean; signalled: boolean; notAskedReason: string | null }, boolean]>([
    ['askedNothingSignalled', { type: 'ASKED_NOTHING_SIGNALLED' }, { asked: true, signalled: false, notAskedReason: null }, false],
    ['askedSignalled', { type: 'ASKED_SOMETHING_SIGNALLED' }, { asked: true, signalled: true, notAskedReason: null }, true],
    ['notAsked', { type: 'NOT_ASKED', reason: 'noTime' }, { asked: false, signalled: false, notAskedReason: 'noTime' }, false],
  ])('before → after → %s counts %j', (step, event, outcome, caseOffered) => {
    const done = walk([{ type: 'CONVERSATION_HELD' }, event]);
    expect(appraisalStepOf(done)).toBe(step);
    expect(done.status).toBe('done');
    expect(appraisalOutcomeOf(done)).toEqual(outcome);
    expect(offersCase(done)).toBe(caseOffered);
    expect(offeredAppraisalEvents(done)).toEqual([]);
  });

  it.each(NOT_ASKED_REASONS)('records the not-asked reason %s', (reason) => {
    expect(appraisalOutcomeOf(walk([{ type: 'CONVERSATION_HELD' }, { type: 'NOT_ASKED', reason }]))?.notAskedReason).toBe(reason);
  });

  it('counts nothing before the conversation is recorded', () => {
    expect(appraisalOutcomeOf(appraisalAt('before'))).toBeNull();
    expect(appraisalOutcomeOf(appraisalAt('after'))).toBeNull();
  });

  it('offers the conversation before, the three records after, and nothing once recorded', () => {
    expect(offeredAppraisalEvents(appraisalAt('before'))).toEqual(['CONVERSATION_HELD']);
    expect(offeredAppraisalEvents(appraisalAt('after')).sort()).toEqual(['ASKED_NOTHING_SIGNALLED', 'ASKED_SOMETHING_SIGNALLED', 'NOT_ASKED']);
    for (const step of ['askedNothingSignalled', 'askedSignalled', 'notAsked'] as const) {
      for (const event of EVENTS) expect(advanceAppraisal(appraisalAt(step), event).accepted).toBe(false);
    }
  });

  it('refuses a record before the conversation and a second conversation after it, leaving the step as it was', () => {
    const before = appraisalAt('before');
    const refused = advanceAppraisal(before, { type: 'ASKED_SOMETHING_SIGNALLED' });
    expect(refused.accepted).toBe(false);
    expect(appraisalStepOf(refused.snapshot)).toBe('before');
    expect(advanceAppraisal(appraisalAt('after'), { type: 'CONVERSATION_HELD' }).accepted).toBe(false);
  });

  it('resumes from a step after a JSON round trip the same way', () => {
    for (const step of APPRAISAL_STEPS) {
      const restored = appraisalAt(JSON.parse(JSON.stringify(step)) as AppraisalStep);
      expect(appraisalStepOf(restored)).toBe(step);
    }
  });
});

describe('appraisal card inputs', () => {
  it('takes a reason code for "not asked" and refuses anything else by field name', () => {
    expect(parseAppraisalInputs('NOT_ASKED', { reason: 'notSuitable', note: 'ignored' })).toEqual({ ok: true, event: { type: 'NOT_ASKED', reason: 'notSuitable' } });
    expect(parseAppraisalInputs('NOT_ASKED', { reason: 'De medewerker vertelde dat…' })).toEqual({ ok: false, fields: ['reason'] });
    expect(parseAppraisalInputs('NOT_ASKED', {})).toEqual({ ok: false, fields: ['reason'] });
  });

  it('drops whatever else a card submits: no event carries free text', () => {
    for (const type of APPRAISAL_EVENT_TYPES) {
      const parsed = parseAppraisalInputs(type, { reason: 'other', text: 'CANARY', comment: 'CANARY' });
      expect(parsed.ok).toBe(true);
      expect(JSON.stringify(parsed)).not.toContain('CANARY');
    }
  });
});
