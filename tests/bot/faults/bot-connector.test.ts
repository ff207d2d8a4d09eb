/**
 * The Bot Connector misbehaving: answering 429/412/503 for a while, or not answering at all.
 * Replies it did not take are retried with back-off within the turn's budget; a reply that may have
 * arrived is not (tests/bot/faults/late-connector.test.ts); a connector that hangs holds up only the
 * turns that talk to it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../../../content/load';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub, StubAnswer } from '../helpers/connector-stub';
import { activityFrom, postActivity } from '../helpers/http-turns';
import { startHttpTestBot } from '../helpers/test-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { HttpTestBot } from '../helpers/test-bot';

describe.each(RUNTIMES)('on %s', (runtime) => {
  const dir = mkdtempSync(join(tmpdir(), 'ew-connector-'));
  let bot: HttpTestBot;

  beforeAll(async () => {
    // A short budget keeps the test quick; the behaviour is the same at Teams' 10–15 s. A reply that
    // times out is not repeated, so one attempt may take the whole budget: the dead turn below then
    // lasts that long, whatever else the machine is doing.
    bot = await startHttpTestBot(dir, { TURN_BUDGET_MS: '1500', OUTBOUND_TIMEOUT_MS: '1500', ...runtimeEnv(runtime) });
  });

  afterAll(async () => {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const help = (serviceUrl: string, user: string) => activityFrom({ serviceUrl, user }, { type: 'message', text: 'help' });
  /** The cards the bot sent, without the typing indicator that comes before an answer. */
  const cardCalls = (connector: ConnectorStub) => connector.calls.filter((call) => call.body?.type !== 'typing');

  describe('replies to a Bot Connector that answers with errors', () => {
    it.each([
      [429, 412, {}],
      [412, 503, { 'retry-after': '0' }],
    ])('are retried until they get through: %s and %s first, then accepted', async (first, second, headers) => {
      const plan: StubAnswer[] = [{ status: first }, { status: second, headers }];
      const connector = await startConnectorStub((call) => (call.body?.type === 'typing' ? 'normal' : (plan.shift() ?? 'normal')));
      try {
        const answer = await postActivity(bot.base, help(connector.url, 'aad-flaky'));
        expect(answer.status).toBe(200);
        expect(cardCalls(connector)).toHaveLength(3);
        expect(new Set(connector.calls.map((c) => c.path)).size).toBe(1);
        expect(JSON.stringify(cardCalls(connector)[2]!.body)).toContain(loadContent('nl').ui.help.title);
      } finally {
        await connector.close();
      }
    });
  });

  describe('a Bot Connector that never answers', () => {
    it('holds up only the turns that talk to it, and those only for the turn budget', async () => {
      const dead = await startConnectorStub(() => 'hang');
      const alive = await startConnectorStub();
      try {
        let deadTurnEnded = false;
        const deadTurn = postActivity(bot.base, help(dead.url, 'aad-dead')).finally(() => {
          deadTurnEnded = true;
        });
        while (dead.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

        const answer = await postActivity(bot.base, help(alive.url, 'aad-alive'));
        expect(answer.status).toBe(200);
        expect(cardCalls(alive)).toHaveLength(1);
        expect(deadTurnEnded).toBe(false);

        await deadTurn;
        // The attempt was abandoned after its timeout and not repeated: the reply may have arrived.
        expect(cardCalls(dead)).toHaveLength(1);
        expect(new Set(dead.calls.map((c) => c.path)).size).toBe(1);
      } finally {
        await dead.close();
        await alive.close();
      }
    });
  });
});
