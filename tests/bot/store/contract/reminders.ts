/**
 * The store contract for durable reminders, the weekly digest and the appraisal counters: every
 * store passes it, including two processes claiming from one database at the same moment.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CaseStore } from '../../../../bot/store/case-store';
import type { ReminderClaim } from '../../../../bot/store/reminder-store';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, OTHER_OWNER, OWNER, turnFor } from '../fixtures/store';

const AT = '2026-11-24T10:00:00.000Z';
const LATER = '2026-12-01T07:00:00.000Z';
const CLAIM_WORKER = join(__dirname, '..', 'fixtures', 'claim-worker.ts');

const claimAt = (now: string, claimant = 'scheduler-a', extra: Partial<ReminderClaim> = {}): ReminderClaim => ({
  claimant,
  now,
  leaseUntil: new Date(Date.parse(now) + 60_000).toISOString(),
  limit: 100,
  ...extra,
});

function nextMessage<T = unknown>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`claim worker exited with ${code}`)));
  });
}

export function remindersContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  let harness: StoreHarness;
  let store: CaseStore;

  const statuses = (caseId: string) =>
    harness.rows<{ kind: string; status: string }>(`SELECT kind, status FROM reminders WHERE case_id = '${caseId}' ORDER BY created_at, kind`);

  let caseCounter = 0;
  /** A fresh case with the given reminders scheduled by its first turn. */
  async function caseWith(reminders: { kind: string; dueAt: string }[], ownerId = OWNER): Promise<string> {
    caseCounter += 1;
    const caseId = `case-r${caseCounter}`;
    const result = await store.commit(turnFor(caseId, null, { ownerId, reminders: { schedule: reminders as never, cancel: [] } }));
    expect(result.ok).toBe(true);
    return caseId;
  }

  function startClaimWorker(workerEnv: Record<string, string>): ChildProcess {
    return fork(CLAIM_WORKER, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...workerEnv,
        WORKER_NOW: AT,
        WORKER_NOTES_KEY: keys.notesKey.toString('hex'),
        WORKER_CASE_KEY_SECRET: keys.caseKeySecret.toString('hex'),
      },
    });
  }

  beforeAll(async () => {
    harness = await newHarness('reminders');
    store = await harness.open(keys);
  });

  afterAll(async () => {
    await store.close();
    await harness.dispose();
  });

  /** Every test starts with nothing claimable left over from the one before. */
  beforeEach(async () => {
    for (const r of await store.claimDueReminders(claimAt('2099-01-01T00:00:00.000Z', 'sweeper'))) {
      await store.finishReminder(r.id, 'sweeper', { status: 'cancelled' }, AT);
    }
  });

  describe('reminders written with the turn', () => {
    it('schedules the turn’s reminders in the same transaction as the case', async () => {
      const caseId = await caseWith([
        { kind: 'addressOverdue', dueAt: LATER },
        { kind: 'staleCase', dueAt: '2026-12-24T07:00:00.000Z' },
      ]);
      expect(await statuses(caseId)).toEqual([
        { kind: 'addressOverdue', status: 'due' },
        { kind: 'staleCase', status: 'due' },
      ]);
    });

    it('writes no reminder for a turn that loses the race, and none of an invalid turn', async () => {
      const caseId = await caseWith([]);
      const stale = await store.commit(turnFor(caseId, null, { reminders: { schedule: [{ kind: 'staleCase', dueAt: LATER }], cancel: [] } }));
      expect(stale.ok).toBe(false);
      expect(await statuses(caseId)).toEqual([]);
      await expect(
        store.commit(turnFor('case-invalid-reminder', null, { reminders: { schedule: [{ kind: 'staleCase', dueAt: 'next tuesday' }], cancel: [] } })),
      ).rejects.toMatchObject({ code: 'invalidCode', field: 'reminders.schedule[0].dueAt' });
      expect(await store.load('case-invalid-reminder')).toBeNull();
    });

    it('cancels the named kinds of this case only — waiting, being sent or sent — and keeps the rest', async () => {
      const caseId = await caseWith([
        { kind: 'addressOverdue', dueAt: AT },
        { kind: 'staleCase', dueAt: LATER },
        { kind: 'followUpAffected', dueAt: LATER },
      ]);
      const other = await caseWith([{ kind: 'addressOverdue', dueAt: LATER }]);
      const [claimed] = await store.claimDueReminders(claimAt(AT));
      expect(claimed).toMatchObject({ caseId, kind: 'addressOverdue', status: 'sending' });
      const turn = turnFor(caseId, 1, { reminders: { schedule: [{ kind: 'staleCase', dueAt: '2027-01-05T07:00:00.000Z' }], cancel: ['addressOverdue', 'staleCase'] } });
      expect((await store.commit(turn)).ok).toBe(true);
      expect(await statuses(caseId)).toEqual([
        { kind: 'addressOverdue', status: 'cancelled' },
        { kind: 'followUpAffected', status: 'due' },
        { kind: 'staleCase', status: 'cancelled' },
        { kind: 'staleCase', status: 'due' },
      ]);
      expect(await statuses(other)).toEqual([{ kind: 'addressOverdue', status: 'due' }]);
      // The scheduler that was sending it can no longer mark it sent.
      expect(await store.finishReminder(claimed!.id, 'scheduler-a', { status: 'sent' }, AT)).toBe(false);
    });
  });

  describe('claiming due reminders', () => {
    it('claims only what is due, each reminder once, and counts the attempt', async () => {
      const caseId = await caseWith([
        { kind: 'addressOverdue', dueAt: '2026-11-30T07:00:00.000Z' },
        { kind: 'staleCase', dueAt: '2026-12-24T07:00:00.000Z' },
      ]);
      expect(await store.claimDueReminders(claimAt('2026-11-30T06:59:59.999Z'))).toEqual([]);
      const claimed = await store.claimDueReminders(claimAt('2026-11-30T07:00:00.000Z'));
      expect(claimed).toEqual([
        expect.objectContaining({ caseId, ownerId: OWNER, kind: 'addressOverdue', status: 'sending', attempts: 1, dueAt: '2026-11-30T07:00:00.000Z' }),
      ]);
      expect(await store.claimDueReminders(claimAt('2026-11-30T07:00:30.000Z', 'scheduler-b'))).toEqual([]);
      expect(await store.finishReminder(claimed[0]!.id, 'scheduler-b', { status: 'sent' }, AT)).toBe(false);
      expect(await store.finishReminder(claimed[0]!.id, 'scheduler-a', { status: 'sent' }, AT)).toBe(true);
      expect(await store.claimDueReminders(claimAt('2026-12-01T07:00:00.000Z', 'scheduler-b'))).toEqual([]);
    });

    it('lets another scheduler take over a claim whose lease ran out, and fences the first one off', async () => {
      await caseWith([{ kind: 'addressOverdue', dueAt: AT }]);
      const [first] = await store.claimDueReminders(claimAt(AT, 'crashed', { leaseUntil: '2026-11-24T10:02:00.000Z' }));
      expect(await store.claimDueReminders(claimAt('2026-11-24T10:01:59.999Z', 'scheduler-b'))).toEqual([]);
      const [taken] = await store.claimDueReminders(claimAt('2026-11-24T10:02:00.000Z', 'scheduler-b'));
      expect(taken).toMatchObject({ id: first!.id, attempts: 2 });
      expect(await store.finishReminder(first!.id, 'crashed', { status: 'sent' }, AT)).toBe(false);
      expect(await store.finishReminder(first!.id, 'scheduler-b', { status: 'sent' }, AT)).toBe(true);
    });

    it('puts a failed send back for a later attempt, or gives up', async () => {
      await caseWith([{ kind: 'aftercare', dueAt: AT }]);
      const [claimed] = await store.claimDueReminders(claimAt(AT));
      expect(await store.finishReminder(claimed!.id, 'scheduler-a', { status: 'due', retryAt: '2026-11-24T10:05:00.000Z' }, AT)).toBe(true);
      expect(await store.claimDueReminders(claimAt('2026-11-24T10:04:59.999Z'))).toEqual([]);
      const [again] = await store.claimDueReminders(claimAt('2026-11-24T10:05:00.000Z'));
      expect(again).toMatchObject({ id: claimed!.id, attempts: 2, dueAt: AT, nextAttemptAt: '2026-11-24T10:05:00.000Z' });
      expect(await store.finishReminder(again!.id, 'scheduler-a', { status: 'failed' }, AT)).toBe(true);
      expect(await store.claimDueReminders(claimAt('2027-01-01T00:00:00.000Z'))).toEqual([]);
    });

    it('never hands one reminder to two processes claiming at the same time', async () => {
      const race = await newHarness('reminders-race');
      try {
        const raceStore = await race.open(keys);
        for (let i = 0; i < 60; i++) {
          await raceStore.commit(turnFor(`race-${i}`, null, { reminders: { schedule: [{ kind: 'staleCase', dueAt: AT }], cancel: [] } }));
        }
        await raceStore.close();
        const workers = [0, 1].map(() => startClaimWorker(race.workerEnv));
        await Promise.all(workers.map((child) => nextMessage(child)));
        const done = workers.map((child) => nextMessage<{ claimed: string[] }>(child));
        workers.forEach((child) => child.send('go'));
        const [a, b] = await Promise.all(done);
        const all = [...a!.claimed, ...b!.claimed];
        expect(all).toHaveLength(60);
        expect(new Set(all).size).toBe(60);
        // Each claim is one attempt: no reminder was claimed, released and claimed again.
        expect(await race.rows<{ status: string; attempts: number }>('SELECT DISTINCT status, attempts FROM reminders')).toEqual([{ status: 'sending', attempts: 1 }]);
      } finally {
        await race.dispose();
      }
    });
  });

  describe('what the manager does with a reminder', () => {
    async function sentReminder(ownerId = OWNER) {
      await caseWith([{ kind: 'followUpAffected', dueAt: AT }], ownerId);
      const [claimed] = await store.claimDueReminders(claimAt(AT));
      await store.finishReminder(claimed!.id, 'scheduler-a', { status: 'sent' }, AT);
      return claimed!;
    }

    it('snoozes a sent reminder: due again at the new time, with fresh attempts', async () => {
      const reminder = await sentReminder();
      const result = await store.updateReminder(reminder.id, OWNER, { status: 'due', until: LATER }, AT);
      expect(result).toEqual({ changed: true, reminder: expect.objectContaining({ status: 'due', nextAttemptAt: LATER, attempts: 0, dueAt: AT }) });
      expect(await store.claimDueReminders(claimAt('2026-11-30T07:00:00.000Z'))).toEqual([]);
      expect(await store.claimDueReminders(claimAt(LATER))).toEqual([expect.objectContaining({ id: reminder.id, attempts: 1 })]);
    });

    it('dismisses a reminder once; a second dismiss changes nothing', async () => {
      const reminder = await sentReminder();
      expect(await store.updateReminder(reminder.id, OWNER, { status: 'dismissed' }, AT)).toMatchObject({ changed: true, reminder: { status: 'dismissed' } });
      expect(await store.updateReminder(reminder.id, OWNER, { status: 'dismissed' }, AT)).toMatchObject({ changed: false, reminder: { status: 'dismissed' } });
      expect(await store.updateReminder(reminder.id, OWNER, { status: 'due', until: LATER }, AT)).toMatchObject({ changed: false, reminder: { status: 'dismissed' } });
    });

    it('refuses someone else’s reminder and changes nothing; an unknown one is null', async () => {
      const reminder = await sentReminder();
      await expect(store.updateReminder(reminder.id, OTHER_OWNER, { status: 'dismissed' }, AT)).rejects.toMatchObject({ code: 'notOwner' });
      expect(await harness.rows(`SELECT status FROM reminders WHERE id = '${reminder.id}'`)).toEqual([{ status: 'sent' }]);
      expect(await store.updateReminder('no-such-reminder', OWNER, { status: 'dismissed' }, AT)).toBeNull();
    });
  });

  describe('the weekly digest', () => {
    const DIGEST_OWNER = 'aad-owner-digest';

    it('holds back case reminders of a digest reader and claims the digest instead, once', async () => {
      await store.setWeeklyDigest(DIGEST_OWNER, '2026-11-30T07:00:00.000Z', AT);
      await store.setWeeklyDigest(DIGEST_OWNER, '2026-11-30T07:00:00.000Z', AT);
      expect((await store.userSettings(DIGEST_OWNER)).weeklyDigest).toBe(true);
      const caseId = await caseWith([{ kind: 'addressOverdue', dueAt: AT }, { kind: 'staleCase', dueAt: '2027-01-04T07:00:00.000Z' }], DIGEST_OWNER);
      expect(await store.claimDueReminders(claimAt('2026-11-29T07:00:00.000Z'))).toEqual([]);
      const pending = await store.pendingReminders(DIGEST_OWNER);
      expect(pending.map((r) => [r.caseId, r.kind])).toEqual([[caseId, 'addressOverdue'], [caseId, 'staleCase']]);

      const [digest] = await store.claimDueReminders(claimAt('2026-11-30T07:00:00.000Z'));
      expect(digest).toMatchObject({ caseId: null, ownerId: DIGEST_OWNER, kind: 'weeklyDigest' });
      const listed = pending.filter((r) => r.nextAttemptAt < '2026-12-07T07:00:00.000Z').map((r) => r.id);
      expect(await store.finishReminder(digest!.id, 'scheduler-a', { status: 'sent', digested: listed, nextDigestAt: '2026-12-07T07:00:00.000Z' }, AT)).toBe(true);
      expect((await store.pendingReminders(DIGEST_OWNER)).map((r) => r.kind)).toEqual(['staleCase']);
      expect(await store.claimDueReminders(claimAt('2026-12-07T06:59:00.000Z'))).toEqual([]);
      expect(await store.claimDueReminders(claimAt('2026-12-07T07:00:00.000Z'))).toEqual([expect.objectContaining({ kind: 'weeklyDigest', ownerId: DIGEST_OWNER })]);
    });

    it('back to separate reminders: the digest is cancelled and waiting reminders are claimed again', async () => {
      const owner = 'aad-owner-back';
      await store.setWeeklyDigest(owner, '2026-11-30T07:00:00.000Z', AT);
      await caseWith([{ kind: 'aftercare', dueAt: AT }], owner);
      expect(await store.claimDueReminders(claimAt(AT))).toEqual([]);
      await store.setWeeklyDigest(owner, null, AT);
      expect((await store.userSettings(owner)).weeklyDigest).toBe(false);
      expect((await store.claimDueReminders(claimAt('2026-12-30T07:00:00.000Z'))).map((r) => r.kind)).toEqual(['aftercare']);
    });

    it('plans no next digest when the owner switched it off while it was being sent', async () => {
      const owner = 'aad-owner-switch';
      await store.setWeeklyDigest(owner, AT, AT);
      const [digest] = await store.claimDueReminders(claimAt(AT));
      await harness.exec(`UPDATE user_settings SET weekly_digest = FALSE WHERE owner_id = '${owner}'`);
      expect(await store.finishReminder(digest!.id, 'scheduler-a', { status: 'sent', digested: [], nextDigestAt: LATER }, AT)).toBe(true);
      expect(await harness.rows(`SELECT id FROM reminders WHERE owner_id = '${owner}' AND status = 'due'`)).toEqual([]);
    });
  });

  describe('a delivery whose outcome is unknown', () => {
    const TEN_MINUTES_LATER = '2026-11-24T10:10:00.000Z';

    it('waits for its retry time, is claimed once more knowing it, and can then be given up', async () => {
      const caseId = await caseWith([{ kind: 'addressOverdue', dueAt: AT }]);
      const [claimed] = await store.claimDueReminders(claimAt(AT));
      expect(claimed).toMatchObject({ caseId, deliveryUnknown: false });
      expect(await store.finishReminder(claimed!.id, 'scheduler-a', { status: 'unknown', retryAt: TEN_MINUTES_LATER }, AT)).toBe(true);
      expect(await statuses(caseId)).toEqual([{ kind: 'addressOverdue', status: 'unknown' }]);
      expect(await store.claimDueReminders(claimAt('2026-11-24T10:09:59.999Z'))).toEqual([]);
      const [retry] = await store.claimDueReminders(claimAt(TEN_MINUTES_LATER));
      expect(retry).toMatchObject({ id: claimed!.id, status: 'sending', attempts: 2, deliveryUnknown: true, nextAttemptAt: TEN_MINUTES_LATER });
      expect(await store.finishReminder(retry!.id, 'scheduler-a', { status: 'failed' }, AT)).toBe(true);
      expect(await store.claimDueReminders(claimAt('2027-01-01T00:00:00.000Z'))).toEqual([]);
    });

    it('can still be dismissed by a manager whose card did arrive, which ends the retry', async () => {
      const caseId = await caseWith([{ kind: 'followUpAffected', dueAt: AT }]);
      const [claimed] = await store.claimDueReminders(claimAt(AT));
      await store.finishReminder(claimed!.id, 'scheduler-a', { status: 'unknown', retryAt: TEN_MINUTES_LATER }, AT);
      expect(await store.updateReminder(claimed!.id, OWNER, { status: 'dismissed' }, AT)).toMatchObject({ changed: true });
      expect(await statuses(caseId)).toEqual([{ kind: 'followUpAffected', status: 'dismissed' }]);
      expect(await store.claimDueReminders(claimAt('2027-01-01T00:00:00.000Z'))).toEqual([]);
    });

    it('refuses a retry time that is not an instant', async () => {
      await caseWith([{ kind: 'aftercare', dueAt: AT }]);
      const [claimed] = await store.claimDueReminders(claimAt(AT));
      await expect(store.finishReminder(claimed!.id, 'scheduler-a', { status: 'unknown', retryAt: 'later' }, AT)).rejects.toMatchObject({ code: 'invalidCode', field: 'retryAt' });
    });
  });

  describe('an owner the bot can no longer reach', () => {
    const REF = { serviceUrl: 'https://smba.example/emea/', conversation: { id: 'a:personal-1', conversationType: 'personal' } };
    const reminderRows = (ownerId: string) =>
      harness.rows<{ kind: string; status: string; suspended_reason: string | null; attempts: number }>(
        `SELECT kind, status, suspended_reason, attempts FROM reminders WHERE owner_id = '${ownerId}' ORDER BY kind`,
      );

    it('a 403 while sending suspends the owner’s waiting reminders and drops their reference, in one go', async () => {
      const owner = 'aad-owner-forbidden';
      await store.saveConversationRef(owner, REF);
      await store.saveConversationRef(OTHER_OWNER, REF);
      await caseWith([{ kind: 'addressOverdue', dueAt: AT }, { kind: 'staleCase', dueAt: LATER }], owner);
      const other = await caseWith([{ kind: 'staleCase', dueAt: LATER }], OTHER_OWNER);
      const [claimed] = await store.claimDueReminders(claimAt(AT));
      expect(await store.finishReminder(claimed!.id, 'scheduler-a', { status: 'suspended', reason: 'botForbidden' }, AT)).toBe(true);
      expect(await reminderRows(owner)).toEqual([
        { kind: 'addressOverdue', status: 'suspended', suspended_reason: 'botForbidden', attempts: 1 },
        { kind: 'staleCase', status: 'suspended', suspended_reason: 'botForbidden', attempts: 0 },
      ]);
      expect(await store.conversationRef(owner)).toBeNull();
      expect(await store.conversationRef(OTHER_OWNER)).toEqual(REF);
      expect((await store.claimDueReminders(claimAt('2027-01-01T00:00:00.000Z'))).map((r) => r.caseId)).toEqual([other]);
    });

    it('the app removed: suspends what waits, leaves what ended, and a new reference resumes each reminder once', async () => {
      const owner = 'aad-owner-removed';
      await store.saveConversationRef(owner, REF);
      const caseId = await caseWith([{ kind: 'addressOverdue', dueAt: AT }, { kind: 'staleCase', dueAt: LATER }, { kind: 'followUpAffected', dueAt: LATER }], owner);
      const [sent] = await store.claimDueReminders(claimAt(AT));
      await store.finishReminder(sent!.id, 'scheduler-a', { status: 'sent' }, AT);

      expect(await store.suspendReminders(owner, 'appRemoved')).toBe(2);
      expect(await store.conversationRef(owner)).toBeNull();
      expect(await statuses(caseId)).toEqual([
        { kind: 'addressOverdue', status: 'sent' },
        { kind: 'followUpAffected', status: 'suspended' },
        { kind: 'staleCase', status: 'suspended' },
      ]);
      // Both fell due while suspended: nothing is claimed until the owner is reachable again.
      expect(await store.claimDueReminders(claimAt('2027-01-01T00:00:00.000Z'))).toEqual([]);

      await store.saveConversationRef(owner, REF);
      expect(await reminderRows(owner)).toEqual([
        { kind: 'addressOverdue', status: 'sent', suspended_reason: null, attempts: 1 },
        { kind: 'followUpAffected', status: 'due', suspended_reason: null, attempts: 0 },
        { kind: 'staleCase', status: 'due', suspended_reason: null, attempts: 0 },
      ]);
      const resumed = await store.claimDueReminders(claimAt('2027-01-01T00:00:00.000Z'));
      expect(resumed.map((r) => r.kind).sort()).toEqual(['followUpAffected', 'staleCase']);
      expect(await store.claimDueReminders(claimAt('2027-01-01T00:00:30.000Z'))).toEqual([]);
    });

    it('a suspended weekly digest is replaced, not doubled, when the owner switches the digest again', async () => {
      const owner = 'aad-owner-digest-gone';
      await store.setWeeklyDigest(owner, LATER, AT);
      expect(await store.suspendReminders(owner, 'conversationNotFound')).toBe(1);
      await store.setWeeklyDigest(owner, '2026-12-07T07:00:00.000Z', AT);
      await store.saveConversationRef(owner, REF);
      expect(await reminderRows(owner)).toEqual([
        { kind: 'weeklyDigest', status: 'cancelled', suspended_reason: null, attempts: 0 },
        { kind: 'weeklyDigest', status: 'due', suspended_reason: null, attempts: 0 },
      ]);
    });

    it('refuses a reason that is not in the list, and changes nothing', async () => {
      const owner = 'aad-owner-odd-reason';
      await store.saveConversationRef(owner, REF);
      await expect(store.suspendReminders(owner, 'ownerLeft' as never)).rejects.toMatchObject({ code: 'invalidCode', field: 'reason' });
      expect(await store.conversationRef(owner)).toEqual(REF);
    });
  });

  describe('appraisal counters', () => {
    const TOKEN = (n: number) => `token-${String(n).padStart(12, '0')}`;

    it('counts once per token and reads the counters summed per unit, quarter and answer', async () => {
      const asked = { orgUnit: 'Beleid', quarter: '2026-Q4', asked: true, signalled: false, notAskedReason: null };
      expect(await store.recordAppraisal(asked, TOKEN(1), AT)).toBe(true);
      expect(await store.recordAppraisal(asked, TOKEN(1), AT)).toBe(false);
      expect(await store.recordAppraisal(asked, TOKEN(2), AT)).toBe(true);
      expect(await store.recordAppraisal({ ...asked, signalled: true }, TOKEN(3), AT)).toBe(true);
      expect(await store.recordAppraisal({ ...asked, asked: false, notAskedReason: 'noTime' }, TOKEN(4), AT)).toBe(true);
      expect(await store.recordAppraisal({ ...asked, quarter: '2027-Q1', orgUnit: 'Staf' }, TOKEN(5), AT)).toBe(true);
      expect(await store.appraisalCounts({ fromQuarter: '2026-Q4', toQuarter: '2026-Q4' })).toEqual([
        { orgUnit: 'Beleid', quarter: '2026-Q4', asked: true, signalled: true, notAskedReason: null, count: 1 },
        { orgUnit: 'Beleid', quarter: '2026-Q4', asked: true, signalled: false, notAskedReason: null, count: 2 },
        { orgUnit: 'Beleid', quarter: '2026-Q4', asked: false, signalled: false, notAskedReason: 'noTime', count: 1 },
      ]);
      expect((await store.appraisalCounts()).map((r) => r.quarter)).toContain('2027-Q1');
    });

    it.each([
      ['signalled without being asked', { asked: false, signalled: true, notAskedReason: 'noTime' }, 'signalled'],
      ['a reason although asked', { asked: true, signalled: false, notAskedReason: 'noTime' }, 'notAskedReason'],
      ['no reason although not asked', { asked: false, signalled: false, notAskedReason: null }, 'notAskedReason'],
      ['free text as reason', { asked: false, signalled: false, notAskedReason: 'De medewerker was ziek' }, 'notAskedReason'],
      ['a week instead of a quarter', { quarter: '2026-W48' }, 'quarter'],
      ['an unknown unit pattern', { orgUnit: '<script>' }, 'orgUnit'],
    ])('refuses %s and counts nothing', async (_what, change, field) => {
      const before = await store.appraisalCounts();
      const count = { orgUnit: 'Beleid', quarter: '2026-Q4', asked: true, signalled: false, notAskedReason: null, ...change };
      await expect(store.recordAppraisal(count as never, TOKEN(99), AT)).rejects.toMatchObject({ code: 'invalidCode', field });
      expect(await store.appraisalCounts()).toEqual(before);
    });

    it('keeps counters only: no ids, no times finer than a quarter', async () => {
      expect((await harness.columns('appraisal_counts')).sort()).toEqual(['asked', 'count', 'not_asked_reason', 'org_unit', 'quarter', 'signalled']);
      expect((await harness.columns('appraisal_tokens')).sort()).toEqual(['recorded_on', 'token']);
    });

    it('forgets the tokens of recorded cards after a year, and keeps the counters', async () => {
      const count = { orgUnit: 'Toezicht', quarter: '2026-Q4', asked: true, signalled: false, notAskedReason: null };
      const tokens = async () => (await harness.rows<{ token: string }>('SELECT token FROM appraisal_tokens')).map((r) => r.token).sort();
      expect(await store.recordAppraisal(count, TOKEN(60), AT)).toBe(true);
      const yearLater = new Date(Date.parse(AT) + 366 * 86_400_000).toISOString();
      expect(await store.recordAppraisal(count, TOKEN(61), yearLater)).toBe(true);
      expect(await tokens()).toContain(TOKEN(60));
      const longer = new Date(Date.parse(AT) + 367 * 86_400_000).toISOString();
      expect(await store.recordAppraisal(count, TOKEN(62), longer)).toBe(true);
      expect(await tokens()).toEqual([TOKEN(61), TOKEN(62)]);
      expect((await store.appraisalCounts({ fromQuarter: '2026-Q4', toQuarter: '2026-Q4' })).find((r) => r.orgUnit === 'Toezicht')?.count).toBe(3);
    });
  });
}
