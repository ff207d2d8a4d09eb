/**
 * The scheduler with an injected clock, the real Teams sender and a local connector stub: each
 * kind of reminder arrives at its moment (working days and holidays included) and not before;
 * snooze, dismiss, the weekly digest, cancellation when the case moved on, retries and give-ups.
 */
import Database from 'better-sqlite3';
import { loadAllContent, loadContent } from '../../../content/load';
import type { ReminderKind } from '../../../flows/escalation/effects';
import { createLogger, silentLogger } from '../../../bot/logger';
import type { Logger } from '../../../bot/logger';
import { ReminderScheduler, retryDelayMs } from '../../../bot/reminders/scheduler';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { Manager } from '../helpers/conversation-client';
import { cardOf } from '../helpers/recording-adapter';
import { caseWithReminder } from '../helpers/reminder-case';
import { createTestBot } from '../helpers/test-bot';
import type { TestBot } from '../helpers/test-bot';
import { proactiveSenderFor, RUNTIMES } from '../helpers/runtimes';
import type { Runtime } from '../helpers/runtimes';
import type { Json } from '../../helpers/json';

const nl = loadContent('nl');
const SIGNAL = { categories: 'remarkOrJoke', source: 'affectedEmployee', occurrence: 'first', acute: 'false', perpetrator: 'teamMember', affected: 'teamMember', orgUnit: 'Beleid' };
const CONVERSATION = { listened: 'true', acknowledged: 'true', approachAgreed: 'true', feedbackAgreed: 'true', confidentialityAgreed: 'true', consentFormal: 'true', consentTeamTalk: 'true', vertrouwenspersoonOffered: 'true' };

let bot: TestBot;
let stub: ConnectorStub;
let scheduler: ReminderScheduler;

/**
 * Failures to answer the next calls with. Each carries a long Retry-After, as the Bot Connector's
 * throttling does: the connector's own retries never fit in the turn, so a failed call reaches the
 * scheduler, whose back-off (hours, not seconds) is what these tests are about — decided by the
 * answer, not by how fast this machine is.
 */
const failNext: number[] = [];

beforeAll(async () => {
  stub = await startConnectorStub(() => {
    const status = failNext.shift();
    return status === undefined ? 'normal' : { status, headers: { 'retry-after': '3600' } };
  });
});
afterAll(async () => {
  await stub.close();
});
/** The scheduler of these tests, on the test bot's store and clock, sending through `runtime`, logging to `log`. */
function schedulerLoggingTo(log: Logger, runtime: Runtime = 'botbuilder'): ReminderScheduler {
  return new ReminderScheduler(
    {
      store: bot.store,
      sender: proactiveSenderFor(runtime, bot.config, silentLogger),
      contents: loadAllContent(),
      now: () => bot.clock.now,
      log,
    },
    { pollMs: 60_000, random: () => 0, maxAttempts: 4, claimant: 'test-scheduler' },
  );
}

beforeEach(async () => {
  bot = await createTestBot();
  stub.calls.splice(0);
  failNext.splice(0);
  scheduler = schedulerLoggingTo(silentLogger);
});
afterEach(async () => {
  await bot.close();
});

interface Delivered {
  kind: ReminderKind | 'digest';
  card: Json;
}

const KIND_BY_TITLE = new Map<string, ReminderKind | 'digest'>([
  ...Object.entries(nl.reminders.kinds).map(([kind, k]) => [k.title, kind as ReminderKind] as const),
  [nl.reminders.digest.title, 'digest'],
]);

/** Sets the clock, lets the scheduler work off everything due, and returns what arrived at the stub. */
async function runAt(instant: string): Promise<Delivered[]> {
  bot.clock.now = new Date(instant);
  const before = stub.calls.length;
  while ((await scheduler.runOnce()) > 0);
  return stub.calls.slice(before).map((call) => {
    const card = call.body.attachments[0].content;
    return { kind: KIND_BY_TITLE.get(card.body[0].text)!, card };
  });
}

const kinds = (delivered: Delivered[]) => delivered.map((d) => d.kind);
const minus1ms = (instant: string) => new Date(Date.parse(instant) - 1).toISOString();

