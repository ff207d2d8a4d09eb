import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocaleRelay, withLocale } from '../../../scripts/playground/locale-relay';
import type { LocaleRelay } from '../../../scripts/playground/locale-relay';

/** What the Playground sends: always an English Teams user. */
const PLAYGROUND_MESSAGE = {
  type: 'message',
  text: 'nieuw',
  locale: 'en-US',
  entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }, { type: 'mention', text: '<at>bot</at>' }],
};

describe('the locale relay between the Playground and the bot', () => {
  let bot: Server;
  let relay: LocaleRelay;
  const received: { path: string; body: string; contentType: string }[] = [];

  beforeAll(async () => {
    bot = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body, contentType: req.headers['content-type'] ?? '' });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard' } }));
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    relay = await startLocaleRelay(`http://127.0.0.1:${(bot.address() as AddressInfo).port}/api/messages`, 'nl-NL');
  });

  afterAll(async () => {
    await relay.close();
    await new Promise<void>((resolve) => bot.close(() => resolve()));
  });

  it('makes the user a Dutch Teams user and hands the bot’s answer back unchanged', async () => {
    const res = await fetch(relay.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(PLAYGROUND_MESSAGE) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard' } });
    const [forwarded] = received;
    expect(forwarded).toMatchObject({ path: '/api/messages', contentType: 'application/json' });
    expect(JSON.parse(forwarded!.body)).toEqual({
      ...PLAYGROUND_MESSAGE,
      locale: 'nl-NL',
      entities: [{ type: 'clientInfo', locale: 'nl-NL', country: 'US', platform: 'Web' }, { type: 'mention', text: '<at>bot</at>' }],
    });
  });

  it('leaves anything that is not an activity as it is, for the bot to refuse', () => {
    expect(withLocale('not json', 'nl-NL')).toBe('not json');
    expect(withLocale('[1,2]', 'nl-NL')).toBe('[1,2]');
    expect(JSON.parse(withLocale('{"type":"invoke"}', 'nl-NL'))).toEqual({ type: 'invoke', locale: 'nl-NL' });
  });
});
