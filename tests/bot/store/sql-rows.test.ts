/**
 * The store's one validating read of a case row (toCaseRow): what it refuses, with which
 * catalogued error, and that a row it gives restores without a cast (restoreCase).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { persist, startCase, stepOf } from '../../../flows/escalation/ladder';
import { ESCALATION_MACHINE_VERSION } from '../../../flows/escalation/machine';
import { UnknownMachineVersionError } from '../../../flows/escalation/migrations';
import { restoreCase, StoreError } from '../../../bot/store/case-store';
import { toCaseRow } from '../../../bot/store/sql-rows';
import type { CaseRecord } from '../../../bot/store/sql-rows';

const AT = '2026-12-06T10:00:00.000Z';

/** Every reachable state of machine version 1, as that machine stored it (tests/flows/fixtures/v1). */
const V1_STATES: { step: string; persisted: unknown }[] = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'flows', 'fixtures', 'v1', 'reachable-states.json'), 'utf8')) as { states: { step: string; persisted: unknown }[] }
).states;

function record(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'case-1',
    owner_id: 'owner-1',
    machine_id: 'escalation',
    machine_version: ESCALATION_MACHINE_VERSION,
    snapshot: JSON.stringify(persist(startCase(AT))),
    revision: 1,
    step: 'signalRecord',
    status: 'open',
    org_unit: 'Beleid',
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

function refusal(row: CaseRecord): unknown {
  try {
    toCaseRow(row);
  } catch (error) {
    return error;
  }
  throw new Error('the row was not refused');
}

describe('reading a case row', () => {
  it('gives a row of this machine with its step, and restoreCase gives the case at that step', () => {
    const row = toCaseRow(record());
    expect(row).toMatchObject({ id: 'case-1', step: 'signalRecord', status: 'open', machineVersion: ESCALATION_MACHINE_VERSION });
    expect(stepOf(restoreCase(row))).toBe('signalRecord');
  });

  it('refuses a step this machine does not know as a corrupt row, naming the column only', () => {
    const error = refusal(record({ step: 'askedAbout' }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'corrupt', field: 'cases.step' });
  });

  it('refuses a status outside the store\'s three', () => {
    expect(refusal(record({ status: 'archived' as never }))).toMatchObject({ code: 'corrupt', field: 'cases.status' });
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '"signalRecord"'],
    ['without a context', JSON.stringify({ value: 'x', status: 'active' })],
    ['with an unknown status', JSON.stringify({ value: 'x', context: {}, status: 'paused' })],
  ])('refuses a snapshot that is %s as a corrupt row', (_what, snapshot) => {
    expect(refusal(record({ snapshot }))).toMatchObject({ code: 'corrupt', field: 'cases.snapshot' });
  });

  it('refuses a case saved by a newer machine as caseFromNewerVersion, whatever its step (a rolling deploy)', () => {
    for (const step of ['signalRecord', 'aStepOfTheNextVersion']) {
      const error = refusal(record({ machine_version: ESCALATION_MACHINE_VERSION + 1, step }));
      expect(error).toBeInstanceOf(UnknownMachineVersionError);
      expect(error).toMatchObject({ version: ESCALATION_MACHINE_VERSION + 1 });
    }
  });

  it.each([0, 1.5])('refuses machine version %s, which no machine saved', (machine_version) => {
    expect(refusal(record({ machine_version }))).toBeInstanceOf(UnknownMachineVersionError);
  });

  it('gives every stored case of machine version 1, which restoreCase migrates at its step', () => {
    for (const state of V1_STATES) {
      const row = toCaseRow(record({ machine_version: 1, step: state.step, snapshot: JSON.stringify(state.persisted) }));
      expect(row).toMatchObject({ machineVersion: 1, step: state.step });
      const restored = restoreCase(row);
      expect(stepOf(restored)).toBe(state.step);
      if (restored.context.signal) expect(restored.context.signal).not.toHaveProperty('subject');
    }
  });
});
