/**
 * The Bot Connector every target of the bench replies to, in a process of its own so that its work
 * is not counted against the bot nor slowed by the load generator. It answers each reply or update
 * as the real one does (200 with a resource id) and only counts them: a bench sends hundreds of
 * thousands, far too many to record like the test stub (tests/bot/helpers/connector-stub.ts) does.
 *
 * Prints `{"port":N}` once listening; answers `{"op":"count"}` on its IPC channel with the count.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let received = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received += 1;
    const ok = req.method === 'POST' || req.method === 'PUT';
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    res.end(ok ? `{"id":"stub-${received}"}` : '{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('message', () => process.send?.({ count: received }));
process.on('disconnect', () => server.close(() => process.exit(0)));
