/**
 * A tiny Bot Connector: accepts what the bot sends to `serviceUrl` and records it, so HTTP tests
 * see exactly the replies a Teams client would receive.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: any;
}

export interface ConnectorStub {
  url: string;
  calls: ConnectorCall[];
  /** HTTP statuses to answer the next calls with (then 200 again), e.g. [429] for one throttled call. */
  failNext: number[];
  close(): Promise<void>;
}

export async function startConnectorStub(): Promise<ConnectorStub> {
  const calls: ConnectorCall[] = [];
  const failNext: number[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const ok = /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(req.url ?? '');
      calls.push({ method: req.method ?? '', path: req.url ?? '', body: raw ? JSON.parse(raw) : null });
      res.writeHead(ok ? (failNext.shift() ?? 200) : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `stub-${calls.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    failNext,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