/** A manager whose replies (and reminders) go to the stub; starts a case at `at`. */
async function caseStartedAt(at: string, signalDate: string, id = 'manager-r'): Promise<Manager> {
  bot.clock.now = new Date(at);
  const manager = new Manager(bot.adapter, id, 'nl-NL', stub.url);
  await manager.say('nieuw');
  await manager.execute('RECORD_SIGNAL', { ...SIGNAL, signalDate });
  stub.calls.splice(0);
  return manager;
}

const statusesOf = (kind: string) => {
  const db = new Database(bot.dbFile, { readonly: true });
  try {
    return (db.prepare('SELECT status FROM reminders WHERE kind = ? ORDER BY created_at').all(kind) as { status: string }[]).map((r) => r.status);
  } finally {
    db.close();
  }
};

describe('each reminder arrives at its moment, not before', () => {
  const scenarios: Array<[ReminderKind, string, string, (m: Manager) => Promise<unknown>, string]> = [
    // Working day 3 of the guideline's 5, then day 5: both Christmas days and the weekend do not count.
    ['addressSoon', '2026-12-22T09:00:00.000Z', '2026-12-22', async () => undefined, '2026-12-28T07:00:00.000Z'],
    ['addressOverdue', '2026-12-22T09:00:00.000Z', '2026-12-22', async () => undefined, '2026-12-30T07:00:00.000Z'],
    [
      'followUpAffected',
      '2026-11-26T09:00:00.000Z',
      '2026-11-24',
      async (m) => {
        await m.execute('RECORD_CONVERSATION', CONVERSATION);
        await m.execute('ADDRESS_PREPARED', { plannedOn: '2026-11-26' });
        await m.execute('ADDRESS_HELD', { heldOn: '2026-11-26', otherSideHeard: 'true', outcome: 'stopped' });
      },
      '2026-12-10T07:00:00.000Z',
    ],
    ...(['whistleblowerAck', 'whistleblowerFeedback'] as const).map((kind): [ReminderKind, string, string, (m: Manager) => Promise<unknown>, string] => [
      kind,
      '2026-12-18T09:00:00.000Z',
      '2026-12-17',
      async (m) => {
        await m.execute('RECORD_CONVERSATION', CONVERSATION);
        await m.execute('START_FORMAL_REPORT', { reason: 'affectedWants' });
        await m.execute('FILE_REPORT', { route: 'whistleblower', filedOn: '2026-12-18' });
      },
      // Without an acknowledgement the 3 months run from the end of the 7 days: 25 December + 3 months.
      kind === 'whistleblowerAck' ? '2026-12-28T07:00:00.000Z' : '2027-03-25T07:00:00.000Z',
    ]),
    [
      'whistleblowerAckSoon',
      '2026-12-21T09:00:00.000Z',
      '2026-12-17',
      async (m) => {
        await m.execute('RECORD_CONVERSATION', CONVERSATION);
        await m.execute('START_FORMAL_REPORT', { reason: 'affectedWants' });
        await m.execute('FILE_REPORT', { route: 'whistleblower', filedOn: '2026-12-21' });
      },
      '2026-12-24T07:00:00.000Z', // day 5 of 7 is Boxing Day: back past Christmas, before the deadline
    ],
    [
      'whistleblowerFeedback',
      '2026-12-22T09:00:00.000Z',
      '2026-12-17',
      async (m) => {
        await m.execute('RECORD_CONVERSATION', CONVERSATION);
        await m.execute('START_FORMAL_REPORT', { reason: 'affectedWants' });
        await m.execute('FILE_REPORT', { route: 'whistleblower', filedOn: '2026-12-18' });
        await m.execute('REPORT_ACKNOWLEDGED', { acknowledgedOn: '2026-12-22' });
      },
      '2027-03-22T07:00:00.000Z', // 3 months after the acknowledgement
    ],
    [
      'integrityOutcome',
      '2027-01-04T09:00:00.000Z',
      '2027-01-04',
      async (m) => {
        await m.execute('RECORD_CONVERSATION', CONVERSATION);
        await m.execute('START_FORMAL_REPORT', { reason: 'serious' });
        await m.execute('FILE_REPORT', { route: 'integrity', filedOn: '2027-01-04' });
      },
      '2027-03-30T07:00:00.000Z', // twelve weeks is Easter Monday
    ],
    [
      'aftercare',
      '2027-03-30T09:00:00.000Z',
      '2027-03-29',
      async (m) => {
        await m.execute('RECORD_CONVERSATION', CONVERSATION);
        await m.execute('ADDRESS_PREPARED', { plannedOn: '2027-03-30' });
        await m.execute('ADDRESS_HELD', { heldOn: '2027-03-30', otherSideHeard: 'true', outcome: 'stopped' });
        await m.execute('TEAM_TALK_SKIPPED');
        await m.execute('CLOSE', { reason: 'behaviourStopped', aftercareAgreed: 'true' });
      },
      '2027-04-28T07:00:00.000Z', // four weeks is King's Day
    ],
    [
      'staleCase',
      '2026-11-26T09:00:00.000Z',
      '2026-11-26',
      (m) => m.execute('RECORD_CONVERSATION', CONVERSATION),
      '2026-12-28T07:00:00.000Z', // 30 days is Boxing Day, a Saturday
    ],
  ];

  it.each(scenarios)('%s (case started %s)', async (kind, startAt, signalDate, walk, dueAt) => {
    const manager = await caseStartedAt(startAt, signalDate);
    await walk(manager);
    stub.calls.splice(0);
    expect(kinds(await runAt(minus1ms(dueAt)))).not.toContain(kind);
    const delivered = await runAt(dueAt);
    expect(kinds(delivered).filter((k) => k === kind)).toHaveLength(1);
    const card = delivered.find((d) => d.kind === kind)!.card;
    expect(JSON.stringify(card)).toContain(JSON.stringify(nl.reminders.kinds[kind].body));
    expect(kinds(await runAt('2027-12-31T07:00:00.000Z'))).not.toContain(kind);
  });
});

