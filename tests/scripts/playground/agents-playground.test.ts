import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAgentsPlayground } from '../../../scripts/playground/agents-playground';

const reachable = (url: string) =>
  fetch(url).then(
    () => true,
    () => false,
  );

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe('the Agents Playground', () => {
  it('starts on a free port and stops', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-playground-'));
    const playground = await startAgentsPlayground({ endpoint: 'http://127.0.0.1:9/api/messages', cwd: dir });
    try {
      expect(playground.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(await reachable(playground.url)).toBe(true);
    } finally {
      await playground.stop();
    }
    expect(await reachable(playground.url)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'devTools'))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does not outlive a parent that is killed without stopping it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-playground-'));
    const parent = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'fixtures', 'start-playground.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        parent.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
        parent.once('exit', () => reject(new Error('the parent exited before the Playground listened')));
      });
      expect(await reachable(url)).toBe(true);
      parent.kill('SIGKILL');
      expect(await until(async () => !(await reachable(url)), 15_000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('retries, then says why it could not start', async () => {
    const missing = path.join(os.tmpdir(), `ew-no-such-dir-${process.pid}`);
    await expect(startAgentsPlayground({ endpoint: 'http://127.0.0.1:9/api/messages', cwd: missing, attempts: 2 })).rejects.toThrow(
      /^Agents Playground did not start: spawn .* ENOENT/,
    );
  });
});
