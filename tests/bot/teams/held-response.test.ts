/**
 * The response adapter both SDKs write to, over a real restify server: restify's own
 * `res.status(code)` returns a number, so an SDK chaining `res.status(code).send(body)` on it would
 * throw; the held response chains, and writes what the SDK answered once the turn is over.
 */
import restify from 'restify';
import type { Request, Response, Server } from 'restify';
import { HeldResponse } from '../../../bot/teams/held-response';

let server: Server;
let base: string;
/** What each route's SDK-like code writes to the held response before it goes to restify. */
const routes: Record<string, (held: HeldResponse) => void> = {
  invoke: (held) => held.status(200).setHeader('content-type', 'application/json').send({ statusCode: 200, type: 'card', value: { ok: true } }).end(),
  accepted: (held) => held.status(202).end(),
  unauthorized: (held) => held.status(401).send().end(),
  untouched: () => undefined,
};
let restifyStatusReturns: unknown;

beforeAll(async () => {
  server = restify.createServer({ handleUncaughtExceptions: false });
  server.post('/:route', async (req: Request, res: Response) => {
    restifyStatusReturns ??= (res.status as unknown as (code: number) => unknown)(200);
    const held = new HeldResponse();
    routes[req.params.route as string]!(held);
    expect(held.writableEnded || req.params.route === 'untouched').toBe(true);
    held.writeTo(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = async (route: string) => {
  const res = await fetch(`${base}/${route}`, { method: 'POST' });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('the held response over restify', () => {
  it('is needed: restify’s status(code) returns a number, not the response an SDK chains on', async () => {
    await post('accepted');
    expect(typeof restifyStatusReturns).toBe('number');
  });

  it('passes an invoke answer on: its status, JSON body and content type', async () => {
    const answer = await post('invoke');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toEqual({ statusCode: 200, type: 'card', value: { ok: true } });
  });

  it('passes a status without a body on as an empty answer', async () => {
    expect(await post('accepted')).toMatchObject({ status: 202, text: '' });
    expect(await post('unauthorized')).toMatchObject({ status: 401 });
  });

  it('answers 200 when the SDK wrote nothing (a message turn)', async () => {
    expect(await post('untouched')).toMatchObject({ status: 200, text: '' });
  });
});
