/**
 * restify wiring: the Bot Framework endpoint, health checks and graceful shutdown. Requests are
 * refused early and clearly (size, content type, JSON) before any SDK sees them; what happens to a
 * request after that is the runtime's (bot/runtime/), handed in as a request handler.
 */
import pino from 'pino';
import restify from 'restify';
import type { Request, Response, Server } from 'restify';
import type { CaseStore } from './store/case-store';
import type { Logger } from './logger';
import { errorCodeFor } from './http/error-responses';
import { hardenServer } from './http/harden';
import type { Hardened, HttpLimits } from './http/harden';
import { hasActivityEnvelope } from './teams/activity-envelope';
import { senderOf } from './teams/sender';

/** Answers one POST /api/messages whose body is a JSON activity: authentication, tenant, turn (bot/runtime/). */
export type ActivityRequestHandler = (req: Request, res: Response) => Promise<void>;

export interface ServerDeps {
  handleActivity: ActivityRequestHandler;
  /** Only asked whether it can be used (/readyz). */
  store: Pick<CaseStore, 'ping'>;
  log: Logger;
  maxBodyBytes: number;
  /**
   * More routes (HR API, HR tab), each mounted by its own module; routes that sign their user in
   * put `limitPerUser` in their handler chain.
   */
  routes?: Array<(server: Server, limitPerUser: Hardened['limitPerUser']) => void>;
  /** Rate limits, timeouts and headers every route gets (bot/http/harden.ts). */
  limits: Omit<HttpLimits, 'maxBodyBytes'>;
}

export interface RunningServer {
  server: Server;
  port: number;
  /** Stop accepting, let turns in flight finish, then close the store. */
  close(): Promise<void>;
}

function isJson(req: Request): boolean {
  return /^application\/json\b/i.test(req.header('content-type') ?? '');
}

export interface BotServer {
  server: Server;
  /** Refuse new turns and resolve once the turns in flight have finished. */
  drain: () => Promise<void>;
  /** Per-user rate limit for routes that know their authenticated user (e.g. the HR API). */
  limitPerUser: Hardened['limitPerUser'];
}

export function createServer(deps: ServerDeps): BotServer {
  // restify's own logger would print whole requests (paths with one-time tokens, headers) past the
  // bot's scrubbing logger; the bot logs every request itself (bot/http/harden.ts).
  // (@types/restify still describes restify 8's bunyan logger; restify 11 takes pino.)
  const silent = pino({ level: 'silent' }) as unknown as restify.ServerOptions['log'];
  const server = restify.createServer({ name: 'escalatiewijzer', handleUncaughtExceptions: false, log: silent });
  const { limitPerUser } = hardenServer(server, { ...deps.limits, maxBodyBytes: deps.maxBodyBytes }, deps.log);
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes, mapParams: false }));

  let inFlight = 0;
  let draining = false;
  const idle: Array<() => void> = [];

  server.post('/api/messages', limitPerUser((req) => senderOf(req.body)), async (req: Request, res: Response) => {
    if (draining) {
      res.send(503, { error: 'shuttingDown' });
      return;
    }
    if (!isJson(req) || !hasActivityEnvelope(req.body)) {
      res.send(400, { error: 'expectedJsonActivity' });
      return;
    }
    inFlight += 1;
    try {
      await deps.handleActivity(req, res);
    } catch (error) {
      deps.log.error('request failed', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) res.send(500, { error: 'internal' });
    } finally {
      inFlight -= 1;
      if (inFlight === 0) idle.splice(0).forEach((resolve) => resolve());
    }
  });

  // eslint-disable-next-line @typescript-eslint/require-await -- restify takes a handler without `next` only if async; a throw then answers 500
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (draining) {
      res.send(503, { status: 'shuttingDown' });
      return;
    }
    try {
      await deps.store.ping();
      res.send(200, { status: 'ready' });
    } catch {
      res.send(503, { status: 'storeUnavailable' });
    }
  });

  for (const mount of deps.routes ?? []) mount(server, limitPerUser);

  // Errors restify raises itself (413, malformed JSON) carry no internals to the client.
  server.on('restifyError', (_req: Request, res: Response, err: { statusCode?: number; name?: string }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    res.status(status);
    res.json({ error: errorCodeFor(status) });
    callback();
  });

  const drain = () => {
    draining = true;
    return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
  };
  return { server, drain, limitPerUser };
}

/** Another process listens on the port: start-up says so in one line instead of a stack (bot/main.ts). */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use`);
    this.name = 'PortInUseError';
  }

  /** One line for the terminal: the busy port and how to start `command` on another. */
  advice(command: string): string {
    const other = this.port < 65535 ? this.port + 1 : this.port - 1;
    return `Escalatiewijzer cannot start: port ${this.port} is already in use by another program. Choose another port: PORT=${other} ${command} (or PORT=${other} in .env).`;
  }
}

/** `store`: closed once the turns in flight have finished. */
export async function listen({ server, drain }: BotServer, port: number, host: string, store: Pick<CaseStore, 'close'>): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.removeListener('error', refuse);
      resolve();
    });
  });
  const address = server.address();
  return {
    server,
    port: address.port,
    async close() {
      await drain();
      await new Promise<void>((resolve) => void server.close(() => resolve()));
      await store.close();
    },
  };
}
