/**
 * Two bot processes behind one (imagined) load balancer, sharing one PostgreSQL database. The
 * same click reaches both at once — Teams re-delivers slow turns, a user double-clicks — and the
 * case must still move exactly one step. Both run a reminder scheduler: a due reminder goes out
 * once.
 *
 * The processes run on the real clock, so the forms carry dates relative to today, and each test
 * counts only what its own conversations and reminders caused.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { caseKey } from '../../bot/crypto';
import { loadContent } from '../../content/load';
import { advance, persist, startCase } from '../../flows/escalation/ladder';
import type { CaseStore } from '../../bot/store/case-store';
import { openPostgresStore } from '../../bot/store/postgres';
import { createTestDatabase } from '../helpers/postgres/database';
import type { TestDatabase } from '../helpers/postgres/database';
import { startBotProcess } from './helpers/bot-process';
import { RUNTIMES, runtimeEnv } from './helpers/runtimes';
import type { BotProcess } from './helpers/bot-process';
import { startConnectorStub } from './helpers/connector-stub';
import type { ConnectorStub } from './helpers/connector-stub';
import { executeActions } from './helpers/conversation-client';
import { outcomeOf, postActivity, stepClick } from './helpers/http-turns';
import { firstFourSteps } from './helpers/ladder-inputs';

describe.each(RUNTIMES)('on %s', (runtime) => {
  const CASES = 12;
  const keys = { notesKey: randomBytes(32), caseKeySecret: randomBytes(32) };
  let database: TestDatabase;
  let connector: ConnectorStub;
  let bots: BotProcess[] = [];
  let store: CaseStore;
  let sql: Client;
  const dataDir = mkdtempSync(join(tmpdir(), 'ew-instances-'));

  beforeAll(async () => {
    database = await createTestDatabase('instances');
    connector = await startConnectorStub();
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      NOTES_KEY: keys.notesKey.toString('base64'),
      CASE_KEY_SECRET: keys.caseKeySecret.toString('base64'),
      REMINDER_POLL_MS: '50',
      ...runtimeEnv(runtime),
    };
    // Both start at once on a fresh database: the migrations must be applied exactly once.
    bots = await Promise.all([startBotProcess(env), startBotProcess(env)]);
    store = await openPostgresStore({ connectionString: database.url, ...keys });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await store?.close();
    await sql?.end();
    await connector.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('two bot instances on one PostgreSQL database', () => {
    it('make exactly one transition per click delivered to both at once; the other answers with the current card', async () => {
      const steps = firstFourSteps(new Date());
      const cases = Array.from({ length: CASES }, (_, i) => ({ caseId: `twin-case-${i}-${randomBytes(4).toString('hex')}`, chat: { serviceUrl: connector.url, user: `aad-twin-${i}` } }));

      await Promise.all(
        cases.map(async ({ caseId, chat }) => {
          for (const [index, { event, inputs }] of steps.entries()) {
            const click = stepClick(chat, caseId, index, event, inputs);
            const answers = await Promise.all(bots.map((bot) => postActivity(bot.base, click)));
            const outcomes = answers.map(outcomeOf);
            expect(answers.map((a) => a.status)).toEqual([200, 200]);
            expect(outcomes.filter((o) => o.kind === 'recorded')).toHaveLength(1);
            expect(outcomes.filter((o) => o.kind === 'current')).toEqual([{ kind: 'current', revision: index + 1 }]);
          }
        }),
      );

      for (const { caseId, chat } of cases) {
        const row = await store.load(caseId);
        expect(row).toMatchObject({ ownerId: chat.user, revision: steps.length, step: 'teamTalk' });
        const hr = (await store.hrLog()).filter((r) => r.caseKey === caseKey(keys.caseKeySecret, caseId));
        expect(hr.map((r) => r.transition)).toEqual(['signalRecorded', 'conversationRecorded', 'addressPrepared', 'addressHeld']);
        // The winner of each step sent the next card; the loser sent nothing.
        const sent = connector.calls.filter((c) => decodeURIComponent(c.path).startsWith(`/v3/conversations/a:conv-${chat.user}/`));
        expect(sent).toHaveLength(steps.length);
      }
      expect((await store.verifyAudit()).ok).toBe(true);
      // One create and one transition per step per case, and nothing else.
      const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM audit WHERE case_id = ANY($1)', [cases.map((c) => c.caseId)]);
      expect(Number(rows[0]!.n)).toBe(CASES * (1 + steps.length));
    });

    it('send each due reminder once, although both schedulers poll the same reminders', async () => {
      const snoozeTitle = loadContent('nl').reminders.snoozeDayButton;
      const REMINDERS = 30;
      const owners = Array.from({ length: REMINDERS }, (_, i) => `aad-reminded-${i}`);
      const conversationPaths = owners.map((owner) => `/v3/conversations/a:conv-${owner}/`);
      const reminderIdsAtStub = () =>
        connector.calls
          .filter((call) => conversationPaths.some((prefix) => decodeURIComponent(call.path).startsWith(prefix)))
          .flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content))
          .filter((card) => JSON.stringify(card).includes(snoozeTitle))
          .map((card) => executeActions(card).find((a) => a.data?.kind === 'snooze')!.data.reminderId as string);
      const started = new Date(Date.now() - 7 * 86_400_000).toISOString();
      const due = new Date(Date.now() - 60_000).toISOString();
      const signalled = advance(startCase(started), {
        type: 'RECORD_SIGNAL', at: started, categories: ['insult'], source: 'bystander', signalDate: started.slice(0, 10), occurrence: 'first', acute: false, perpetrator: 'teamMember', affected: 'teamMember',
      });
      for (const [i, owner] of owners.entries()) {
        await store.saveConversationRef(owner, { channelId: 'msteams', serviceUrl: connector.url, conversation: { id: `a:conv-${owner}` }, user: { id: `29:${owner}` }, bot: { id: '28:bot' }, locale: 'nl-NL' });
        await store.commit({
          caseId: `reminded-case-${i}`, ownerId: owner, expectedRevision: null, machineId: 'escalation', machineVersion: 1,
          snapshot: persist(signalled.snapshot), step: 'signalConversation', status: 'open', orgUnit: 'Staf', at: started,
          notes: [], hrLog: [], audit: [], reminders: { schedule: [{ kind: 'addressOverdue', dueAt: due }], cancel: [] },
        });
      }

      const statuses = async () => {
        const { rows } = await sql.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM reminders WHERE case_id LIKE 'reminded-case-%' GROUP BY status");
        return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      };
      for (let waited = 0; (await statuses()).sent !== REMINDERS; waited += 100) {
        if (waited > 20_000) throw new Error('the reminders were not all sent');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Both schedulers keep polling: a second delivery would show up now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const delivered = reminderIdsAtStub();
      const { rows: own } = await sql.query<{ id: string }>("SELECT id FROM reminders WHERE case_id LIKE 'reminded-case-%'");
      expect(delivered).toHaveLength(REMINDERS);
      expect(new Set(delivered)).toEqual(new Set(own.map((r) => r.id)));
      expect(await statuses()).toEqual({ sent: REMINDERS });
    });
  });
});
