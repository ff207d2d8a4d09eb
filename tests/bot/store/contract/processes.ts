/** The store contract across processes: a killed writer loses nothing it acknowledged, racers lose no update. */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { caseKey } from '../../../../bot/crypto';
import type { HarnessFactory } from '../fixtures/harness';
import { newKeys, OWNER, turnFor } from '../fixtures/store';

const WORKER = join(__dirname, '..', 'fixtures', 'commit-worker.ts');

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

export function processesContract(newHarness: HarnessFactory): void {
  const keys = newKeys();

  function startWorker(workerEnv: Record<string, string>, env: Record<string, string>): ChildProcess {
    return fork(WORKER, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...workerEnv,
        WORKER_NOTES_KEY: keys.notesKey.toString('hex'),
        WORKER_CASE_KEY_SECRET: keys.caseKeySecret.toString('hex'),
        ...env,
      },
    });
  }

  describe('durability and isolation across processes', () => {
    it('keeps every acknowledged commit and no half-written turn when the writer is killed with SIGKILL', async () => {
      const harness = await newHarness('killed');
      // Create the schema first so the kill lands in the stream of commits, not in the migrations.
      await (await harness.open(keys)).close();

      const child = startWorker(harness.workerEnv, { WORKER_MODE: 'stream', WORKER_CASES: '4' });
      const acknowledged = new Map<string, number>();
      const exit = exited(child);
      child.on('message', (message: { caseId: string; revision: number }) => {
        acknowledged.set(message.caseId, Math.max(acknowledged.get(message.caseId) ?? 0, message.revision));
        if ([...acknowledged.values()].reduce((a, b) => a + b, 0) >= 60) child.kill('SIGKILL');
      });
      expect((await exit).signal).toBe('SIGKILL');
      expect(acknowledged.size).toBe(4);

      const store = await harness.open(keys);
      try {
        for (const [caseId, revision] of acknowledged) {
          const row = await store.load(caseId);
          expect(row!.revision).toBeGreaterThanOrEqual(revision);
          // One note, one HR row and one audit row per revision: a turn is all there or not at all.
          expect(await store.readNotes(caseId, OWNER)).toHaveLength(row!.revision);
          const hrRows = (await store.hrLog()).filter((r) => r.caseKey === caseKey(keys.caseKeySecret, caseId));
          expect(hrRows).toHaveLength(row!.revision);
          const [audit] = await harness.rows<{ n: number | string }>(
            `SELECT count(*) AS n FROM audit WHERE case_id = '${caseId}' AND action IN ('create', 'transition')`,
          );
          expect(Number(audit!.n)).toBe(row!.revision);
        }
        expect(await store.verifyAudit()).toMatchObject({ ok: true });
      } finally {
        await store.close();
        await harness.dispose();
      }
    });

    it('loses no update when two processes race read-modify-write on the same case', async () => {
      const harness = await newHarness('race');
      const store = await harness.open(keys);
      await store.commit(turnFor('shared', null, { snapshot: { value: 'signalConversation', context: { counter: 0 }, status: 'active' }, notes: [], hrLog: [] }));

      const iterations = 100;
      const workers = [0, 1].map(() => startWorker(harness.workerEnv, { WORKER_MODE: 'race', WORKER_ITERATIONS: String(iterations) }));
      const exits = workers.map(exited);
      const nextMessage = <T>(child: ChildProcess, index: number) =>
        Promise.race([
          new Promise<T>((resolve) => child.once('message', resolve)),
          exits[index]!.then((exit) => Promise.reject(new Error(`worker ended early (${exit.code})`))),
        ]);
      try {
        await Promise.all(workers.map((child, index) => nextMessage<{ ready: true }>(child, index)));
        const done = workers.map((child, index) => nextMessage<{ wins: number; conflicts: number }>(child, index));
        for (const child of workers) child.send('go');
        const reports = await Promise.all(done);
        expect((await Promise.all(exits)).map((e) => e.code)).toEqual([0, 0]);

        const wins = reports.reduce((sum, r) => sum + r.wins, 0);
        expect(wins).toBe(2 * iterations);
        const row = await store.load('shared');
        expect(row!.snapshot.context).toEqual({ counter: wins });
        expect(row!.revision).toBe(1 + wins);
        expect(await store.verifyAudit()).toEqual({ ok: true, rows: 1 + wins });
      } finally {
        await store.close();
        await harness.dispose();
      }
    });
  });
}
