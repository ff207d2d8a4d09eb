/** Test data: a case written straight to a store, at its second step, with one stale-case reminder. */
import type { TurnWrite } from '../../../bot/store/case-store';

/** A case at its second step, as the ladder writes it, with a stale-case reminder due at `dueAt`. */
export function caseWithReminder(caseId: string, ownerId: string, dueAt: string): TurnWrite {
  return {
    caseId,
    ownerId,
    expectedRevision: null,
    machineId: 'escalation',
    machineVersion: 1,
    snapshot: { value: { signal: 'conversation' }, context: { openedAt: '2026-12-22T09:00:00.000Z', highestRung: 'signal', reopenCount: 0, rungEnteredAt: {} }, status: 'active' },
    step: 'signalConversation',
    status: 'open',
    orgUnit: 'Beleid',
    at: '2026-12-22T09:00:00.000Z',
    notes: [],
    hrLog: [],
    audit: [],
    reminders: { schedule: [{ kind: 'staleCase', dueAt }], cancel: [] },
  };
}
