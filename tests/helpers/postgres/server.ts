/**
 * Starts and controls a real PostgreSQL server for tests (see server-process.ts). The jest
 * globalSetup starts one for the whole run; a test that must stop and restart PostgreSQL under
 * traffic starts its own, so it never disturbs the other test files.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ServerMessage, ServerOp } from './server-process';

export interface PostgresServer {
  port: number;
  /** A connection URL for the superuser, to `database` (default `postgres`). */
  url(database?: string): string;
  /** Stops the server (a fast shutdown: sessions are ended, committed data kept). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops the server for good and removes its data. */
  shutdown(): Promise<void>;
}

const SERVER_PROCESS = join(__dirname, 'server-process.ts');

function nextMessage(child: ChildProcess): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`PostgreSQL test server process exited (${code})`));
    };
    const onMessage = (message: ServerMessage) => {
      child.off('exit', onExit);
      resolve(message);
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

export interface PostgresServerOptions {
  /** fsync on, as in production (the bench); tests run with fsync off (see server-process.ts). */
  durable?: boolean;
}

export async function startPostgresServer({ durable = false }: PostgresServerOptions = {}): Promise<PostgresServer> {
  const child = fork(SERVER_PROCESS, durable ? ['--durable'] : [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = await nextMessage(child);
  if (!('ready' in first)) {
    child.kill();
    throw new Error(`PostgreSQL test server did not start: ${'reason' in first ? first.reason : 'unknown'}`);
  }
  const { port, password } = first.ready;

  const run = async (op: ServerOp) => {
    const answer = nextMessage(child);
    child.send({ op });
    const message = await answer;
    if (!('done' in message)) throw new Error(`PostgreSQL test server could not ${op}: ${'reason' in message ? message.reason : 'unknown'}`);
  };

  return {
    port,
    url: (database = 'postgres') => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    stop: () => run('stop'),
    start: () => run('start'),
    async shutdown() {
      if (!child.connected) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await run('shutdown');
      await exited;
    },
  };
}
