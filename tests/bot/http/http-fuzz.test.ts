/**
 * Property-based fuzzing of what reaches POST /api/messages over real HTTP: random JSON, broken
 * JSON and activity-shaped bodies with random fields. The server never answers 500 (nor any 5xx
 * but botbuilder's 501 for an invoke the bot does not implement) and never
 * shows a client a stack trace or an internal message. Replies only ever go to the local
 * connector stub: no generated serviceUrl names another host.
 */
import fc from 'fast-check';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { startHttpBot } from './helpers';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { HttpBot } from './helpers';

describe.each(RUNTIMES)('on %s', (runtime) => {
  let http: HttpBot;
  let connector: ConnectorStub;
  beforeAll(async () => {
    http = await startHttpBot({ RATE_LIMIT_PER_USER_PER_MINUTE: '100000', RATE_LIMIT_GLOBAL_PER_SECOND: '100000', ...runtimeEnv(runtime) });
    connector = await startConnectorStub();
  });
  afterAll(async () => {
    await http.close();
    await connector.close();
  });

  const INTERNALS = /\.ts:\d+|\.js:\d+|\n\s+at |node_modules|Error:|TypeError|SQLITE/;

  const anyValue = fc.anything({ maxDepth: 3 });
  /** Usually what Teams sends, sometimes anything at all. */
  const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 19, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
  const id = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.uuid());

  const activity = () =>
    fc.record(
      {
        type: mostly(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'event', 'typing', 'messageReaction')),
        name: mostly(fc.constantFrom('adaptiveCard/action', 'task/fetch', 'signin/verifyState', 'composeExtension/query')),
        text: mostly(fc.string({ maxLength: 80 })),
        value: fc.oneof(
          fc.record({ action: fc.record({ type: mostly(fc.constant('Action.Execute')), verb: anyValue, data: anyValue }, { requiredKeys: [] }), trigger: mostly(fc.constantFrom('manual', 'automatic')) }, { requiredKeys: [] }),
          anyValue,
        ),
        channelId: mostly(fc.constant('msteams')),
        serviceUrl: mostly(fc.constant(connector.url)),
        conversation: mostly(fc.record({ id, conversationType: fc.constantFrom('personal', 'channel', 'groupChat') }, { requiredKeys: ['id'] })),
        from: mostly(fc.record({ id, aadObjectId: mostly(id), name: fc.string() }, { requiredKeys: ['id'] })),
        recipient: mostly(fc.record({ id })),
        membersAdded: mostly(fc.array(fc.record({ id: mostly(id) }), { maxLength: 3 })),
        locale: mostly(fc.constantFrom('nl-NL', 'en-US', 'xx', '')),
        replyToId: mostly(id),
        timestamp: mostly(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
        entities: anyValue,
        channelData: anyValue,
        attachments: anyValue,
      },
      { requiredKeys: ['type', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient'] },
    );

  /** Built inside the test: the connector's URL exists only then. */
  const bodies = () =>
    fc.oneof(
    { weight: 4, arbitrary: activity().map((a) => JSON.stringify(a)) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );

  describe('fuzzed requests to /api/messages', () => {
    it('never get a 5xx and never see internals', async () => {
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(bodies(), async (raw) => {
          const res = await fetch(`${http.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
          const text = await res.text();
          statuses.push(res.status);
          // 501 is botbuilder's answer to an invoke the bot does not implement (e.g. a message extension).
          if (res.status !== 501) expect(res.status).toBeLessThan(500);
          expect(text).not.toMatch(INTERNALS);
        }),
        { numRuns: 300, endOnFailure: true },
      );
      expect((await fetch(`${http.base}/readyz`)).status).toBe(200);
      // Not only refusals: many bodies got past the envelope into the handler, some replied.
      expect(statuses.filter((status) => status !== 400).length).toBeGreaterThan(statuses.length / 3);
      expect(connector.calls.length).toBeGreaterThan(0);
    });
  });
});
