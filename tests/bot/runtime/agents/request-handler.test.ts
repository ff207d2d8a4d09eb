/**
 * The Agents SDK's `process()` takes whatever identity is on `request.user` and falls back to an
 * anonymous one without it. On the Agents runtime a request reaches `process()` only after our
 * verifier accepted its token, and then with that token's claims: proven with the real SDK adapter
 * (its `process` counted), real RS256 tokens and a local key server.
 */
import restify from 'restify';
import type { Request, Response, Server } from 'restify';
import { createLogger } from '../../../../bot/logger';
import { RetryingCloudAdapter } from '../../../../bot/runtime/agents/adapter';
import { BotTokenVerifier } from '../../../../bot/runtime/agents/bot-token-verifier';
import { agentsRequestHandler } from '../../../../bot/runtime/agents/request-handler';
import { DEFAULT_RETRY_DELAYS } from '../../../../bot/teams/connector-retry';
import { startBotFrameworkKeys } from '../../helpers/bot-framework-keys';
import type { BotFrameworkKeys } from '../../helpers/bot-framework-keys';
import { activityFrom } from '../../helpers/http-turns';

const APP_ID = '00000000-0000-4000-8000-0000000a6e75';
const SERVICE_URL = 'https://smba.example.invalid/emea/';

/** The SDK's adapter, counting the requests that reach its process() and the identity they carry. */
class CountingAdapter extends RetryingCloudAdapter {
  readonly reached: Array<Record<string, unknown> | undefined> = [];
  override async process(...args: Parameters<RetryingCloudAdapter['process']>): Promise<void> {
    this.reached.push(args[0].user);
    // The turn itself is not this test's subject: answer as the SDK would for an unknown invoke.
    args[1].status(501).end();
  }
}

let keys: BotFrameworkKeys;
let server: Server;
let base: string;
const adapter = new CountingAdapter({ clientId: APP_ID, clientSecret: 'never-used' }, { budgetMs: 1000, attemptTimeoutMs: 1000, ...DEFAULT_RETRY_DELAYS }, createLogger(() => undefined));
const logLines: string[] = [];

beforeAll(async () => {
  keys = await startBotFrameworkKeys({ appId: APP_ID, serviceUrl: SERVICE_URL });
  const handle = agentsRequestHandler(adapter, {
    verifier: new BotTokenVerifier({ appId: APP_ID, metadataUrl: keys.metadataUrl }),
    log: createLogger((line) => logLines.push(line)),
    turnBudgetMs: 1000,
    admitTenant: () => true,
    bot: async () => undefined,
  });
  server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: Request, res: Response) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await keys.close();
});

beforeEach(() => {
  adapter.reached.splice(0);
  logLines.splice(0);
});

const post = (authorization?: string) =>
  fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(activityFrom({ serviceUrl: SERVICE_URL, user: 'user-1' }, { type: 'invoke', name: 'unknown' })),
  });

describe('a request on the Agents runtime', () => {
  it.each([
    ['without Authorization header', async () => undefined],
    ['with a token that is no JWT', async () => 'Bearer not-a-token'],
    ['with an unsigned token', async () => `Bearer ${keys.unsignedToken()}`],
    ['with a token for another bot', async () => `Bearer ${await keys.token({ aud: 'another-bot' })}`],
    ['with a token without exp', async () => `Bearer ${await keys.token({ exp: undefined })}`],
  ])('%s never reaches the SDK’s process(): one quiet 401 and one log line', async (_name, authorization) => {
    const res = await post(await authorization());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
    expect(adapter.reached).toEqual([]);
    expect(logLines.map((line) => JSON.parse(line).message)).toEqual(['authentication refused']);
  });

  it('with a verified token reaches process() with that token’s claims, not an anonymous identity', async () => {
    const res = await post(`Bearer ${await keys.token()}`);
    expect(res.status).toBe(501);
    expect(adapter.reached).toEqual([expect.objectContaining({ aud: APP_ID, serviceurl: SERVICE_URL })]);
    expect(logLines).toEqual([]);
  });
});
