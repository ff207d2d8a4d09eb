/**
 * Starts and stops the Microsoft 365 Agents Playground (`agentsplayground`, a local Teams-like
 * client) offline and without telemetry. Facts it is built on (0.2.28):
 * - it moves to a random port when the asked one is busy, so the port is read from its
 *   `Listening on N` line (port 0 asks for a random one straight away);
 * - it writes its logs to `./devTools/` of its working directory, so it runs in a folder of ours;
 * - it connects to the bot when a browser opens it, so the bot must be up first.
 * The Playground exits with the process that started it, also when that one is killed without
 * stopping it (exit-with-parent.cjs).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot } from '../../content/load';

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  /** Working directory: the Playground writes devTools/ logs here. */
  cwd: string;
  /** 0 (default) for any free port. */
  port?: number;
  /** Starts to try before giving up (it occasionally fails to come up on a busy machine). */
  attempts?: number;
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** The address to open in a browser. */
  url: string;
  stop(): Promise<void>;
}

const LISTENING = /Listening on (\d+)/;
/** Works from the sources and from dist/: the preload stays in the project's scripts/playground. */
const EXIT_WITH_PARENT = path.join(projectRoot(__dirname), 'scripts', 'playground', 'exit-with-parent.cjs');
const OUTPUT_LIMIT = 20_000;

function playgroundCli(): string {
  const manifestFile = require.resolve('@microsoft/m365agentsplayground/package.json');
  const { bin } = JSON.parse(readFileSync(manifestFile, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestFile), bin.agentsplayground!);
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  if (!(await exited(child, 5000))) {
    child.kill('SIGKILL');
    await exited(child, 5000);
  }
}

async function startOnce(options: PlaygroundOptions, timeoutMs: number): Promise<RunningPlayground> {
  const child = spawn(
    process.execPath,
    ['--require', EXIT_WITH_PARENT, playgroundCli(), '--app-endpoint', options.endpoint, '--channel-id', 'msteams', '--port', String(options.port ?? 0), '--disable-telemetry'],
    {
      cwd: options.cwd,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const record = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stderr.on('data', record);

  const stop = () => stopChild(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Listening on" within ${timeoutMs} ms`)), timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        record(chunk);
        const match = LISTENING.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with code ${code} before listening`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return { url: `http://localhost:${port}`, stop };
  } catch (error) {
    await stop();
    // Not `instanceof Error`: errors from child_process may come from another realm (jest).
    const reason = typeof (error as Error | undefined)?.message === 'string' ? (error as Error).message : String(error);
    throw new Error(`Agents Playground did not start: ${reason}\n${output}`);
  }
}

export async function startAgentsPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const attempts = options.attempts ?? 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await startOnce(options, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
