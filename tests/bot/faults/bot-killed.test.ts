/**
 * The bot process killed with SIGKILL in the middle of a stream of turns, on either store: after
 * a restart, every turn it answered 200 is stored, no case is half-written and the audit chain
 * verifies.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseKey } from '../../../bot/crypto';
import type { CaseStore } from '../../../bot/store/case-store';
import { openPostgresStore } from '../../../bot/store/postgres';
import { openSqliteStore, sqliteFileIn } from '../../../bot/store/sqlite';
import { createTestDatabase } from '../../helpers/postgres/database';
import type { TestDatabase } from '../../helpers/postgres/database';
import { startBotProcess } from '../helpers/bot-process';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { outcomeOf, postActivity, stepClick } from '../helpers/http-turns';
import { firstFourSteps } from '../helpers/ladder-inputs';
import { runtimeEnv } from '../helpers/runtimes';
import type { Runtime } from '../helpers/runtimes';

const STREAMS = 4;
const KILL_AFTER = 40;
const keys = { notesKey: randomBytes(32), caseKeySecret: randomBytes(32) };
const dataDir = mkdtempSync(join(tmpdir(), 'ew-killed-'));
let connector: ConnectorStub;
let database: TestDatabase;

beforeAll(async () => {
  connector = await startConnectorStub();
  database = await createTestDatabase('killed');
});

afterAll(async () => {
  await connector.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const stores = {
  sqlite: {
    env: () => ({}),
    open: (dir: string) => openSqliteStore({ file: sqliteFileIn(dir), ...keys }),
  },
  postgres: {
    env: () => ({ DATABASE_URL: database.url }),
    open: (_dir: string) => openPostgresStore({ connectionString: database.url, ...keys }),
  },
};

/**
 * What a kill leaves behind is the store's business: botbuilder runs on both stores, the Agents
 * runtime (which only carries the turns differently) on SQLite, to keep the suite's time down.
 */
const RUNS: Array<[keyof typeof stores, Runtime]> = [
  ['sqlite', 'botbuilder'],
  ['postgres', 'botbuilder'],
  ['sqlite', 'agents'],
];

describe.each(RUNS)('the bot killed with SIGKILL during a stream of turns (%s, %s)', (kind, runtime) => {
  it('keeps every turn it answered 200 and no half-written case; the audit chain verifies after a restart', async () => {
    // A data folder per run: the audit chain is checked whole, so SQLite runs must not share a file.
    const runDir = mkdtempSync(join(dataDir, `${runtime}-`));
    const env = {
      ...stores[kind].env(),
      DATA_DIR: runDir,
      NOTES_KEY: keys.notesKey.toString('base64'),
      CASE_KEY_SECRET: keys.caseKeySecret.toString('base64'),
      ...runtimeEnv(runtime),
    };
    const bot = await startBotProcess(env);
    // The process runs on the real clock: dates near today schedule nothing due during the test.
    const steps = firstFourSteps(new Date());
    const acknowledged = new Map<string, number>();
    const users = Array.from({ length: STREAMS }, (_, s) => `aad-killed-${kind}-${s}`);

    // Each stream walks new cases through the first four steps until the bot is gone.
    const stream = async (user: string) => {
      const chat = { serviceUrl: connector.url, user };
      for (let n = 0; ; n++) {
        const caseId = `${user}-case-${n}`;
        for (const [revision, { event, inputs }] of steps.entries()) {
          const answer = await postActivity(bot.base, stepClick(chat, caseId, revision, event, inputs)).catch(() => null);
          if (!answer) return;
          expect(outcomeOf(answer)).toEqual({ kind: 'recorded' });
          acknowledged.set(caseId, revision + 1);
          if (acknowledged.size * 2 >= KILL_AFTER && bot.child.exitCode === null) bot.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(users.map(stream));
    expect((await bot.exited).signal).toBe('SIGKILL');

    const restarted = await startBotProcess(env);
    try {
      expect((await fetch(`${restarted.base}/readyz`)).status).toBe(200);
      const store: CaseStore = await stores[kind].open(runDir);
      try {
        for (const [caseId, revision] of acknowledged) expect((await store.load(caseId))!.revision).toBeGreaterThanOrEqual(revision);
        // Whatever was stored is whole: one HR row per revision, one audit row per revision plus the
        // creation, and one per manager for the unit their first signal set (bot/settings/).
        const hr = await store.hrLog();
        let expectedAuditRows = 0;
        for (const user of users) {
          const rows = await store.listByOwner(user, 500);
          if (rows.length > 0) expectedAuditRows += 1;
          for (const row of rows) {
            expect(hr.filter((r) => r.caseKey === caseKey(keys.caseKeySecret, row.id))).toHaveLength(row.revision);
            expectedAuditRows += row.revision + 1;
          }
        }
        expect(await store.verifyAudit()).toEqual({ ok: true, rows: expectedAuditRows });
        // And the restarted bot takes turns again.
        const first = steps[0]!;
        const answer = await postActivity(restarted.base, stepClick({ serviceUrl: connector.url, user: users[0]! }, `${users[0]}-after`, 0, first.event, first.inputs));
        expect(outcomeOf(answer)).toEqual({ kind: 'recorded' });
      } finally {
        await store.close();
      }
    } finally {
      await restarted.stop();
    }
  });
});
