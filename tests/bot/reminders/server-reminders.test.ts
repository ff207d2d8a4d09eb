/**
 * Reminders as proactive messages from the real server to a local connector stub, on SQLite and on
 * PostgreSQL: two bot instances on one database deliver each due reminder exactly once, and a
 * reminder due while the bot was down arrives once it is started again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../../bot/app';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { Config } from '../../../bot/config';
import { silentLogger } from '../../../bot/logger';
import type { RunningServer } from '../../../bot/server';
import { loadContent } from '../../../content/load';
import { advance, persist, startCase } from '../../../flows/escalation/ladder';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { executeActions } from '../helpers/conversation-client';
import { testConfig } from '../helpers/test-bot';
import { postgresHarness, sqliteHarness } from '../store/fixtures/harness';
import type { HarnessFactory, StoreHarness } from '../store/fixtures/harness';

const nl = loadContent('nl');
const SIGNAL = { categories: 'insult', source: 'bystander', signalDate: '2026-12-22', occurrence: 'first', acute: 'false', perpetrator: 'teamMember', affected: 'teamMember', orgUnit: 'Staf' };
const CASE_STARTED = '2026-12-22T09:00:00.000Z';
/** Five working days after 22 December 2026, Christmas not counted. */
const ADDRESS_DUE = '2026-12-30T07:00:00.000Z';

