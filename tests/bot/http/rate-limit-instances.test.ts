/**
 * Rate limits on two instances of the bot behind one (imagined) load balancer, sharing one
 * PostgreSQL database: each counts in its own memory, so the configured limits are the budget of
 * the whole service and INSTANCE_COUNT gives each instance its share (bot/http/rate-limit.ts).
 * The clock is the test's: no token comes back while a test runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../../bot/app';
import { silentLogger } from '../../../bot/logger';
import type { RunningServer } from '../../../bot/server';
import { postgresHarness } from '../store/fixtures/harness';
import type { StoreHarness } from '../store/fixtures/harness';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { activityFrom, postActivity } from '../helpers/http-turns';
import { testConfig } from '../helpers/test-bot';

let connector: ConnectorStub;
let harness: StoreHarness;
const dir = mkdtempSync(join(tmpdir(), 'ew-limits-'));

beforeAll(async () => {
  connector = await startConnectorStub();
  harness = await postgresHarness('rate-limit-instances');
});
afterAll(async () => {
  await connector.close();
  await harness.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Two instances with the same settings on the one database, as a deployment runs them. */
async function twoInstances(env: Record<string, string>): Promise<{ bases: string[]; close(): Promise<void> }> {
  const config = testConfig(dir, env);
  const keys = { notesKey: config.notesKey, caseKeySecret: config.caseKeySecret };
  const now = () => new Date('2026-11-24T09:00:00.000Z');
  const bots: RunningServer[] = [];
  for (let i = 0; i < 2; i++) bots.push(await startBot({ config, store: await harness.open(keys), log: silentLogger, now }));
  return {
    bases: bots.map((bot) => `http://127.0.0.1:${bot.port}`),
    close: async () => void (await Promise.all(bots.map((bot) => bot.close()))),
  };
}

const help = (user: string) => activityFrom({ serviceUrl: connector.url, user }, { type: 'message', text: 'help' });

/** `count` requests spread over the instances in turn, as a round-robin load balancer does. */
async function roundRobin(bases: string[], count: number, activity: (i: number) => Record<string, unknown>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await postActivity(bases[i % bases.length]!, activity(i))).status);
  return statuses;
}

describe('rate limits on two instances', () => {
  it('with INSTANCE_COUNT=2 allow one user the configured limit in all, not twice it', async () => {
    const { bases, close } = await twoInstances({ RATE_LIMIT_PER_USER_PER_MINUTE: '4', INSTANCE_COUNT: '2' });
    try {
      expect(await roundRobin(bases, 6, () => help('busy-user'))).toEqual([200, 200, 200, 200, 429, 429]);
      // Another user has their own budget on both instances.
      expect(await roundRobin(bases, 2, () => help('calm-user'))).toEqual([200, 200]);
    } finally {
      await close();
    }
  });

  it('with INSTANCE_COUNT=2 let the configured global limit through in all', async () => {
    const { bases, close } = await twoInstances({ RATE_LIMIT_GLOBAL_PER_SECOND: '4', INSTANCE_COUNT: '2' });
    try {
      expect(await roundRobin(bases, 6, (i) => help(`user-${i}`))).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await close();
    }
  });

  it('without INSTANCE_COUNT allow twice the limit: why a deployment of several instances must set it', async () => {
    const { bases, close } = await twoInstances({ RATE_LIMIT_PER_USER_PER_MINUTE: '4' });
    try {
      expect(await roundRobin(bases, 10, () => help('busy-user'))).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await close();
    }
  });
});
