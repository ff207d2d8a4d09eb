/**
 * The bench's workload must be what it claims: every request the valid next step of its case at
 * the case's current revision, through the whole ladder. The machine itself is the judge here; the
 * smoke run (run.test.ts) shows the bot recording every one of them.
 */
import { parseActionData } from '../../cards/actions';
import { parseEventInputs } from '../../flows/escalation/events';
import type { EventType } from '../../flows/escalation/events';
import { advance, offeredEvents, startCase, stepOf } from '../../flows/escalation/ladder';
import { LadderWorkload, ladderWalks } from '../../bench/workload';

const UNITS = ['Beleid', 'Uitvoering', 'Bedrijfsvoering', 'Toezicht', 'Staf'];
const TODAY = new Date('2026-11-25T10:00:00.000Z');

describe('the ladder walks of the bench', () => {
  it.each(ladderWalks(TODAY, UNITS).map((walk, i) => [i, walk] as const))('walk %i is accepted step by step and ends closed', (_i, walk) => {
    let snapshot = startCase(TODAY.toISOString());
    for (const step of walk) {
      expect(offeredEvents(snapshot)).toContain(step.event);
      const parsed = parseEventInputs(step.event as EventType, step.inputs, TODAY.toISOString());
      if (!parsed.ok) throw new Error(`${step.event}: ${parsed.fields.join(', ')}`);
      const result = advance(snapshot, parsed.event);
      if (!result.accepted) throw new Error(`${step.event}: ${result.rejection}`);
      snapshot = result.snapshot;
    }
    expect(stepOf(snapshot)).toBe('closed');
  });
});

describe('LadderWorkload', () => {
  const walks = ladderWalks(TODAY, UNITS);
  const actionOf = (body: string) => {
    const activity = JSON.parse(body);
    const parsed = parseActionData(activity.value.action.data);
    if (!parsed.ok || parsed.action.kind !== 'step') throw new Error('not a step action');
    return { user: activity.from.aadObjectId as string, ...parsed.action, inputs: parsed.inputs };
  };

  it('sends each case its next step at its current revision, with a note, and moves on only when the step was recorded', () => {
    const workload = new LadderWorkload('http://127.0.0.1:1/', walks, 3, 'Vastgelegd');
    const first = workload.take();
    const action = actionOf(first.body);
    expect(action).toMatchObject({ revision: 0, event: 'RECORD_SIGNAL', inputs: { orgUnit: 'Beleid' } });
    expect(typeof action.inputs.note).toBe('string');

    workload.answered(first.walking, 200, '{"statusCode":200,"value":{"body":[{"text":"Vastgelegd"}]}}');
    const second = actionOf(workload.take().body);
    expect(second).toMatchObject({ caseId: action.caseId, revision: 1, event: 'RECORD_CONVERSATION', user: action.user });
  });

  it('counts an answer that is not a recorded step and leaves that case alone', () => {
    const workload = new LadderWorkload('http://127.0.0.1:1/', walks, 3, 'Vastgelegd');
    const first = workload.take();
    workload.answered(first.walking, 503, '{"error":"storeUnavailable"}');
    expect(workload.stats).toMatchObject({ recorded: 0, unexpected: 1 });
    expect(actionOf(workload.take().body).caseId).not.toBe(actionOf(first.body).caseId);
  });

  it('finishes a case at the end of its walk and spreads new cases over walks and managers', () => {
    const workload = new LadderWorkload('http://127.0.0.1:1/', walks, 3, 'Vastgelegd');
    const seen = new Set<string>();
    const users = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { body, walking } = workload.take();
      const action = actionOf(body);
      seen.add(action.event);
      users.add(action.user);
      workload.answered(walking, 200, 'Vastgelegd');
    }
    expect(workload.stats.casesFinished).toBeGreaterThan(10);
    expect(users.size).toBe(3);
    expect(seen).toEqual(new Set(walks.flat().map((step) => step.event)));
  });
});
