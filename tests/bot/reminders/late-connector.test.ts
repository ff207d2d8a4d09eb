/**
 * Reminders through a Bot Connector that misbehaves on purpose, on both stores: it answers only
 * after the bot gave up waiting (the card did arrive, late), answers 502 or 504, resets the
 * connection, or refuses the conversation (403, 404); and Teams reports the app removed. The
 * connector stub holds a late answer until the test releases it and OUTBOUND_TIMEOUT_MS is short,
 * so nothing depends on how fast this machine is; the scheduler runs on an injected clock.
 */
import { loadAllContent } from '../../../content/load';
import { buildDispatcher } from '../../../bot/app';
import { createLogger, silentLogger } from '../../../bot/logger';
import { ReminderScheduler, UNKNOWN_RETRY_MS } from '../../../bot/reminders/scheduler';
import type { ActivityFields } from '../../../bot/teams/activity';
import type { CaseStore } from '../../../bot/store/case-store';
import { proactiveSenderFor, RUNTIMES } from '../helpers/runtimes';
import { postgresHarness, sqliteHarness } from '../store/fixtures/harness';
import type { HarnessFactory, StoreHarness } from '../store/fixtures/harness';
import { makeTempDir, newKeys } from '../store/fixtures/store';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub, StubAnswer } from '../helpers/connector-stub';
import { Manager } from '../helpers/conversation-client';
import { RecordingAdapter } from '../helpers/recording-adapter';
import { caseWithReminder } from '../helpers/reminder-case';
import { testConfig } from '../helpers/test-bot';

const T = '2026-12-30T07:00:00.000Z';
const at = (instant: string, plusMs: number) => new Date(Date.parse(instant) + plusMs).toISOString();
const DAY = 24 * 60 * 60 * 1000;


const STORES: Array<[string, HarnessFactory]> = [
  ['SQLite', sqliteHarness],
  ['PostgreSQL', postgresHarness],
];

