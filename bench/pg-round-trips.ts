/**
 * Counts the bot's protocol round trips to PostgreSQL (issue 20 §3: at most 5 per turn). A TCP
 * proxy between the bot and the server reads what the client sends: every simple `Query` ('Q')
 * and every `Sync` ('S', which ends an extended-protocol batch of Parse/Bind/Execute) makes the
 * client wait for the server once. So BEGIN and COMMIT count, a parameterised query counts once,
 * and connecting, authenticating and a pool checkout do not. Counting on the wire needs no
 * change to the bot, and measures whatever client library or pipelining the store uses.
 */
import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/** SSLRequest and GSSENCRequest come before the startup message and, like it, carry no type byte. */
const PRE_STARTUP_CODES = new Set([80877103, 80877104]);
const WAITS_FOR_SERVER = new Set(['Q', 'S']);

/** Reads a client's byte stream message by message and counts the messages the client waits on. */
export class FrontendMessageCounter {
  private buffered = Buffer.alloc(0);
  private started = false;
  roundTrips = 0;

  push(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const headerBytes = this.started ? 5 : 4;
      if (this.buffered.length < headerBytes) return;
      const length = this.buffered.readInt32BE(this.started ? 1 : 0);
      const total = (this.started ? 1 : 0) + length;
      if (this.buffered.length < total) return;
      if (this.started) {
        if (WAITS_FOR_SERVER.has(String.fromCharCode(this.buffered[0]!))) this.roundTrips += 1;
      } else if (!PRE_STARTUP_CODES.has(this.buffered.readInt32BE(4))) {
        this.started = true;
      }
      this.buffered = this.buffered.subarray(total);
    }
  }
}

export interface RoundTripProxy {
  /** The connection string with the proxy in place of the server. */
  url: string;
  /** Round trips of every connection so far. */
  roundTrips(): number;
  close(): Promise<void>;
}

/** A proxy in front of the server of `databaseUrl` (postgres://…@host:port/db), on a free local port. */
export async function startRoundTripProxy(databaseUrl: string): Promise<RoundTripProxy> {
  const target = new URL(databaseUrl);
  const counters: FrontendMessageCounter[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const counter = new FrontendMessageCounter();
    counters.push(counter);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => [client, upstream].forEach((s) => s.destroy()));
    }
    client.on('data', (chunk: Buffer) => {
      counter.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(databaseUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    roundTrips: () => counters.reduce((sum, c) => sum + c.roundTrips, 0),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
