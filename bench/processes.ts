/**
 * The processes a bench run starts: the bot (compiled, `node dist/bot/main.js` as `npm start`
 * runs it), the echo bot and the connector stub. Each is its own process, so the figures are a
 * server's figures and the load generator's work is not counted against it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');
/** Where `prepare` puts the compiled bench programs (dist/ is the build output of the project). */
export const BENCH_BUILD = join(ROOT, 'dist', 'bench');

export interface Server {
  base: string;
  child: ChildProcess;
  /** From spawn to the first 200 of /readyz, in ms. */
  readyMs: number;
  /** Peak resident set size so far (VmHWM), in bytes. */
  peakRss(): number;
  /** CPU time the process has used so far (user + system), in ms. */
  cpuMs(): number;
  /** Heap and RSS after a full garbage collection, read inside the process (memory-probe.ts). */
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

/**
 * The variables that move the clock of a whole run (`faketime -f '+400d' npm run bench` preloads
 * libfaketime): passed on to every bot process, so a server and the process that mints its tokens
 * and computes its dates run on the same clock. Empty on an ordinary run.
 */
export function movedClockEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => (entry[0] === 'LD_PRELOAD' || entry[0].startsWith('FAKETIME')) && entry[1] !== undefined),
  );
}

/** The `{"…":…}` line a process prints first on stdout with `key` in it. */
function firstLineWith<T>(child: ChildProcess, key: string, stderr: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (key in entry) {
          child.stdout!.off('data', onData);
          // Keep draining stdout so the process never blocks on a full pipe.
          child.stdout!.resume();
          resolve(entry as T);
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`process exited before it was ready (${code ?? signal}): ${stderr().slice(-2000)}`)));
  });
}

function vmHwm(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** utime + stime from /proc/<pid>/stat, in clock ticks of 10 ms (USER_HZ is 100 on Linux). */
function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function untilReady(base: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('process exited before /readyz answered 200');
    try {
      const res = await fetch(`${base}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface StartOptions {
  /** The program and its arguments after `node`. */
  args: string[];
  env: Record<string, string>;
  /** Options for node itself, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

/** Starts a server on a free port of 127.0.0.1 and waits until /readyz answers 200. */
export async function startServer({ args, env, nodeArgs = [] }: StartOptions): Promise<Server> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, '--expose-gc', '--require', join(BENCH_BUILD, 'memory-probe.js'), ...args], {
    cwd: ROOT,
    env: { ...movedClockEnvironment(), PATH: process.env.PATH ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { port } = await firstLineWith<{ port: number }>(child, 'port', () => stderr);
  const base = `http://127.0.0.1:${port}`;
  await untilReady(base, child);
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  let lastPeak = 0;
  return {
    base,
    child,
    readyMs,
    peakRss: () => (lastPeak = child.exitCode === null ? vmHwm(child.pid!) : lastPeak),
    cpuMs: () => cpuTimeMs(child.pid!),
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (message: { memory: NodeJS.MemoryUsage }) => resolve(message.memory));
        child.send({ op: 'memory' });
      }),
    async stop() {
      lastPeak = vmHwm(child.pid!);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ConnectorStub {
  /** The serviceUrl activities carry. */
  url: string;
  /** How many calls it has answered. */
  count(): Promise<number>;
  close(): Promise<void>;
}

export async function startConnectorStub(): Promise<ConnectorStub> {
  const child = spawn(process.execPath, [join(BENCH_BUILD, 'connector-stub.js')], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { port } = await firstLineWith<{ port: number }>(child, 'port', () => '');
  return {
    url: `http://127.0.0.1:${port}/`,
    count: () =>
      new Promise((resolve) => {
        child.once('message', (message: { count: number }) => resolve(message.count));
        child.send({ op: 'count' });
      }),
    async close() {
      child.disconnect();
      await exited;
    },
  };
}