describe('what the manager does with a reminder card', () => {
  async function addressReminder(id = 'manager-s') {
    const manager = await caseStartedAt('2026-12-22T09:00:00.000Z', '2026-12-22', id);
    expect(kinds(await runAt('2026-12-28T07:00:00.000Z'))).toEqual(['addressSoon']);
    const [delivered] = await runAt('2026-12-30T07:00:00.000Z');
    expect(delivered!.kind).toBe('addressOverdue');
    return { manager, card: delivered!.card };
  }

  it('opens the case at its current step', async () => {
    const { manager, card } = await addressReminder();
    const out = await manager.execute('open', {}, card);
    expect(JSON.stringify(cardOf(out.sent[0]))).toContain(nl.steps.signalConversation.title);
  });

  it('snoozes for a day (the next working day) and for a week', async () => {
    const { manager, card } = await addressReminder();
    bot.clock.now = new Date('2026-12-30T10:00:00.000Z');
    const out = await manager.execute('snooze-day', {}, card);
    expect(JSON.stringify(out.invokeResponse?.body?.value)).toContain(JSON.stringify(nl.reminders.snoozed));
    expect(JSON.stringify(out.invokeResponse?.body?.value)).toContain('"31 december 2026"');
    expect(await runAt('2026-12-31T06:59:59.999Z')).toEqual([]);
    const [again] = await runAt('2026-12-31T07:00:00.000Z');
    expect(again!.kind).toBe('addressOverdue');

    await manager.execute('snooze-week', {}, again!.card);
    expect(kinds(await runAt('2027-01-06T07:00:00.000Z'))).not.toContain('addressOverdue');
    expect(kinds(await runAt('2027-01-07T07:00:00.000Z'))).toContain('addressOverdue');
  });

  it('dismisses it for good', async () => {
    const { manager, card } = await addressReminder();
    const out = await manager.execute('dismiss', {}, card);
    expect(JSON.stringify(out.invokeResponse?.body?.value)).toContain(JSON.stringify(nl.reminders.dismissed));
    expect(statusesOf('addressOverdue')).toEqual(['dismissed']);
    await manager.execute('snooze-day', {}, card);
    expect(kinds(await runAt('2027-06-01T07:00:00.000Z'))).not.toContain('addressOverdue');
  });

  it('refuses someone else’s reminder and changes nothing', async () => {
    const { card } = await addressReminder('owner');
    const intruder = new Manager(bot.adapter, 'intruder', 'nl-NL', stub.url);
    const out = await intruder.execute('dismiss', {}, card);
    expect(String(out.invokeResponse?.body?.value)).toContain(nl.ui.errors.notYourCase.title);
    expect(statusesOf('addressOverdue')).toEqual(['sent']);
  });

  it('says a reminder is no longer current once the case moved on, and a snooze brings nothing back', async () => {
    const { manager, card } = await addressReminder();
    await manager.say('zaken');
    await manager.execute('open');
    await manager.execute('RECORD_CONVERSATION', CONVERSATION);
    await manager.execute('ADDRESS_PREPARED', { plannedOn: '2026-12-31' });
    await manager.execute('ADDRESS_HELD', { heldOn: '2026-12-31', otherSideHeard: 'true', outcome: 'stopped' });
    const out = await manager.execute('snooze-day', {}, card);
    expect(JSON.stringify(out.invokeResponse?.body?.value)).toContain(JSON.stringify(nl.reminders.gone));
    expect(kinds(await runAt('2027-01-04T07:00:00.000Z'))).not.toContain('addressOverdue');
  });
});

