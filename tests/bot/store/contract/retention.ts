/**
 * The store contract for retention: what `purgeExpired` deletes per record type, what it keeps,
 * the audit tombstones it writes and the anchor that keeps the audit chain verifiable. Every store
 * passes it, including two stores purging the same database at once.
 */
import type { CaseStore, TurnWrite } from '../../../../bot/store/case-store';
import type { PurgeCutoffs } from '../../../../bot/store/lifecycle-store';
import { RETENTION_ACTOR } from '../../../../bot/store/lifecycle-store';
import type { AuditRecordRow } from '../../../../bot/store/sql-rows';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, OWNER, turnFor } from '../fixtures/store';

const NOW = '2026-11-25T03:00:00.000Z';
const OLD = '2020-01-10T10:00:00.000Z';
const RECENT = '2026-11-01T10:00:00.000Z';

/** Cutoffs that purge nothing; each test moves the one it is about. */
export const NOTHING: PurgeCutoffs = {
  casesChangedBefore: '2000-01-01T00:00:00.000Z',
  notesWrittenBefore: '2000-01-01T00:00:00.000Z',
  remindersEndedBefore: '2000-01-01T00:00:00.000Z',
  hrBeforeQuarter: '2000-Q1',
  appraisalBeforeQuarter: '2000-Q1',
  auditBefore: '2000-01-01T00:00:00.000Z',
  managersInactiveBefore: '2000-01-01T00:00:00.000Z',
  appraisalTokensBefore: '2000-01-01',
};
const BEFORE_2024 = '2024-01-01T00:00:00.000Z';

