/**
 * Replies inside a turn, through the real HTTP endpoint, to a Bot Connector that answers late on
 * purpose: the stub holds its answer until the test releases it, long after the bot's attempt timed
 * out (OUTBOUND_TIMEOUT_MS), while the turn's budget would leave ample time to try again. A new
 * message that may have arrived is never sent twice; a card update may be repeated; the turn's
 * state is committed, and the next click shows the current card. On both stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../../content/load';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub, StubAnswer } from '../helpers/connector-stub';
import { activityFrom, outcomeOf, postActivity, stepClick } from '../helpers/http-turns';
import { signalInputs } from '../helpers/ladder-inputs';
import { startHttpTestBot } from '../helpers/test-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { HttpTestBot } from '../helpers/test-bot';

const nl = loadContent('nl');
// A long budget: a POST that was wrongly repeated after its timeout would have all the time it needs.
const TIMING = { TURN_BUDGET_MS: '10000', OUTBOUND_TIMEOUT_MS: '100' };

const STORES: Array<[string, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>]> = [
  ['SQLite', async () => ({ env: {}, drop: async () => undefined })],
  [
    'PostgreSQL',
    async () => {
      const database: TestDatabase = await createTestDatabase('late-connector-turns');
      return { env: { DATABASE_URL: database.url }, drop: () => database.drop() };
    },
  ],
];

describe.each(RUNTIMES)('on %s', (runtime) => {
  describe.each(STORES)('replies to a Bot Connector that answers late, on %s', (_, storeFor) => {
    const dir = mkdtempSync(join(tmpdir(), 'ew-late-turns-'));
    let bot: HttpTestBot;
    let drop: () => Promise<void>;
    let connector: ConnectorStub;
    let plan: StubAnswer[];

    beforeAll(async () => {
      const store = await storeFor();
      drop = store.drop;
      bot = await startHttpTestBot(dir, { ...TIMING, ...store.env, ...runtimeEnv(runtime) });
    });

    afterAll(async () => {
      await bot.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(async () => {
      plan = [];
      // The plan is for the cards; a typing indicator before an answer is not what these tests are about.
      connector = await startConnectorStub((call) => (call.body?.type === 'typing' ? 'normal' : (plan.shift() ?? 'normal')));
    });

    afterEach(async () => {
      connector.releaseLate();
      await connector.close();
    });

    const cardCalls = () => connector.calls.filter((call) => call.body?.type !== 'typing');
    const methods = () => cardCalls().map((call) => call.method);

    it('a typed command whose reply arrives late is not sent again', async () => {
      plan.push('late');
      const answer = await postActivity(bot.base, activityFrom({ serviceUrl: connector.url, user: 'aad-late-help' }, { type: 'message', text: 'help' }));
      // Not a server error: the Bot Connector must not deliver the activity (and so the turn) again.
      expect(answer.status).toBe(200);
      expect(methods()).toEqual(['POST']);
      expect(JSON.stringify(cardCalls()[0]!.body)).toContain(nl.ui.help.title);
    });

    it('a click whose next card arrives late is recorded once, the card is not sent again, and the next click shows the current card', async () => {
      const chat = { serviceUrl: connector.url, user: 'aad-late-click' };
      const caseId = 'late-click-case';
      plan.push('late');
      await postActivity(bot.base, stepClick(chat, caseId, 0, 'RECORD_SIGNAL', signalInputs(new Date())));
      expect(methods()).toEqual(['POST']);
      expect(await bot.store.load(caseId)).toMatchObject({ revision: 1, step: 'signalConversation' });

      connector.releaseLate();
      const again = await postActivity(bot.base, stepClick(chat, caseId, 0, 'RECORD_SIGNAL', signalInputs(new Date())));
      expect(outcomeOf(again)).toEqual({ kind: 'current', revision: 1 });
      expect(methods()).toEqual(['POST']);
      expect(await bot.store.load(caseId)).toMatchObject({ revision: 1 });
    });

    it('with the Action.Submit fallback, the card update is repeated after a timeout, the new card is not', async () => {
      const chat = { serviceUrl: connector.url, user: 'aad-late-submit' };
      const caseId = 'late-submit-case';
      plan.push('late', 'normal', 'late');
      const submit = activityFrom(chat, {
        type: 'message',
        replyToId: 'card-on-screen',
        value: { ew: 1, kind: 'step', caseId, revision: 0, event: 'RECORD_SIGNAL', ...signalInputs(new Date()) },
      });
      expect((await postActivity(bot.base, submit)).status).toBe(200);
      expect(methods()).toEqual(['PUT', 'PUT', 'POST']);
      expect(JSON.stringify(cardCalls()[2]!.body)).toContain(nl.steps.signalConversation.title);
      expect(await bot.store.load(caseId)).toMatchObject({ revision: 1, step: 'signalConversation' });
    });
  });
});
