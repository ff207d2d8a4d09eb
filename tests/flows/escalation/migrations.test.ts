import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESCALATION_MACHINE_VERSION } from '../../../flows/escalation/machine';
import { UnknownMachineVersionError } from '../../../flows/escalation/migrations';
import { advance, offeredEvents, persist, restore, stepOf } from '../../../flows/escalation/ladder';
import type { PersistedEscalation } from '../../../flows/escalation/ladder';
import { SAMPLE_EVENTS } from '../../../flows/escalation/explore';

/** Every reachable state of machine version 1, captured from that machine before it changed. */
const V1: { machineVersion: number; states: { step: string; path: string[]; persisted: PersistedEscalation }[] } = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'v1', 'reachable-states.json'), 'utf8'),
);

describe('stored cases of machine version 1', () => {
  it('the fixtures are version 1 and cover every version-1 step', () => {
    expect(V1.machineVersion).toBe(1);
    expect(ESCALATION_MACHINE_VERSION).toBe(2);
    expect(new Set(V1.states.map((s) => s.step))).toEqual(
      new Set(['signalRecord', 'signalConversation', 'managerIsSubject', 'addressPrepare', 'formalReportRoute', 'sanction', 'addressConversation', 'formalReportFiled', 'teamTalk', 'closing', 'closed']),
    );
  });

  it.each(V1.states.map((s) => [s.step, s.path.join(' > ') || '(start)', s] as const))('restores %s (%s) at the same step and goes on', (step, _path, state) => {
    const restored = restore(state.persisted, 1);
    expect(stepOf(restored)).toBe(step);
    const signal = restored.context.signal;
    if (signal) {
      expect(signal).not.toHaveProperty('subject');
      expect(signal.affected).toBe('teamMember');
      expect(restored.context.route).toBeDefined();
    }
    if (restored.context.sanction) expect(restored.context.sanction).toMatchObject({ consultedWith: 'hrAdviser' });
    // The restored case accepts this machine's events where its step offers them.
    for (const event of SAMPLE_EVENTS.filter((e) => offeredEvents(restored).includes(e.type))) {
      const result = advance(restored, event);
      if (result.accepted) expect(persist(result.snapshot).context.openedAt).toBe(state.persisted.context.openedAt);
    }
  });

  it('maps the old "someone else" to a colleague elsewhere but keeps the case on the ladder it was on', () => {
    const atConversation = V1.states.find((s) => s.step === 'signalConversation')!;
    const old = structuredClone(atConversation.persisted) as PersistedEscalation & { context: { signal: Record<string, unknown> } };
    old.context.signal.subject = 'someoneElse';
    const restored = restore(old, 1);
    expect(restored.context.signal).toMatchObject({ perpetrator: 'otherTeam', affected: 'teamMember' });
    expect(restored.context.route).toBe('ownTeam');
    expect(stepOf(restored)).toBe('signalConversation');
  });

  it('maps "hearing held" to "had the chance to be heard"', () => {
    const decided = V1.states.find((s) => s.step === 'teamTalk' && JSON.stringify(s.persisted.context).includes('hearingHeld'))!;
    const restored = restore(decided.persisted, 1);
    expect(restored.context.sanction).toHaveProperty('hearingOffered');
    expect(restored.context.sanction).not.toHaveProperty('hearingHeld');
  });
});

describe('versions this machine does not know', () => {
  const any = V1.states[1]!.persisted;

  it.each([ESCALATION_MACHINE_VERSION + 1, 0, 1.5])('refuses version %s with an error of its own, never a guess', (version) => {
    expect(() => restore(any, version)).toThrow(UnknownMachineVersionError);
  });
});