describe.each(RUNTIMES)('on %s', (runtime) => {
  let dir: string;
  let config: Config;
  let harness: StoreHarness;
  let stub: ConnectorStub;
  const clock = { now: new Date(CASE_STARTED) };
  const running: RunningServer[] = [];

  beforeAll(async () => {
    stub = await startConnectorStub();
  });
  afterAll(async () => {
    await stub.close();
  });
  async function setUp(newHarness: HarnessFactory): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'ew-reminders-http-'));
    config = testConfig(dir, { REMINDER_POLL_MS: '10', ...runtimeEnv(runtime) });
    harness = await newHarness('reminders-http');
    clock.now = new Date(CASE_STARTED);
    stub.calls.splice(0);
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bot) => bot.close()));
    await harness.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const keys = () => ({ notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });

  /** One bot instance with its own connection to the shared database. */
  async function instance(): Promise<RunningServer> {
    const store = await harness.open(keys());
    const bot = await startBot({ config, store, log: silentLogger, now: () => clock.now });
    running.push(bot);
    return bot;
  }

  async function stop(bot: RunningServer): Promise<void> {
    running.splice(running.indexOf(bot), 1);
    await bot.close();
  }

  let sequence = 0;
  function post(bot: RunningServer, user: string, extra: Record<string, unknown>) {
    sequence += 1;
    const activity = {
      channelId: 'msteams',
      serviceUrl: stub.url,
      conversation: { id: `a:conv-${user}`, conversationType: 'personal' },
      from: { id: `29:${user}`, aadObjectId: user, name: 'Manager' },
      recipient: { id: '28:bot', name: 'Escalatiewijzer' },
      id: `incoming-${sequence}`,
      locale: 'nl-NL',
      ...extra,
    };
    return fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  }

  const cardsAtStub = (from = 0) => stub.calls.slice(from).flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content));

  /** `nieuw`, then the signal card's button, over HTTP: the case and its reminders exist from then on. */
  async function startCaseOverHttp(bot: RunningServer, user: string): Promise<void> {
    const before = stub.calls.length;
    expect((await post(bot, user, { type: 'message', text: 'nieuw' })).status).toBe(200);
    const action = cardsAtStub(before).flatMap(executeActions).find((a) => a.data?.event === 'RECORD_SIGNAL')!;
    const res = await post(bot, user, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...action.data, ...SIGNAL } } },
    });
    expect(res.status).toBe(200);
  }

  /** The reminder id of every reminder card that reached the stub, in arrival order. */
  function deliveredReminders(): string[] {
    return cardsAtStub()
      .filter((card) => JSON.stringify(card).includes(nl.reminders.snoozeDayButton))
      .map((card) => executeActions(card).find((a) => a.data?.kind === 'snooze')!.data.reminderId as string);
  }

  async function reminderStatuses(): Promise<Record<string, number>> {
    const rows = await harness.rows<{ status: string; n: number | string }>("SELECT status, count(*) AS n FROM reminders WHERE kind IN ('addressSoon', 'addressOverdue') GROUP BY status");
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    for (let waited = 0; !(await condition()); waited += 20) {
      if (waited > 15_000) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Lets both schedulers poll many more times, so a second delivery would have happened by now. */
  const severalPolls = () => new Promise((resolve) => setTimeout(resolve, 300));

  describe.each([
    ['SQLite', sqliteHarness],
    ['PostgreSQL', postgresHarness],
  ])('proactive reminders through the connector, on %s', (_kind, newHarness) => {
    beforeEach(() => setUp(newHarness));

    it('two bot instances on one database deliver each due reminder exactly once', async () => {
      const a = await instance();
      const b = await instance();
      await startCaseOverHttp(a, 'manager-1');
      await startCaseOverHttp(b, 'manager-2');

      // More managers and cases, so both schedulers have plenty to race for.
      const extra = await harness.open(keys());
      const signalled = advance(startCase(CASE_STARTED), { type: 'RECORD_SIGNAL', at: CASE_STARTED, categories: ['insult'], source: 'bystander', signalDate: '2026-12-22', occurrence: 'first', acute: false, perpetrator: 'teamMember', affected: 'teamMember' });
      for (let i = 0; i < 40; i++) {
        const owner = `manager-x${i}`;
        await extra.saveConversationRef(owner, { channelId: 'msteams', serviceUrl: stub.url, conversation: { id: `a:conv-${owner}` }, user: { id: `29:${owner}` }, bot: { id: '28:bot' }, locale: 'nl-NL' });
        await extra.commit({
          caseId: `case-x${i}`, ownerId: owner, expectedRevision: null, machineId: 'escalation', machineVersion: 1,
          snapshot: persist(signalled.snapshot), step: 'signalConversation', status: 'open', orgUnit: 'Staf', at: CASE_STARTED,
          notes: [], hrLog: [], audit: [], reminders: { schedule: [{ kind: 'addressOverdue', dueAt: ADDRESS_DUE }], cancel: [] },
        });
      }
      await extra.close();
      await severalPolls();
      expect(deliveredReminders()).toEqual([]);

      // The two cases started over HTTP each have the address reminders of working day 3 and 5.
      clock.now = new Date(ADDRESS_DUE);
      await until(async () => (await reminderStatuses()).sent === 44, 'every reminder to be sent');
      await severalPolls();
      const delivered = deliveredReminders();
      expect(delivered).toHaveLength(44);
      expect(new Set(delivered).size).toBe(44);
      expect(await reminderStatuses()).toEqual({ sent: 44 });
      const toManager1 = stub.calls.filter((c) => decodeURIComponent(c.path).startsWith('/v3/conversations/a:conv-manager-1/') && JSON.stringify(c.body).includes(nl.reminders.kinds.addressOverdue.title));
      expect(toManager1).toHaveLength(1);
    });

    it('a reminder that fell due while the bot was stopped arrives once it is started again', async () => {
      const first = await instance();
      await startCaseOverHttp(first, 'manager-restart');
      await severalPolls();
      expect(deliveredReminders()).toEqual([]);
      await stop(first);

      clock.now = new Date('2026-12-31T12:00:00.000Z');
      await instance();
      // Both address reminders (working day 3 and 5) fell due meanwhile; each arrives once.
      await until(() => deliveredReminders().length > 1, 'the reminders after the restart');
      await severalPolls();
      expect(deliveredReminders()).toHaveLength(2);
      expect(await reminderStatuses()).toEqual({ sent: 2 });
      for (const kind of ['addressSoon', 'addressOverdue'] as const) {
        const calls = stub.calls.filter((c) => JSON.stringify(c.body).includes(nl.reminders.kinds[kind].title));
        expect(calls).toHaveLength(1);
        expect(decodeURIComponent(calls[0]!.path)).toMatch(/^\/v3\/conversations\/a:conv-manager-restart\/activities/);
      }
    });
  });
});
