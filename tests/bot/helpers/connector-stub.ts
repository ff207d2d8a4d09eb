/**
 * A tiny Bot Connector: accepts what the bot sends to `serviceUrl` and records it, so HTTP tests
 * see exactly the replies a Teams client would receive. `answer` can make it misbehave the way the
 * real one sometimes does: answer with an error status, or never answer at all.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: any;
  /** The bearer token the bot sent, to check it authenticates its outgoing calls. */
  authorization: string | undefined;
}

/** A status (with headers) to answer instead of the normal one, or 'hang' to never answer. */
export type StubAnswer = { status: number; headers?: Record<string, string> } | 'hang' | 'normal';

export interface ConnectorStub {
  url: string;
  calls: ConnectorCall[];
  /** HTTP statuses to answer the next calls with (then 200 again), e.g. [429] for one throttled call. */
  failNext: number[];
  close(): Promise<void>;
}

export async function startConnectorStub(answer: (call: ConnectorCall) => StubAnswer = () => 'normal'): Promise<ConnectorStub> {
  const calls: ConnectorCall[] = [];
  const failNext: number[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const call = { method: req.method ?? '', path: req.url ?? '', body: raw ? JSON.parse(raw) : null, authorization: req.headers.authorization };
      calls.push(call);
      const planned = answer(call);
      if (planned === 'hang') return;
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Requests the stub never answered would otherwise keep it open.
        server.closeAllConnections();
      }),
  };
}
