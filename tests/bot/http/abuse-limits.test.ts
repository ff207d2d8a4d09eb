/**
 * Abuse limits on a real server (port 0): rate limits per user and global with 429 + Retry-After,
 * strict content types, the body limit, timeouts, and no internals in any error a client sees.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { Request, Response } from 'restify';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { activityFrom, postActivity } from '../helpers/http-turns';
import { startHttpBot } from './helpers';
import type { HttpBot } from './helpers';

let connector: ConnectorStub;
beforeAll(async () => {
  connector = await startConnectorStub();
});
afterAll(() => connector.close());
beforeEach(() => connector.calls.splice(0));

/** `help` typed by `user`: one turn with one reply through the connector stub. */
/** The answers that went out; each message is preceded by a typing indicator. */
const answers = () => connector.calls.filter((call) => call.body?.type === 'message');
const help = (user: string) => activityFrom({ serviceUrl: connector.url, user }, { type: 'message', text: 'help' });

const INTERNALS = /CANARY|\.ts:\d+|\.js:\d+|\bat \w|Error:|node_modules/;

describe('per-user rate limit', () => {
  let http: HttpBot;
  beforeAll(async () => {
    http = await startHttpBot({ RATE_LIMIT_PER_USER_PER_MINUTE: '3' });
  });
  afterAll(() => http.close());

  it('answers 429 with Retry-After once a user is over the limit, processes nothing more, and lets others through', async () => {
    for (let i = 0; i < 3; i += 1) expect((await postActivity(http.base, help('busy-user'))).status).toBe(200);

    const refused = await postActivity(http.base, help('busy-user'));
    expect(refused.status).toBe(429);
    // 3 per minute: the next request is allowed 20 s later.
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.body).toEqual({ error: 'tooManyRequests' });
    expect(answers()).toHaveLength(3);

    expect((await postActivity(http.base, help('calm-user'))).status).toBe(200);

    http.clock.now = new Date(http.clock.now.getTime() + 20_000);
    expect((await postActivity(http.base, help('busy-user'))).status).toBe(200);
  });
});

describe('global rate limit', () => {
  let http: HttpBot;
  beforeAll(async () => {
    http = await startHttpBot({ RATE_LIMIT_GLOBAL_PER_SECOND: '4' });
  });
  afterAll(() => http.close());

  it('answers 429 with Retry-After for every route beyond the limit, but keeps health probes answering', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await postActivity(http.base, help(`user-${i}`))).status);
    expect(statuses).toEqual([200, 200, 200, 200]);

    const refused = await postActivity(http.base, help('user-5'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await fetch(`${http.base}/nothing/here`)).status).toBe(429);
    expect(answers()).toHaveLength(4);

    expect((await fetch(`${http.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${http.base}/readyz`)).status).toBe(200);

    http.clock.now = new Date(http.clock.now.getTime() + 1_000);
    expect((await postActivity(http.base, help('user-6'))).status).toBe(200);
  });
});

describe('requests', () => {
  let http: HttpBot;
  beforeAll(async () => {
    http = await startHttpBot({ MAX_BODY_BYTES: '4096', REQUEST_TIMEOUT_MS: '300' });
    const server = http.bot.server;
    server.get('/test/slow', async (_req: Request, res: Response) => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      res.setHeader('x-late', 'yes');
      res.send(200, { late: true });
    });
    server.get('/test/throws', async () => {
      throw new Error('CANARY internal detail at /srv/bot/secret.ts:12');
    });
    server.get('/test/sends-error', async (_req: Request, res: Response) => {
      res.send(500, new Error('CANARY database password rejected'));
    });
    server.get('/test/sends-text', async (_req: Request, res: Response) => {
      res.send(400, 'CANARY TypeError: x is undefined\n    at handler (/srv/bot/h.js:3:1)');
    });
    server.get('/test/sends-details', async (_req: Request, res: Response) => {
      res.send(503, { error: 'storeUnavailable', detail: 'CANARY SQLITE_BUSY on /data/escalatiewijzer.sqlite' });
    });
  });
  afterAll(() => http.close());

  it.each([
    ['text/plain', 'help'],
    ['application/x-www-form-urlencoded', 'type=message&text=help'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n'],
    ['application/json; charset=latin1', '{"type":"message"}'],
  ])('refuses a %s body with 415 before parsing it', async (contentType, body) => {
    const res = await fetch(`${http.base}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ error: 'unsupportedMediaType' });
    expect(connector.calls).toEqual([]);
  });

  it('accepts JSON with an explicit UTF-8 charset', async () => {
    const res = await fetch(`${http.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(help('charset-user')) });
    expect(res.status).toBe(200);
  });

  it('refuses a declared body over the limit with 413 without waiting for it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${http.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on('error', reject);
      req.write('{"type":');
    });
    expect(status).toBe(413);
  });

  it('answers 503 when a handler takes longer than the request timeout, drops its late answer and keeps serving', async () => {
    const res = await fetch(`${http.base}/test/slow`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'timeout' });
    expect(res.headers.get('x-late')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await fetch(`${http.base}/healthz`)).status).toBe(200);
  });

  it('closes the connection of a client that starts a request and then goes silent', async () => {
    const socket = connect(http.bot.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.write('POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n');
    await new Promise((resolve) => socket.on('close', resolve));
    expect(answer).toBe('');
    expect(connector.calls).toEqual([]);
  });

  it.each([
    ['a handler that throws', '/test/throws', 500, 'internal'],
    ['a handler that sends an Error', '/test/sends-error', 500, 'internal'],
    ['a handler that sends a stack as text', '/test/sends-text', 400, 'malformedRequest'],
    ['a 5xx with details next to its code', '/test/sends-details', 503, 'unavailable'],
    ['an unknown route', '/nothing/here', 404, 'notFound'],
  ])('%s: the client gets only a code', async (_name, path, status, code) => {
    const res = await fetch(`${http.base}${path}`);
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toMatch(INTERNALS);
    expect(JSON.parse(text)).toEqual({ error: code });
  });

  it('a wrong method on the Bot Framework endpoint gets only a code', async () => {
    const res = await fetch(`${http.base}/api/messages`);
    expect(res.status).toBe(405);
    expect(await res.json()).toEqual({ error: 'methodNotAllowed' });
  });
});
