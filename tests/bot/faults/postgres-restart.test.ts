/**
 * PostgreSQL stopped and started again while managers keep clicking. The bot must say it is not
 * ready, answer turns with a retryable 503 (never a 200 for a turn it did not store), and recover
 * on its own once the database is back. This test runs its own PostgreSQL server, so stopping it
 * disturbs no other test file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseKey } from '../../../bot/crypto';
import { createTestDatabase } from '../../helpers/postgres/database';
import { startPostgresServer } from '../../helpers/postgres/server';
import type { PostgresServer } from '../../helpers/postgres/server';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { outcomeOf, postActivity, stepClick } from '../helpers/http-turns';
import type { Answer } from '../helpers/http-turns';
import { signalInputs } from '../helpers/ladder-inputs';
import { startHttpTestBot } from '../helpers/test-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { HttpTestBot } from '../helpers/test-bot';

describe.each(RUNTIMES)('on %s', (runtime) => {
  const dir = mkdtempSync(join(tmpdir(), 'ew-pg-restart-'));
  const keys = { NOTES_KEY: randomBytes(32).toString('base64'), CASE_KEY_SECRET: randomBytes(32).toString('base64') };
  let postgres: PostgresServer;
  let connector: ConnectorStub;
  let bot: HttpTestBot;

  beforeAll(async () => {
    postgres = await startPostgresServer();
    const database = await createTestDatabase('restart', postgres.url());
    connector = await startConnectorStub();
    bot = await startHttpTestBot(dir, { ...keys, DATABASE_URL: database.url, DATABASE_CONNECT_TIMEOUT_MS: '1000', DATABASE_STATEMENT_TIMEOUT_MS: '2000', ...runtimeEnv(runtime) });
  });

  afterAll(async () => {
    await bot?.close();
    await connector?.close();
    await postgres?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const readiness = async () => {
    const res = await fetch(`${bot.base}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string } };
  };

  /** Polls until `check` holds, at most `attempts` times, 100 ms apart; returns whether it did. */
  async function eventually(check: () => Promise<boolean>, attempts = 100): Promise<boolean> {
    for (let i = 0; i < attempts; i++) {
      if (await check()) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  describe('PostgreSQL stopped and restarted during traffic', () => {
    it('reports not ready, answers turns 503 (retryable) while it is down, and recovers by itself', async () => {
      const chat = { serviceUrl: connector.url, user: 'aad-restart' };
      const answers: Array<{ caseId: string; answer: Answer }> = [];
      let next = 0;
      const newCase = async () => {
        const caseId = `restart-${next++}`;
        const answer = await postActivity(bot.base, stepClick(chat, caseId, 0, 'RECORD_SIGNAL', signalInputs(new Date())));
        answers.push({ caseId, answer });
        return answer;
      };

      for (let i = 0; i < 5; i++) expect(outcomeOf(await newCase())).toEqual({ kind: 'recorded' });

      // Managers keep clicking while the database goes away and comes back.
      let clicking = true;
      const traffic = (async () => {
        while (clicking) {
          await newCase();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();

      await postgres.stop();
      expect(await readiness()).toEqual({ status: 503, body: { status: 'storeUnavailable' } });
      const duringOutage = await newCase();
      expect(duringOutage.status).toBe(503);
      expect(duringOutage.body).toEqual({ error: 'storeUnavailable' });
      expect(duringOutage.headers.get('retry-after')).toBe('5');

      await postgres.start();
      expect(await eventually(async () => (await readiness()).status === 200)).toBe(true);
      expect(outcomeOf(await newCase())).toEqual({ kind: 'recorded' });
      clicking = false;
      await traffic;

      // Every click was either recorded (200) or refused as retryable (503): none was silently lost.
      for (const { answer } of answers) {
        if (answer.status === 200) expect(outcomeOf(answer)).toEqual({ kind: 'recorded' });
        else expect({ status: answer.status, body: answer.body }).toEqual({ status: 503, body: { error: 'storeUnavailable' } });
      }
      expect(answers.filter((a) => a.answer.status === 503).length).toBeGreaterThan(0);

      // Every recorded click is in the store, whole; a refused one is absent or whole (its commit
      // may have landed just before the connection broke), so the Bot Connector's retry is safe.
      const { store } = bot;
      const hr = await store.hrLog();
      for (const { caseId, answer } of answers) {
        const row = await store.load(caseId);
        if (answer.status === 200) expect(row).toMatchObject({ revision: 1, step: 'signalConversation' });
        const hrRows = hr.filter((r) => r.caseKey === caseKey(Buffer.from(keys.CASE_KEY_SECRET, 'base64'), caseId));
        expect(hrRows).toHaveLength(row ? 1 : 0);
      }
      expect(await store.verifyAudit()).toMatchObject({ ok: true });
    });
  });
});
