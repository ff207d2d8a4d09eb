/**
 * A tiny Bot Connector: accepts what the bot sends to `serviceUrl` and records it, so HTTP tests
 * see exactly the replies a Teams client would receive. `answer` can make it misbehave the way the
 * real one sometimes does: answer with an error status, never answer at all, answer only when the
 * test says so (after the bot has given up waiting: the message did arrive, but late), or reset the
 * connection after reading the request.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from '../../helpers/json';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Json;
  /** The bearer token the bot sent, to check it authenticates its outgoing calls. */
  authorization: string | undefined;
}

/**
 * A status (with headers) to answer instead of the normal one; 'hang' to never answer; 'late' to
 * answer normally once the test calls `releaseLate()`; 'reset' to drop the connection unanswered.
 */
export type StubAnswer = { status: number; headers?: Record<string, string> } | 'hang' | 'late' | 'reset' | 'normal';

export interface ConnectorStub {
  url: string;
  calls: ConnectorCall[];
  /** HTTP statuses to answer the next calls with (then 200 again), e.g. [429] for one throttled call. */
  failNext: number[];
  /** Answers every call held back as 'late' (200), as the real connector would after a slow delivery. */
  releaseLate(): void;
  close(): Promise<void>;
}

export async function startConnectorStub(answer: (call: ConnectorCall) => StubAnswer = () => 'normal'): Promise<ConnectorStub> {
  const calls: ConnectorCall[] = [];
  const failNext: number[] = [];
  const late: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const call = { method: req.method ?? '', path: req.url ?? '', body: raw ? JSON.parse(raw) : null, authorization: req.headers.authorization };
      calls.push(call);
      const planned = answer(call);
      if (planned === 'hang') return;
      if (planned === 'reset') return void req.socket.destroy();
      if (planned === 'late') {
        late.push(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `stub-late-${calls.indexOf(call) + 1}` }));
        });
        return;
      }
      const ok = /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(req.url ?? '');
      const failure = planned === 'normal' && ok ? failNext.shift() : undefined;
      const status = planned === 'normal' ? (failure ?? (ok ? 200 : 404)) : planned.status;
      res.writeHead(status, { 'content-type': 'application/json', ...(planned === 'normal' ? {} : planned.headers) });
      res.end(JSON.stringify(status < 300 ? { id: `stub-${calls.length}` } : { error: { code: 'StubError', message: 'planned failure' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    failNext,
    releaseLate: () => late.splice(0).forEach((answerNow) => answerNow()),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Requests the stub never answered would otherwise keep it open.
        server.closeAllConnections();
      }),
  };
}
