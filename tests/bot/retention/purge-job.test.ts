/**
 * The purge job with an injected clock, on SQLite and PostgreSQL: nothing goes before its
 * retention ends, everything expired goes after, in rounds, and the log says how much and where the
 * audit chain's anchor is now — never which case.
 */
import { PurgeJob } from '../../../bot/retention/purge-job';
import { DEFAULT_RETENTION_DAYS } from '../../../bot/retention/retention-periods';
import type { CaseStore } from '../../../bot/store/case-store';
import { postgresHarness, sqliteHarness } from '../store/fixtures/harness';
import type { HarnessFactory, StoreHarness } from '../store/fixtures/harness';
import { newKeys, OWNER, turnFor } from '../store/fixtures/store';

const CLOSED_AT = '2026-11-25T10:00:00.000Z';
const days = (n: number) => new Date(Date.parse(CLOSED_AT) + n * 86_400_000);

describe.each([
  ['SQLite', sqliteHarness],
  ['PostgreSQL', postgresHarness],
])('the purge job on %s', (_kind, newHarness: HarnessFactory) => {
  const keys = newKeys();
  let harness: StoreHarness;
  let store: CaseStore;
  const clock = { now: new Date(CLOSED_AT) };
  const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
  const log = {
    info: (message: string, fields: Record<string, unknown> = {}) => lines.push({ message, fields }),
    warn: (message: string, fields: Record<string, unknown> = {}) => lines.push({ message, fields }),
    error: (message: string, fields: Record<string, unknown> = {}) => lines.push({ message, fields }),
  };
  const job = (batchSize?: number) => new PurgeJob({ store, now: () => clock.now, log }, { days: DEFAULT_RETENTION_DAYS, intervalMs: 60_000, ...(batchSize ? { batchSize } : {}) });

  beforeEach(async () => {
    harness = await newHarness('purge-job');
    clock.now = new Date(CLOSED_AT);
    store = await harness.open(keys, { clock: () => clock.now });
    lines.splice(0);
  });
  afterEach(async () => {
    await store.close();
    await harness.dispose();
  });

  async function closedCases(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await store.commit(turnFor(`closed-${i}`, null, { at: CLOSED_AT, status: 'closed', step: 'closed' }));
    }
  }

  it('keeps a closed case for the whole case retention and deletes it the day after', async () => {
    await closedCases(1);
    clock.now = days(DEFAULT_RETENTION_DAYS.cases - 1);
    expect((await job().runOnce()).purged.cases).toBe(0);
    expect(await store.load('closed-0')).not.toBeNull();
    clock.now = days(DEFAULT_RETENTION_DAYS.cases + 1);
    expect(await job().runOnce()).toMatchObject({ purged: { cases: 1, notes: 1 }, more: false });
    expect(await store.load('closed-0')).toBeNull();
  });

  it('forgets a manager whose last case went, the case retention after their last use of the bot', async () => {
    await store.saveConversationRef(OWNER, { conversation: { id: 'a:conversation-of-the-owner' } });
    await store.saveUserSettings(OWNER, { orgUnit: 'Beleid' });
    await closedCases(1);
    clock.now = days(DEFAULT_RETENTION_DAYS.cases - 1);
    expect((await job().runOnce()).purged).toMatchObject({ cases: 0, managers: 0 });
    expect(await store.conversationRef(OWNER)).not.toBeNull();
    clock.now = days(DEFAULT_RETENTION_DAYS.cases + 1);
    expect((await job().runOnce()).purged).toMatchObject({ cases: 1, managers: 1 });
    expect(await store.conversationRef(OWNER)).toBeNull();
    expect((await store.userSettings(OWNER)).orgUnit).toBeNull();
    expect(JSON.stringify(lines)).not.toContain(OWNER);
  });

  it('works off a backlog in rounds, logging counts and the audit anchor but no case', async () => {
    await closedCases(25);
    clock.now = days(DEFAULT_RETENTION_DAYS.audit + 1);
    expect(await job(10).runOnce()).toMatchObject({ purged: { cases: 25, notes: 25, audit: 25 }, more: false });
    expect(await harness.count('cases')).toBe(0);
    expect(await store.verifyAudit()).toEqual({ ok: true, rows: 25 });
    const anchors = lines.filter((line) => line.message === 'audit anchor moved');
    expect(anchors.length).toBeGreaterThanOrEqual(3);
    expect(anchors.at(-1)!.fields).toEqual({ auditAnchorSeq: 25, auditAnchorHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(lines.filter((line) => line.message === 'purged').map((line) => line.fields)).toEqual([expect.objectContaining({ cases: 25, notes: 25, audit: 25 })]);
    expect(JSON.stringify(lines)).not.toMatch(/closed-\d|aad-owner/);
  });

  it('runs by itself every interval once started, until stopped', async () => {
    await closedCases(3);
    clock.now = days(DEFAULT_RETENTION_DAYS.cases + 1);
    const running = new PurgeJob({ store, now: () => clock.now, log }, { days: DEFAULT_RETENTION_DAYS, intervalMs: 20 });
    running.start();
    try {
      for (let waited = 0; (await harness.count('cases')) > 0; waited += 20) {
        if (waited > 10_000) throw new Error('the purge job did not run');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await store.commit(turnFor('closed-later', null, { at: CLOSED_AT, status: 'closed', step: 'closed' }));
      for (let waited = 0; await store.load('closed-later'); waited += 20) {
        if (waited > 10_000) throw new Error('the purge job did not run again');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await running.stop();
    }
    expect(await store.readNotes('closed-later', OWNER)).toEqual([]);
  });
});