describe.each(RUNTIMES)('on %s', (runtime) => {
  describe.each(STORES)('reminders through a Bot Connector that answers late or not at all, on %s', (_, newHarness) => {
    const keys = newKeys();
    const temp = makeTempDir('ew-late-connector');
    // A long turn budget, so a POST that was wrongly repeated would have all the time it needs.
    const config = testConfig(temp.dir, { TURN_BUDGET_MS: '10000', OUTBOUND_TIMEOUT_MS: '100' });
    const clock = { now: new Date('2026-12-22T09:00:00.000Z') };
    let harness: StoreHarness;
    let store: CaseStore;
    let adapter: RecordingAdapter;
    let stub: ConnectorStub;
    let plan: StubAnswer[];
    let lines: string[];
    let scheduler: ReminderScheduler;
    let caseCounter = 0;

    beforeAll(async () => {
      harness = await newHarness('late-connector');
      store = await harness.open(keys, { clock: () => clock.now });
      adapter = new RecordingAdapter(buildDispatcher({ config, store, log: silentLogger, now: () => clock.now }));
    });

    afterAll(async () => {
      await store.close();
      await harness.dispose();
      temp.remove();
    });

    beforeEach(async () => {
      plan = [];
      lines = [];
      stub = await startConnectorStub(() => plan.shift() ?? 'normal');
      scheduler = new ReminderScheduler(
        {
          store,
          sender: proactiveSenderFor(runtime, config, silentLogger),
          contents: loadAllContent(),
          now: () => clock.now,
          log: createLogger((line) => lines.push(line)),
        },
        { pollMs: 60_000, random: () => 0, claimant: 'late-connector-test' },
      );
    });

    afterEach(async () => {
      stub.releaseLate();
      await stub.close();
    });

    /** A manager who talked to the bot in their personal chat (so a reference points at the stub) and has a reminder due at each instant. */
    async function managerWithReminders(ownerId: string, dueAts: string[]): Promise<Manager> {
      const manager = new Manager(adapter, ownerId, 'nl-NL', stub.url);
      await manager.say('help');
      for (const dueAt of dueAts) {
        caseCounter += 1;
        expect((await store.commit(caseWithReminder(`late-case-${caseCounter}`, ownerId, dueAt))).ok).toBe(true);
      }
      return manager;
    }

    /** Sets the clock and lets the scheduler work off everything due; returns how many cards reached this manager's chat so far. */
    async function runAt(instant: string, ownerId: string): Promise<number> {
      clock.now = new Date(instant);
      while ((await scheduler.runOnce()) > 0);
      return stub.calls.filter((call) => call.method === 'POST' && call.path.startsWith(`/v3/conversations/conv-${ownerId}/`)).length;
    }

    const rowsOf = (ownerId: string) =>
      harness.rows<{ status: string; suspended_reason: string | null }>(
        `SELECT status, suspended_reason FROM reminders WHERE owner_id = '${ownerId}' ORDER BY due_at, id`,
      );

    const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'reminder not sent');

    describe('a send whose outcome is unknown', () => {
      it.each<[string, StubAnswer]>([
        ['answers only after the bot stopped waiting', 'late'],
        ['answers 502', { status: 502 }],
        ['answers 504', { status: 504 }],
        ['resets the connection', 'reset'],
      ])('when the connector %s: marked unknown, sent once more no sooner than ten minutes later, and never a third time', async (how, first) => {
        const owner = `aad-unknown-${how.replace(/[^a-z0-9]+/g, '-')}`;
        await managerWithReminders(owner, [T]);
        plan.push(first, 'late');

        expect(await runAt(T, owner)).toBe(1);
        expect(await rowsOf(owner)).toEqual([{ status: 'unknown', suspended_reason: null }]);
        expect(await runAt(at(T, UNKNOWN_RETRY_MS - 1), owner)).toBe(1);

        expect(await runAt(at(T, UNKNOWN_RETRY_MS), owner)).toBe(2);
        expect(await rowsOf(owner)).toEqual([{ status: 'failed', suspended_reason: null }]);
        expect(await runAt(at(T, 30 * DAY), owner)).toBe(2);
        expect(logged().map(({ outcome, reason }) => ({ outcome, reason }))).toEqual([
          { outcome: 'unknown', reason: 'deliveryUnknown' },
          { outcome: 'failed', reason: 'deliveryUnknown' },
        ]);
      });

      it('is sent once more, and a retry that gets through marks it sent', async () => {
        const owner = 'aad-unknown-then-sent';
        await managerWithReminders(owner, [T]);
        plan.push('late', 'normal');
        expect(await runAt(T, owner)).toBe(1);
        expect(await runAt(at(T, UNKNOWN_RETRY_MS), owner)).toBe(2);
        expect(await rowsOf(owner)).toEqual([{ status: 'sent', suspended_reason: null }]);
        expect(await runAt(at(T, 30 * DAY), owner)).toBe(2);
      });
    });

    describe('a manager the bot can no longer reach', () => {
      it.each([
        [403, 'botForbidden'],
        [404, 'conversationNotFound'],
      ])('a %s suspends their reminders and drops the reference; their next personal turn resumes them, each due one sent once', async (status, reason) => {
        const owner = `aad-unreachable-${status}`;
        const manager = await managerWithReminders(owner, [T, at(T, DAY)]);
        plan.push({ status });

        expect(await runAt(T, owner)).toBe(1);
        expect(await rowsOf(owner)).toEqual([
          { status: 'suspended', suspended_reason: reason },
          { status: 'suspended', suspended_reason: reason },
        ]);
        expect(await store.conversationRef(owner)).toBeNull();
        expect(await runAt(at(T, 3 * DAY), owner)).toBe(1);

        await manager.say('help');
        expect(await runAt(at(T, 3 * DAY), owner)).toBe(3);
        expect(await rowsOf(owner)).toEqual([
          { status: 'sent', suspended_reason: null },
          { status: 'sent', suspended_reason: null },
        ]);
        expect(await runAt(at(T, 4 * DAY), owner)).toBe(3);
        expect(logged().map(({ outcome, reason: why, status: answered }) => ({ outcome, why, answered }))).toEqual([
          { outcome: 'suspended', why: 'unreachable', answered: status },
        ]);
      });

      it('removing the app from the personal chat suspends their reminders; removing it from a group chat does not', async () => {
        const owner = 'aad-removed-app';
        const manager = await managerWithReminders(owner, [T]);
        const removal = (conversationType: string): ActivityFields => ({
          type: 'installationUpdate',
          action: 'remove',
          channelId: 'msteams',
          serviceUrl: stub.url,
          conversation: { id: conversationType === 'personal' ? `conv-${owner}` : '19:group@thread.v2', conversationType, isGroup: conversationType !== 'personal', name: '' },
          from: { id: `29:${owner}`, aadObjectId: owner, name: '' },
          recipient: { id: '28:bot', name: 'Escalatiewijzer' },
        });

        await adapter.turn(removal('groupChat'));
        expect(await rowsOf(owner)).toEqual([{ status: 'due', suspended_reason: null }]);
        expect(await store.conversationRef(owner)).not.toBeNull();

        await adapter.turn(removal('personal'));
        expect(await rowsOf(owner)).toEqual([{ status: 'suspended', suspended_reason: 'appRemoved' }]);
        expect(await store.conversationRef(owner)).toBeNull();
        expect(await runAt(at(T, DAY), owner)).toBe(0);

        await manager.say('help');
        expect(await runAt(at(T, DAY), owner)).toBe(1);
        expect(await rowsOf(owner)).toEqual([{ status: 'sent', suspended_reason: null }]);
      });
    });
  });
});
