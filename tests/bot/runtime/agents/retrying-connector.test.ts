/**
 * The Agents SDK's own ConnectorClient (fetch-based) with the shared retry decisions hooked into
 * its HttpClient, against a local Bot Connector stub: the same semantics as botbuilder's pipeline
 * policy (tests/bot/teams/connector-retry.test.ts drives the decisions themselves). The retry
 * clock is a fake one that moves only when the policy sleeps.
 */
import { Activity } from '@microsoft/agents-activity';
import { ConnectorClient } from '@microsoft/agents-hosting';
import { createLogger } from '../../../../bot/logger';
import { withConnectorRetries } from '../../../../bot/runtime/agents/retrying-connector';
import type { RetryClock } from '../../../../bot/teams/connector-retry';
import { startConnectorStub } from '../../helpers/connector-stub';
import type { ConnectorStub, StubAnswer } from '../../helpers/connector-stub';

const timing = { budgetMs: 10_000, attemptTimeoutMs: 2000, baseDelayMs: 250, maxDelayMs: 2000 };

function fakeClock(): RetryClock {
  let now = 1_000_000;
  return { now: () => now, sleep: async (ms) => void (now += ms), random: () => 0.5 };
}

const message = () => Activity.fromObject({ type: 'message', text: 'card' });
let stub: ConnectorStub;
let plan: StubAnswer[];
const logLines: string[] = [];

beforeAll(async () => {
  stub = await startConnectorStub(() => plan.shift() ?? 'normal');
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.calls.splice(0);
  logLines.splice(0);
});

const client = () => withConnectorRetries(ConnectorClient.createClientWithToken(stub.url, 'outbound-token'), timing, createLogger((line) => logLines.push(line)), fakeClock());
const unknownDeliveries = () => logLines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'delivery unknown');

describe('the Agents SDK’s connector client with the shared retries', () => {
  it('repeats a new message the Bot Connector did not take (429, 412, 503 with Retry-After) until it is taken', async () => {
    plan = [{ status: 429 }, { status: 412 }, { status: 503, headers: { 'retry-after': '0' } }];
    await expect(client().sendToConversation('a:conv-1', message())).resolves.toMatchObject({ id: expect.any(String) });
    expect(stub.calls.map((call) => call.method)).toEqual(['POST', 'POST', 'POST', 'POST']);
    expect(stub.calls[3]!.authorization).toBe('Bearer outbound-token');
  });

  it.each([
    [{ status: 502 }, 'badGateway'],
    [{ status: 503 }, 'serviceUnavailable'],
    ['reset' as const, 'connectionReset'],
  ])('does not repeat a new message that may have arrived (%j), and logs it as delivery unknown', async (first, reason) => {
    plan = [first];
    await expect(client().sendToConversation('a:conv-2', message())).rejects.toBeDefined();
    expect(stub.calls).toHaveLength(1);
    expect(unknownDeliveries()).toEqual([expect.objectContaining({ method: 'POST', reason })]);
  });

  it('repeats a card update (PUT) whatever became of the first attempt', async () => {
    plan = [{ status: 502 }, 'reset'];
    await expect(client().updateActivity('a:conv-3', 'activity-1', message())).resolves.toBeDefined();
    expect(stub.calls.map((call) => call.method)).toEqual(['PUT', 'PUT', 'PUT']);
    expect(unknownDeliveries()).toEqual([]);
  });

  it('passes any other answer on as the SDK’s own error, with its status', async () => {
    plan = [{ status: 403 }];
    await expect(client().sendToConversation('a:conv-4', message())).rejects.toMatchObject({ name: 'HttpError', status: 403 });
    expect(stub.calls).toHaveLength(1);
  });
});
