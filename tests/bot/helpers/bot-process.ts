/**
 * The bot as its own process (`node --import tsx bot/main.ts`), as it runs in production: for
 * tests with several instances, for killing it and for what start-up prints.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { movedClockEnvironment } from '../../../bench/processes';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * node's arguments that run the bot from source in any working folder: tsx by its absolute path,
 * as `--import tsx` resolves from the working folder.
 */
export const BOT_FROM_SOURCE: readonly string[] = ['--import', pathToFileURL(require.resolve('tsx')).href, join(ROOT, 'bot', 'main.ts')];

export interface BotProcess {
  base: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (a graceful stop) and wait for the exit. */
  stop(): Promise<void>;
}

/** Starts the bot on a free port of 127.0.0.1 with `env` (DATA_DIR, DATABASE_URL, keys, …). */
export function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  // A working folder of its own: a developer's `.env` in the repository must not reach the test's bot.
  const workDir = mkdtempSync(join(tmpdir(), 'ew-bot-cwd-'));
  const child = spawn(process.execPath, BOT_FROM_SOURCE, {
    cwd: workDir,
    // A clock moved for the whole run (faketime) moves the bot's too: the test computes its dates.
    env: { ...movedClockEnvironment(), PATH: process.env.PATH ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(workDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        const entry = line.startsWith('{') ? (JSON.parse(line) as { message?: string; port?: number }) : {};
        if (entry.message === 'listening' && entry.port) {
          resolve({
            base: `http://127.0.0.1:${entry.port}`,
            child,
            exited,
            async stop() {
              if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
              await exited;
            },
          });
        }
      }
    });
    void exited.then(({ code, signal }) => reject(new Error(`bot exited before listening (${code ?? signal}): ${stderr}`)));
  });
}