export function retentionContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  const harnesses: StoreHarness[] = [];

  /** `clock` stamps what the store times itself: conversation references and settings. */
  async function fresh(label: string, clock: () => Date = () => new Date(NOW)): Promise<{ harness: StoreHarness; store: CaseStore }> {
    const harness = await newHarness(label);
    harnesses.push(harness);
    return { harness, store: await harness.open(keys, { clock }) };
  }

  afterAll(async () => {
    for (const harness of harnesses) await harness.dispose();
  });

  /** A case created at `at` and left there, with the given changes to the standard turn. */
  async function caseAt(store: CaseStore, caseId: string, at: string, overrides: Partial<TurnWrite> = {}): Promise<void> {
    expect(await store.commit(turnFor(caseId, null, { at, ...overrides }))).toMatchObject({ ok: true });
  }

  const auditRows = (harness: StoreHarness) =>
    harness.rows<AuditRecordRow>('SELECT seq, at, actor, action, case_id, detail, prev_hash, hash FROM audit ORDER BY seq');

  describe('purging expired data', () => {
    it('deletes closed and routed-away cases past their retention with their notes and reminders, and leaves a tombstone', async () => {
      const { harness, store } = await fresh('retention-cases');
      const aftercare = { schedule: [{ kind: 'aftercare' as const, dueAt: '2020-02-03T07:00:00.000Z' }], cancel: [] };
      await caseAt(store, 'old-closed', OLD, { status: 'closed', step: 'closed', reminders: aftercare });
      await caseAt(store, 'old-routed', OLD, { status: 'routedAway', step: 'managerIsSubject' });
      await caseAt(store, 'old-open', OLD);
      await caseAt(store, 'recent-closed', RECENT, { status: 'closed', step: 'closed' });
      const hrRows = (await store.hrLog()).length;

      const result = await store.purgeExpired({ ...NOTHING, casesChangedBefore: BEFORE_2024 }, NOW, 100);
      expect(result).toMatchObject({ purged: { cases: 2, notes: 2, reminders: 1, audit: 0 }, anchor: null, more: false });
      expect(await store.load('old-closed')).toBeNull();
      expect(await store.load('old-routed')).toBeNull();
      expect(await store.load('old-open')).not.toBeNull();
      expect(await store.load('recent-closed')).not.toBeNull();
      expect(await harness.rows("SELECT id FROM notes WHERE case_id IN ('old-closed', 'old-routed')")).toEqual([]);
      expect(await harness.count('reminders')).toBe(0);
      // The anonymous HR rows are not case data: they follow the HR retention.
      expect(await store.hrLog()).toHaveLength(hrRows);

      const tombstones = (await auditRows(harness)).filter((row) => row.action === 'delete');
      expect(tombstones.map((row) => [row.actor, row.case_id, row.detail, row.at]).sort()).toEqual([
        [RETENTION_ACTOR, 'old-closed', 'case', NOW],
        [RETENTION_ACTOR, 'old-routed', 'case', NOW],
      ]);
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 6 });
      await store.close();
    });

    it('deletes notes older than their retention in any case, and says for which case in the audit trail', async () => {
      const { harness, store } = await fresh('retention-notes');
      await caseAt(store, 'long-open', OLD);
      expect(await store.commit(turnFor('long-open', 1, { at: RECENT, notes: [{ step: 'addressPrepare', text: 'recent note' }] }))).toMatchObject({ ok: true });

      const result = await store.purgeExpired({ ...NOTHING, notesWrittenBefore: BEFORE_2024 }, NOW, 100);
      expect(result.purged).toMatchObject({ cases: 0, notes: 1 });
      expect((await store.readNotes('long-open', OWNER)).map((note) => note.text)).toEqual(['recent note']);
      expect((await auditRows(harness)).filter((row) => row.action === 'delete').map((row) => [row.actor, row.case_id, row.detail])).toEqual([
        [RETENTION_ACTOR, 'long-open', 'notes'],
      ]);
      await store.close();
    });

    it('deletes reminders that ended long ago, never one that is still waiting', async () => {
      const { harness, store } = await fresh('retention-reminders');
      const due = (kind: 'staleCase' | 'followUpAffected', dueAt: string) => ({ schedule: [{ kind, dueAt }], cancel: [] });
      await caseAt(store, 'sent-long-ago', OLD, { reminders: due('staleCase', '2020-02-10T07:00:00.000Z') });
      const [claimed] = await store.claimDueReminders({ claimant: 'scheduler', now: '2020-02-10T07:00:00.000Z', leaseUntil: '2020-02-10T07:05:00.000Z', limit: 10 });
      await store.finishReminder(claimed!.id, 'scheduler', { status: 'sent' }, '2020-02-10T07:00:01.000Z');
      await caseAt(store, 'still-waiting', OLD, { reminders: due('followUpAffected', '2030-01-07T07:00:00.000Z') });
      await caseAt(store, 'sent-recently', RECENT, { reminders: due('staleCase', '2026-11-02T07:00:00.000Z') });
      const [recent] = await store.claimDueReminders({ claimant: 'scheduler', now: '2026-11-02T07:00:00.000Z', leaseUntil: '2026-11-02T07:05:00.000Z', limit: 10 });
      await store.finishReminder(recent!.id, 'scheduler', { status: 'sent' }, '2026-11-02T07:00:01.000Z');

      const result = await store.purgeExpired({ ...NOTHING, remindersEndedBefore: BEFORE_2024 }, NOW, 100);
      expect(result.purged.reminders).toBe(1);
      expect(await harness.rows('SELECT case_id, status FROM reminders ORDER BY case_id')).toEqual([
        { case_id: 'sent-recently', status: 'sent' },
        { case_id: 'still-waiting', status: 'due' },
      ]);
      await store.close();
    });

    it('deletes the HR data of whole quarters before the HR retention, a quarter per round, and appraisal counters of old quarters', async () => {
      const { harness, store } = await fresh('retention-hr');
      const hrRow = (isoWeek: string) => ({ ...turnFor('x', null).hrLog[0]!, isoWeek });
      await caseAt(store, 'signalled-2019-q1', OLD, { hrLog: [hrRow('2019-W10')] });
      expect(await store.commit(turnFor('signalled-2019-q1', 1, { at: RECENT, hrLog: [{ ...hrRow('2026-W44'), transition: 'conversationRecorded', outcome: 'listened' }] }))).toMatchObject({ ok: true });
      await caseAt(store, 'signalled-2019-q3', OLD, { hrLog: [hrRow('2019-W30')] });
      await caseAt(store, 'signalled-2026-q4', RECENT, { hrLog: [hrRow('2026-W45')] });
      for (const [quarter, token] of [['2019-Q4', 'token-old-0000000001'], ['2026-Q4', 'token-new-0000000001']] as const) {
        await store.recordAppraisal({ orgUnit: 'Beleid', quarter, asked: true, signalled: false, notAskedReason: null }, token, NOW);
      }
      const cutoffs = { ...NOTHING, hrBeforeQuarter: '2020-Q1', appraisalBeforeQuarter: '2020-Q1' };

      const first = await store.purgeExpired(cutoffs, NOW, 100);
      expect(first).toMatchObject({ purged: { hrCases: 1, hrLog: 2, appraisalCounts: 1 }, more: true });
      expect(await store.hrAggregates(['2019-Q1'])).toEqual([]);
      expect(await store.hrAggregates(['2019-Q3'])).toHaveLength(1);
      const second = await store.purgeExpired(cutoffs, NOW, 100);
      expect(second).toMatchObject({ purged: { hrCases: 1, hrLog: 1 }, more: true });
      expect(await store.purgeExpired(cutoffs, NOW, 100)).toMatchObject({ purged: { hrCases: 0, hrLog: 0 }, more: false });

      expect((await store.hrLog()).map((row) => row.isoWeek)).toEqual(['2026-W45']);
      expect(await harness.count('hr_cases')).toBe(1);
      expect((await store.hrAggregates(['2026-Q4'])).map((row) => row.quarter)).toEqual(['2026-Q4']);
      expect((await store.appraisalCounts()).map((row) => row.quarter)).toEqual(['2026-Q4']);
      // The cases themselves follow their own retention.
      expect(await store.load('signalled-2019-q1')).not.toBeNull();
      await store.close();
    });

    it('does not count a case that stayed open after its HR quarter was purged again, as a new case in a later quarter', async () => {
      const { harness, store } = await fresh('retention-hr-open-case');
      const hrRow = (isoWeek: string) => ({ ...turnFor('x', null).hrLog[0]!, isoWeek });
      await caseAt(store, 'open-since-2019', OLD, { hrLog: [hrRow('2019-W10')] });
      await caseAt(store, 'signalled-2026', RECENT, { hrLog: [hrRow('2026-W44')] });
      expect(await store.purgeExpired({ ...NOTHING, hrBeforeQuarter: '2020-Q1' }, NOW, 100)).toMatchObject({ purged: { hrCases: 1, hrLog: 1 } });
      const aggregatesBefore = await store.hrAggregates(['2026-Q4']);

      // The case goes on, years later: its steps are stored, HR gets none of them.
      const later = { ...hrRow('2026-W45'), rung: 'address', transition: 'addressHeld', outcome: 'stopped', daysSinceSignal: 2450, deadlineMet: false };
      const closed = { ...hrRow('2026-W46'), rung: 'closing', transition: 'closed', outcome: 'resolved', daysSinceSignal: 2457 };
      expect(await store.commit(turnFor('open-since-2019', 1, { at: RECENT, hrLog: [later] }))).toMatchObject({ ok: true, revision: 2 });
      expect(await store.commit(turnFor('open-since-2019', 2, { at: RECENT, hrLog: [closed] }))).toMatchObject({ ok: true, revision: 3 });

      expect((await store.hrLog()).map((row) => [row.isoWeek, row.transition])).toEqual([['2026-W44', 'signalRecorded']]);
      expect(await harness.count('hr_cases')).toBe(1);
      expect(await store.hrAggregates(['2026-Q4'])).toEqual(aggregatesBefore);
      // A case whose signal HR has seen keeps being followed.
      expect(await store.commit(turnFor('signalled-2026', 1, { at: RECENT, hrLog: [later] }))).toMatchObject({ ok: true });
      expect((await store.hrLog()).map((row) => row.transition)).toEqual(['signalRecorded', 'addressHeld']);
      await store.close();
    });

    it('deletes the oldest audit rows and keeps the rest verifiable from the anchor', async () => {
      const { harness, store } = await fresh('retention-audit');
      for (let i = 0; i < 5; i++) await store.recordAudit({ actor: OWNER, action: 'read', caseId: null, detail: 'caseList', at: `2020-01-1${i}T10:00:00.000Z` });
      for (let i = 0; i < 3; i++) await store.recordAudit({ actor: OWNER, action: 'read', caseId: null, detail: 'caseList', at: `2026-11-1${i}T10:00:00.000Z` });
      const before = await auditRows(harness);

      const result = await store.purgeExpired({ ...NOTHING, auditBefore: BEFORE_2024 }, NOW, 100);
      expect(result).toMatchObject({ purged: { audit: 5 }, anchor: { seq: 5, hash: before[4]!.hash }, more: false });
      expect((await auditRows(harness)).map((row) => Number(row.seq))).toEqual([6, 7, 8]);
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 3 });

      await store.recordAudit({ actor: OWNER, action: 'read', caseId: null, detail: 'caseList', at: NOW });
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 4 });
      // Tampering after the anchor is still found.
      await harness.exec("UPDATE audit SET detail = 'caseCard' WHERE seq = 7");
      expect(await store.verifyAudit()).toEqual({ ok: false, firstBrokenSeq: 7, rows: 4 });
      await store.close();
    });

    it('purges the audit trail in rounds of at most `limit` rows, and continues the chain after purging it all', async () => {
      const { harness, store } = await fresh('retention-audit-all');
      for (let i = 0; i < 5; i++) await store.recordAudit({ actor: OWNER, action: 'read', caseId: null, detail: 'caseList', at: `2020-01-1${i}T10:00:00.000Z` });
      const cutoffs = { ...NOTHING, auditBefore: NOW };
      expect(await store.purgeExpired(cutoffs, NOW, 2)).toMatchObject({ purged: { audit: 2 }, anchor: { seq: 2 }, more: true });
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 3 });
      expect(await store.purgeExpired(cutoffs, NOW, 2)).toMatchObject({ purged: { audit: 2 }, anchor: { seq: 4 }, more: true });
      expect(await store.purgeExpired(cutoffs, NOW, 2)).toMatchObject({ purged: { audit: 1 }, anchor: { seq: 5 }, more: false });
      expect(await harness.count('audit')).toBe(0);
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 0 });

      await store.commit(turnFor('after-the-purge', null, { at: NOW }));
      expect((await auditRows(harness)).map((row) => Number(row.seq))).toEqual([6]);
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 1 });
      await store.close();
    });

    it('purges each row once when two stores on one database purge at the same time', async () => {
      const { harness, store } = await fresh('retention-twice', () => new Date(OLD));
      for (let i = 0; i < 30; i++) await caseAt(store, `closed-${i}`, OLD, { status: 'closed', step: 'closed' });
      for (let i = 0; i < 20; i++) await store.saveConversationRef(`aad-manager-${i}`, referenceOf(`aad-manager-${i}`));
      const other = await harness.open(keys);
      const cutoffs = { ...NOTHING, casesChangedBefore: BEFORE_2024, auditBefore: BEFORE_2024, managersInactiveBefore: BEFORE_2024 };
      const purgeAll = async (s: CaseStore) => {
        let cases = 0;
        let managers = 0;
        for (let round = 0; round < 50; round++) {
          const result = await s.purgeExpired(cutoffs, NOW, 7);
          cases += result.purged.cases;
          managers += result.purged.managers;
          if (!result.more && (await harness.count('cases')) === 0 && (await harness.count('conversation_refs')) === 0) break;
        }
        return { cases, managers };
      };
      const [a, b] = await Promise.all([purgeAll(store), purgeAll(other)]);
      expect(a.cases + b.cases).toBe(30);
      expect(a.managers + b.managers).toBe(20);
      expect(await harness.count('cases')).toBe(0);
      expect(await harness.count('conversation_refs')).toBe(0);
      // The 30 create rows from 2020 went; the 30 tombstones written now remain, in one chain.
      const remaining = await auditRows(harness);
      expect(remaining.map((row) => [row.actor, row.action])).toEqual(Array.from({ length: 30 }, () => [RETENTION_ACTOR, 'delete']));
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 30 });
      await other.close();
      await store.close();
    });

    it('refuses malformed cutoffs and limits, and deletes nothing', async () => {
      const { harness, store } = await fresh('retention-invalid');
      await caseAt(store, 'kept', OLD, { status: 'closed', step: 'closed' });
      await expect(store.purgeExpired({ ...NOTHING, casesChangedBefore: 'last year' }, NOW, 100)).rejects.toMatchObject({ code: 'invalidCode', field: 'casesChangedBefore' });
      await expect(store.purgeExpired({ ...NOTHING, hrBeforeQuarter: '2020-W01' }, NOW, 100)).rejects.toMatchObject({ code: 'invalidCode', field: 'hrBeforeQuarter' });
      await expect(store.purgeExpired({ ...NOTHING, casesChangedBefore: BEFORE_2024 }, NOW, 0)).rejects.toMatchObject({ code: 'invalidCode', field: 'limit' });
      await expect(store.purgeExpired({ ...NOTHING, casesChangedBefore: BEFORE_2024, managersInactiveBefore: 'two years ago' }, NOW, 100)).rejects.toMatchObject({
        code: 'invalidCode',
        field: 'managersInactiveBefore',
      });
      await expect(store.purgeExpired({ ...NOTHING, casesChangedBefore: BEFORE_2024, appraisalTokensBefore: BEFORE_2024 }, NOW, 100)).rejects.toMatchObject({
        code: 'invalidCode',
        field: 'appraisalTokensBefore',
      });
      expect(await harness.count('cases')).toBe(1);
      await store.close();
    });

    it('forgets appraisal tokens recorded more than a year ago, and keeps the counters', async () => {
      const { harness, store } = await fresh('retention-tokens');
      const count = { orgUnit: 'Beleid', quarter: '2026-Q4', asked: true, signalled: false, notAskedReason: null };
      await store.recordAppraisal(count, 'token-old-0000000001', '2025-11-01T10:00:00.000Z');
      await store.recordAppraisal(count, 'token-new-0000000001', RECENT);
      expect(await harness.count('appraisal_tokens')).toBe(2);

      const result = await store.purgeExpired({ ...NOTHING, appraisalTokensBefore: '2025-11-24' }, NOW, 100);
      expect(result).toMatchObject({ purged: { appraisalTokens: 1, appraisalCounts: 0 }, more: false });
      expect(await harness.rows('SELECT token FROM appraisal_tokens')).toEqual([{ token: 'token-new-0000000001' }]);
      expect((await store.appraisalCounts()).map((row) => row.count)).toEqual([2]);
      await store.close();
    });
  });

  describe('forgetting managers who stopped using the bot', () => {
    const GONE = 'aad-manager-gone';

    it('deletes the conversation reference, settings and weekly digest of a manager without cases who has not used the bot since the cutoff', async () => {
      const clock = { now: new Date(OLD) };
      const { harness, store } = await fresh('retention-managers', () => clock.now);
      const [withCase, settingsSince, backSince] = ['aad-manager-with-case', 'aad-manager-settings-since', 'aad-manager-back-since'];
      for (const owner of [GONE, withCase, settingsSince, backSince]) {
        await store.saveConversationRef(owner, referenceOf(owner));
        await store.saveUserSettings(owner, { orgUnit: 'Beleid', locale: 'nl' });
      }
      await store.setWeeklyDigest(GONE, '2020-01-13T07:00:00.000Z', OLD);
      await caseAt(store, 'still-open', OLD, { ownerId: withCase });
      clock.now = new Date(RECENT);
      await store.saveUserSettings(settingsSince, { locale: 'en' });
      await store.saveConversationRef(backSince, referenceOf(backSince));

      const result = await store.purgeExpired({ ...NOTHING, managersInactiveBefore: BEFORE_2024 }, NOW, 100);
      expect(result).toMatchObject({ purged: { managers: 1, reminders: 1, cases: 0 }, more: false });
      expect(await store.conversationRef(GONE)).toBeNull();
      expect(await store.userSettings(GONE)).toEqual({ orgUnit: null, locale: null, weeklyDigest: false });
      expect(await harness.rows(`SELECT id FROM reminders WHERE owner_id = '${GONE}'`)).toEqual([]);
      for (const owner of [withCase, settingsSince, backSince]) {
        expect(await store.conversationRef(owner)).toEqual(referenceOf(owner));
        expect((await store.userSettings(owner)).orgUnit).toBe('Beleid');
      }
      // The purge names no manager anywhere: not in the audit trail either.
      expect(JSON.stringify(await auditRows(harness))).not.toContain(GONE);
      await store.close();
    });

    it('keeps a manager who deleted their last case, until they have not used the bot for the retention', async () => {
      const clock = { now: new Date(OLD) };
      const { store } = await fresh('retention-manager-deleted', () => clock.now);
      await store.saveConversationRef(OWNER, referenceOf(OWNER));
      await store.saveUserSettings(OWNER, { orgUnit: 'Beleid' });
      await caseAt(store, 'deleted-by-owner', OLD);
      clock.now = new Date(RECENT);
      // The turn in which the manager confirms `verwijder` refreshes the reference first.
      await store.saveConversationRef(OWNER, referenceOf(OWNER));
      expect(await store.deleteCase('deleted-by-owner', OWNER, 1, RECENT)).toEqual({ ok: true });
      expect(await store.conversationRef(OWNER)).toEqual(referenceOf(OWNER));

      // Settings written long ago stay with a reference that is recent.
      expect((await store.purgeExpired({ ...NOTHING, managersInactiveBefore: BEFORE_2024 }, NOW, 100)).purged.managers).toBe(0);
      expect((await store.userSettings(OWNER)).orgUnit).toBe('Beleid');

      const twoYearsOn = '2028-11-02T10:00:00.000Z';
      expect((await store.purgeExpired({ ...NOTHING, managersInactiveBefore: '2028-11-01T10:00:00.000Z' }, twoYearsOn, 100)).purged.managers).toBe(1);
      expect(await store.conversationRef(OWNER)).toBeNull();
      expect((await store.userSettings(OWNER)).orgUnit).toBeNull();
      await store.close();
    });

    it('lets a weekly digest that is being sent end, and plans no next one', async () => {
      const { harness, store } = await fresh('retention-manager-digest', () => new Date(OLD));
      await store.saveConversationRef(GONE, referenceOf(GONE));
      await store.setWeeklyDigest(GONE, '2020-01-13T07:00:00.000Z', OLD);
      const [digest] = await store.claimDueReminders({ claimant: 'scheduler', now: '2020-01-13T07:00:00.000Z', leaseUntil: '2030-01-01T00:00:00.000Z', limit: 10 });

      expect((await store.purgeExpired({ ...NOTHING, managersInactiveBefore: BEFORE_2024 }, NOW, 100)).purged).toMatchObject({ managers: 1, reminders: 0 });
      expect(await store.finishReminder(digest!.id, 'scheduler', { status: 'sent', nextDigestAt: '2026-11-30T07:00:00.000Z' }, NOW)).toBe(true);
      expect(await harness.rows('SELECT kind, status FROM reminders')).toEqual([{ kind: 'weeklyDigest', status: 'sent' }]);
      await store.close();
    });

    it('forgets a manager in the round that purges their last case, at most `limit` managers a round', async () => {
      const { harness, store } = await fresh('retention-managers-rounds', () => new Date(OLD));
      for (let i = 0; i < 3; i++) {
        await store.saveConversationRef(`aad-manager-${i}`, referenceOf(`aad-manager-${i}`));
        await caseAt(store, `closed-${i}`, OLD, { ownerId: `aad-manager-${i}`, status: 'closed', step: 'closed' });
      }
      const cutoffs = { ...NOTHING, casesChangedBefore: BEFORE_2024, managersInactiveBefore: BEFORE_2024 };
      expect(await store.purgeExpired(cutoffs, NOW, 2)).toMatchObject({ purged: { cases: 2, managers: 2 }, more: true });
      expect(await store.conversationRef('aad-manager-2')).not.toBeNull();
      expect(await store.purgeExpired(cutoffs, NOW, 2)).toMatchObject({ purged: { cases: 1, managers: 1 }, more: false });
      expect(await harness.count('conversation_refs')).toBe(0);
      await store.close();
    });
  });
}

/** A conversation reference as the Teams handler stores it (ids only). */
export const referenceOf = (owner: string) => ({ user: { aadObjectId: owner }, conversation: { id: `a:conversation-of-${owner}` }, serviceUrl: 'https://smba.example.net/' });
