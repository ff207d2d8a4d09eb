/**
 * The Microsoft 365 Agents Playground presents every user as an English Teams client: it sends
 * `locale: "en-US"` on every activity, with no option to change it (checked in 0.2.28). The bot
 * answers in the user's Teams language, so through the bare Playground a manager only ever sees
 * English. This relay sits between the Playground and the bot and gives each activity the locale a
 * Teams client in the chosen language sends (the activity's `locale` and its clientInfo entity);
 * everything else, including the bot's HTTP answer to an invoke, passes through unchanged.
 * Development and tests only: nothing in production goes through it.
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocaleRelay {
  /** Where the Playground should send activities: `http://127.0.0.1:N/api/messages`. */
  endpoint: string;
  close(): Promise<void>;
}

type Activity = { locale?: unknown; entities?: unknown };

/** The activity with the given Teams locale; anything that is not an activity stays as it is. */
export function withLocale(body: string, locale: string): string {
  let activity: Activity;
  try {
    activity = JSON.parse(body) as Activity;
  } catch {
    return body;
  }
  if (activity === null || typeof activity !== 'object' || Array.isArray(activity)) return body;
  const entities = Array.isArray(activity.entities)
    ? activity.entities.map((entity: unknown) =>
        entity !== null && typeof entity === 'object' && (entity as { type?: unknown }).type === 'clientInfo' ? { ...entity, locale } : entity,
      )
    : activity.entities;
  return JSON.stringify({ ...activity, locale, ...(entities === undefined ? {} : { entities }) });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the relay on a free loopback port, forwarding to the bot's `/api/messages` at `target`. */
export async function startLocaleRelay(target: string, locale: string): Promise<LocaleRelay> {
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const body = req.method === 'POST' ? withLocale(await readBody(req), locale) : '';
    const headers = { ...req.headers, host: new URL(target).host, 'content-length': String(Buffer.byteLength(body)) };
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'botUnreachable' }));
    });
    upstream.end(body);
  };
  const server = createServer((req, res) => {
    forward(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
