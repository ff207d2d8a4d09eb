/**
 * `npm start` as a newcomer meets it: the bot process started in a folder of its own, reading that
 * folder's `.env`, telling where to go next, and saying in one line when its port is taken.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_FROM_SOURCE } from './helpers/bot-process';

const ROOT = join(__dirname, '..', '..');
/** The node flags of `npm start` (`node <flags> dist/bot/main.js`). */
const START_FLAGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

interface Run {
  /** Every stdout line so far. */
  stdout: string[];
  stderr(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
  /** Resolves with the stdout lines once one matches, or rejects when the process ends first. */
  untilLine(match: (line: string) => boolean): Promise<string[]>;
}

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'ew-main-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** The bot from source in `folder`, as `npm start` runs it there, with `flags` for node. */
function startInFolder(flags: readonly string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [...flags, ...BOT_FROM_SOURCE], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  const waiting: Array<() => void> = [];
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    stdout.push(...lines);
    waiting.splice(0).forEach((wake) => wake());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => waiting.splice(0).forEach((wake) => wake()));
  return {
    stdout,
    stderr: () => stderr,
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async untilLine(match) {
      while (!stdout.some(match)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the bot ended first: ${stderr}`);
        await new Promise<void>((wake) => waiting.push(wake));
      }
      return stdout;
    },
  };
}

/** A port another program listens on, on 127.0.0.1. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

const isJson = (line: string) => line.startsWith('{');
const entries = (lines: string[]) => lines.filter(isJson).map((line) => JSON.parse(line) as { message?: string; port?: number });

describe('npm start', () => {
  it('takes PORT from the .env file of its folder and, in development, says where to go next after "listening"', async () => {
    // A free port: taken for a moment, then released for the bot.
    const { port, server } = await occupiedPort();
    await new Promise((resolve) => server.close(resolve));
    writeFileSync(join(folder, '.env'), `PORT=${port}\nHOST=127.0.0.1\n`);
    const bot = startInFolder(START_FLAGS);
    try {
      const lines = await bot.untilLine((line) => line !== '' && !isJson(line));
      expect(entries(lines).find((e) => e.message === 'listening')).toMatchObject({ port });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      const plain = lines.filter((line) => line !== '' && !isJson(line));
      expect(plain).toHaveLength(1);
      expect(lines.indexOf(plain[0]!)).toBeGreaterThan(lines.findIndex((line) => isJson(line) && JSON.parse(line).message === 'listening'));
      expect(plain[0]).toContain(`http://localhost:${port}/api/messages`);
      expect(plain[0]).toContain('npm run playground');
      expect(plain[0]).toContain(`http://localhost:${port}/tab/hr`);
    } finally {
      await bot.stop();
    }
  });

  it('says in one line which port is taken and how to choose another, and exits with 1', async () => {
    const { port, server } = await occupiedPort();
    try {
      const bot = startInFolder(START_FLAGS, { PORT: String(port), HOST: '127.0.0.1' });
      expect(await bot.exited).toBe(1);
      const lines = bot.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`port ${port} is already in use`);
      expect(lines[0]).toContain(`PORT=${port + 1} npm start`);
      expect(bot.stdout.filter((line) => line !== '' && !isJson(line))).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("silences exactly restify's DEP0111 warning (restify 11 requires spdy, which requires http-deceiver)", async () => {
    expect(START_FLAGS).toEqual(['--disable-warning=DEP0111']);
    const { port, server } = await occupiedPort();
    try {
      // A start that fails at once on the busy port still loads restify.
      const run = async (flags: readonly string[]) => {
        const bot = startInFolder(flags, { PORT: String(port), HOST: '127.0.0.1' });
        await bot.exited;
        return bot.stderr();
      };
      expect(await run([])).toContain('[DEP0111]');
      expect(await run(START_FLAGS)).not.toContain('DEP0111');
      // Other deprecations still show.
      const other = spawnSync(process.execPath, [...START_FLAGS, '--eval', "process.emitWarning('gone', 'DeprecationWarning', 'DEP0999')"], { encoding: 'utf8' });
      expect(other.stderr).toContain('[DEP0999]');
    } finally {
      server.close();
    }
  });
});
