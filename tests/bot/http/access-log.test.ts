/**
 * The access log on a real server, for the routes whose path or query carries something secret or
 * personal: the one-time `mijn gegevens` token is in the path, HR filters are in the query and HR
 * tokens in a header. Every request is logged by its route pattern only.
 */
import { randomBytes } from 'node:crypto';
import { myDataTokenHash } from '../../../bot/data-rights/my-data-link';
import { createLogger } from '../../../bot/logger';
import { captureProcessOutput } from '../helpers/output-capture';
import { startHttpBot } from './helpers';
import type { HttpBot } from './helpers';

const canary = (what: string) => `CANARY${what}${randomBytes(4).toString('hex')}`;
/** A well-formed download token (43 base64url characters) that is also a canary. */
const canaryToken = () => `${canary('token')}${randomBytes(24).toString('base64url')}`.slice(0, 43);

const lines: string[] = [];
let http: HttpBot;

beforeAll(async () => {
  // The bot's logger, and whatever else reaches stdout or stderr: restify logs there on its own.
  captureProcessOutput(lines);
  http = await startHttpBot({}, createLogger((line) => lines.push(line)));
});
afterAll(async () => {
  await http.close();
  jest.restoreAllMocks();
});

describe('the access log', () => {
  it('names the route pattern, never the path or query: download tokens, bearer tokens and filters stay out of it', async () => {
    // The download needs the SSO token of the link's owner: a development token's user owns it here.
    const ownerToken = ((await (await fetch(`${http.base}/api/hr/dev/token?role=manager`)).json()) as { token: string }).token;
    const owner = (JSON.parse(Buffer.from(ownerToken.split('.')[1]!, 'base64url').toString('utf8')) as { oid: string }).oid;
    const token = canaryToken();
    const expiresAt = new Date(http.clock.now.getTime() + 600_000).toISOString();
    await http.store.saveMyDataLink({ tokenHash: myDataTokenHash(token), ownerId: owner, locale: 'nl-NL', expiresAt }, http.clock.now.toISOString());
    const unknownToken = canaryToken();
    const filter = canary('filter');
    const hrToken = ((await (await fetch(`${http.base}/api/hr/dev/token?role=hr`)).json()) as { token: string }).token;
    const forged = canary('bearer');
    const hr = (path: string, bearer: string, accept = 'application/json') => fetch(`${http.base}${path}`, { headers: { authorization: `Bearer ${bearer}`, accept } });

    const statuses = [
      (await fetch(`${http.base}/tab/my-data/${token}`)).status,
      (await fetch(`${http.base}/api/my-data/${token}`, { method: 'POST' })).status,
      (await fetch(`${http.base}/api/my-data/${token}`, { method: 'POST', headers: { authorization: `Bearer ${ownerToken}` } })).status,
      (await fetch(`${http.base}/api/my-data/${unknownToken}?from=${filter}`, { method: 'POST', headers: { authorization: `Bearer ${ownerToken}` } })).status,
      (await hr('/api/hr/summary?period=2026', hrToken)).status,
      (await hr(`/api/hr/summary?period=2026&orgUnit=${filter}`, hrToken)).status,
      (await hr('/api/hr/timelines?period=2026', forged)).status,
      (await hr(`/api/hr/summary?period=2026&orgUnit=${filter}`, hrToken, 'image/png')).status,
      (await fetch(`${http.base}/tab/hr?lang=${filter}`)).status,
    ];
    expect(statuses).toEqual([200, 401, 200, 404, 200, 400, 401, 400, 200]);

    const output = lines.join('\n');
    // The capture works: one line per request, by route pattern.
    for (const route of ['/tab/my-data/:token', '/api/my-data/:token', '/api/hr/summary', '/api/hr/timelines', '/tab/hr', '/api/hr/dev/token']) {
      expect(output).toContain(`"route":"${route}"`);
    }
    expect(output).toContain('"message":"my data downloaded"');
    for (const leak of [owner, token, unknownToken, filter, hrToken, ownerToken, forged]) expect(output).not.toContain(leak);
    expect(output).not.toMatch(/CANARY/);
  });

  it('gets nothing from restify itself: its own logger, which would print whole requests, is silent', () => {
    // restify logs a request with its URL and headers when a handler returns a value; its pino
    // writes straight to the file descriptor, past any capture, so the level itself is checked.
    expect(http.bot.server.log.level).toBe('silent');
  });
});