describe('a reminder for a case that moved on is cancelled, not sent', () => {
  it('when a transition cancels it: the corrective conversation was recorded in time', async () => {
    const manager = await caseStartedAt('2026-11-23T09:00:00.000Z', '2026-11-23');
    await manager.execute('RECORD_CONVERSATION', CONVERSATION);
    await manager.execute('ADDRESS_PREPARED', { plannedOn: '2026-11-24' });
    await manager.execute('ADDRESS_HELD', { heldOn: '2026-11-24', otherSideHeard: 'true', outcome: 'stopped' });
    expect(kinds(await runAt('2026-11-30T07:00:00.000Z'))).not.toContain('addressOverdue');
    expect(statusesOf('addressOverdue')).toEqual(['cancelled']);
  });

  it('when it no longer fits where the case is: a follow-up for a case closed meanwhile', async () => {
    const manager = await caseStartedAt('2026-11-23T09:00:00.000Z', '2026-11-23');
    await manager.execute('RECORD_CONVERSATION', CONVERSATION);
    await manager.execute('ADDRESS_PREPARED', { plannedOn: '2026-11-24' });
    await manager.execute('ADDRESS_HELD', { heldOn: '2026-11-24', otherSideHeard: 'true', outcome: 'stopped' });
    await manager.execute('TEAM_TALK_SKIPPED');
    await manager.execute('CLOSE', { reason: 'behaviourStopped', aftercareAgreed: 'true' });
    expect(statusesOf('followUpAffected')).toEqual(['due']);
    expect(kinds(await runAt('2026-12-08T07:00:00.000Z'))).toEqual([]);
    expect(statusesOf('followUpAffected')).toEqual(['cancelled']);
  });
});

describe('the weekly digest', () => {
  it('replaces separate reminders with one message on the first working day of the week', async () => {
    bot.clock.now = new Date('2026-12-21T09:00:00.000Z');
    const manager = new Manager(bot.adapter, 'digest-reader', 'nl-NL', stub.url);
    const settings = cardOf((await manager.say('herinneringen')).sent[0]);
    expect(JSON.stringify(settings)).toContain(JSON.stringify(nl.reminders.settings.separateMode));
    const switched = await manager.execute('digest-weekly', {}, settings);
    expect(JSON.stringify(switched.invokeResponse?.body?.value)).toContain(JSON.stringify(nl.reminders.settings.digestMode));
    await manager.say('nieuw');
    await manager.execute('RECORD_SIGNAL', { ...SIGNAL, signalDate: '2026-12-21' });
    stub.calls.splice(0);

    // The digest comes on Monday 28 December and lists the address reminder due on the 29th
    // (5 working days after 21 December, Christmas not counted); no separate reminder follows.
    expect(await runAt('2026-12-28T06:59:59.999Z')).toEqual([]);
    const first = await runAt('2026-12-28T07:00:00.000Z');
    expect(kinds(first)).toEqual(['digest']);
    const firstJson = JSON.stringify(first[0]!.card);
    expect(firstJson).toContain(nl.steps.signalConversation.title);
    expect(firstJson).toContain(`${nl.reminders.kinds.addressOverdue.title} — 29 december 2026`);
    expect(await runAt('2026-12-29T07:00:00.000Z')).toEqual([]);

    const second = await runAt('2027-01-04T07:00:00.000Z');
    expect(kinds(second)).toEqual(['digest']);
    expect(JSON.stringify(second[0]!.card)).not.toContain(nl.reminders.kinds.addressOverdue.title);
    expect(JSON.stringify(second[0]!.card)).toContain(JSON.stringify(nl.reminders.digest.nothingDue));

    // Back to separate reminders: the stale-case check arrives on its own, no more digests.
    await manager.execute('digest-separate', {}, second[0]!.card);
    const later = await runAt('2027-01-25T07:00:00.000Z');
    expect(kinds(later)).toEqual(['staleCase']);
  });
});

/** What a failed send means depends on the SDK's errors (bot/teams/send-failure.ts): on both runtimes. */
describe.each(RUNTIMES)('on %s', (runtime) => {
  describe('sending fails', () => {
    beforeEach(() => {
      scheduler = schedulerLoggingTo(silentLogger, runtime);
    });

    /** A case whose address reminder on working day 3 has been sent: the one on day 5 is next. */
    async function addressSoonSent(id?: string): Promise<void> {
      await caseStartedAt('2026-12-22T09:00:00.000Z', '2026-12-22', id);
      expect(kinds(await runAt('2026-12-28T07:00:00.000Z'))).toEqual(['addressSoon']);
    }

    it('retries a throttled send after a jittered back-off, and it arrives once', async () => {
      await addressSoonSent();
      failNext.push(429);
      expect(await runAt('2026-12-30T07:00:00.000Z')).toHaveLength(1); // the throttled call
      expect(statusesOf('addressOverdue')).toEqual(['due']);
      const retryAt = new Date(Date.parse('2026-12-30T07:00:00.000Z') + retryDelayMs(1, 30_000, 3_600_000, () => 0)).toISOString();
      expect(await runAt(minus1ms(retryAt))).toEqual([]);
      expect(kinds(await runAt(retryAt))).toEqual(['addressOverdue']);
      expect(statusesOf('addressOverdue')).toEqual(['sent']);
    });

    it('gives up at once when the connector refuses the card itself', async () => {
      await addressSoonSent();
      failNext.push(400);
      await runAt('2026-12-30T07:00:00.000Z');
      expect(statusesOf('addressOverdue')).toEqual(['failed']);
      expect(await runAt('2027-01-30T07:00:00.000Z')).not.toContainEqual(expect.objectContaining({ kind: 'addressOverdue' }));
    });

    it('gives up after the last attempt', async () => {
      await addressSoonSent();
      failNext.push(429, 429, 429, 429);
      let at = Date.parse('2026-12-30T07:00:00.000Z');
      for (let attempt = 1; attempt <= 4; attempt++) {
        await runAt(new Date(at).toISOString());
        at += retryDelayMs(attempt, 30_000, 3_600_000, () => 0);
      }
      expect(statusesOf('addressOverdue')).toEqual(['failed']);
      expect(stub.calls.filter((c) => JSON.stringify(c.body).includes(nl.reminders.kinds.addressOverdue.title))).toHaveLength(4);
    });

    it('logs a failed send by kind, outcome and status, never the manager, the case or the card', async () => {
      const lines: string[] = [];
      scheduler = schedulerLoggingTo(createLogger((line) => lines.push(line)), runtime);
      await addressSoonSent('manager-logged');
      failNext.push(429, 400);
      await runAt('2026-12-30T07:00:00.000Z');
      await runAt('2027-01-30T07:00:00.000Z');
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'reminder not sent');
      expect(logged.map(({ kind, outcome, status }) => ({ kind, outcome, status }))).toEqual([
        { kind: 'addressOverdue', outcome: 'due', status: 429 },
        { kind: 'addressOverdue', outcome: 'failed', status: 400 },
      ]);
      expect(statusesOf('addressOverdue')).toEqual(['failed']);
      const caseIds = (await bot.store.listByOwner('manager-logged', 10)).map((row) => row.id);
      expect(caseIds).toHaveLength(1);
      for (const leak of ['manager-logged', ...caseIds, nl.reminders.kinds.addressOverdue.title]) expect(lines.join('\n')).not.toContain(leak);
    });

    it('fails a reminder for a manager the bot has no conversation with', async () => {
      bot.clock.now = new Date('2026-12-22T09:00:00.000Z');
      await bot.store.commit(caseWithReminder('imported-case', 'never-talked', '2026-12-23T07:00:00.000Z'));
      expect(await runAt('2026-12-23T07:00:00.000Z')).toEqual([]);
      expect(statusesOf('staleCase')).toEqual(['failed']);
    });
  });
});

describe('back-off', () => {
  it('doubles per attempt up to the cap, with jitter between half and the whole delay', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 5000, () => 0.999999))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(2000);
  });
});
