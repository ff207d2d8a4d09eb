import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../bot/app';
import { silentLogger } from '../../bot/logger';
import type { RunningServer } from '../../bot/server';
import { openSqliteStore, sqliteFileIn } from '../../bot/store/sqlite';
import type { CaseStore } from '../../bot/store/case-store';
import { loadContent } from '../../content/load';
import { startConnectorStub } from './helpers/connector-stub';
import type { ConnectorStub } from './helpers/connector-stub';
import { testConfig } from './helpers/test-bot';
import { RUNTIMES, runtimeEnv } from './helpers/runtimes';

const ROOT = join(__dirname, '../..');

describe.each(RUNTIMES)('on %s', (runtime) => {
  let dir: string;
  let store: CaseStore;
  let bot: RunningServer;
  let connector: ConnectorStub;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ew-http-'));
    const config = testConfig(dir, { MAX_BODY_BYTES: '4096', ...runtimeEnv(runtime) });
    store = await openSqliteStore({ file: sqliteFileIn(dir), notesKey: config.notesKey, caseKeySecret: config.caseKeySecret });
    bot = await startBot({ config, store, log: silentLogger });
    connector = await startConnectorStub();
    base = `http://127.0.0.1:${bot.port}`;
  });

  afterAll(async () => {
    await bot.close();
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => connector.calls.splice(0));

  const activity = (extra: Record<string, unknown>) => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: 'a:conv-1', conversationType: 'personal' },
    from: { id: '29:user-1', aadObjectId: 'user-1', name: 'Manager' },
    recipient: { id: '28:bot', name: 'Escalatiewijzer' },
    id: 'incoming-1',
    locale: 'nl-NL',
    ...extra,
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body });

  describe('the bot over HTTP', () => {
    it('answers a command through the Bot Connector', async () => {
      const res = await post(JSON.stringify(activity({ type: 'message', text: 'help' })));
      expect(res.status).toBe(200);
      // A typing indicator first, then the answer, both as replies to the message.
      expect(connector.calls.map((c) => c.body.type)).toEqual(['typing', 'message']);
      // botbuilder escapes the ':' of the conversation id in the path, the Agents SDK does not: both are the same path.
      expect(connector.calls.map((c) => decodeURIComponent(c.path))).toEqual(Array(2).fill('/v3/conversations/a:conv-1/activities/incoming-1'));
      expect(JSON.stringify(connector.calls[1]!.body)).toContain(loadContent('nl').ui.help.title);
    });

    it('returns the invoke response of a card action in the HTTP body', async () => {
      const res = await post(
        JSON.stringify(
          activity({
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb: 'ADDRESS_HELD', data: { ew: 1, kind: 'step', caseId: 'fresh-case', revision: 0, event: 'ADDRESS_HELD' } } },
          }),
        ),
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(JSON.stringify(body.value)).toContain(loadContent('nl').ui.errors.notAllowedHere.title);
      expect(await store.load('fresh-case')).toBeNull();
    });

    it('refuses an oversized body with 413 and processes nothing', async () => {
      const res = await post(JSON.stringify(activity({ type: 'message', text: 'x'.repeat(10_000) })));
      expect(res.status).toBe(413);
      expect(connector.calls).toEqual([]);
    });

    it.each([
      ['text/plain', 'help', 415],
      ['application/json', '{"type": "message",', 400],
      ['application/json', '[1,2,3]', 400],
    ])('refuses a non-JSON activity (%s %s) with %i', async (contentType, body, status) => {
      const res = await post(body, contentType);
      expect(res.status).toBe(status);
      expect(await res.text()).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(connector.calls).toEqual([]);
    });

    it('ignores unknown activity types', async () => {
      const res = await post(JSON.stringify(activity({ type: 'somethingNew', value: { a: 1 } })));
      expect(res.status).toBeLessThan(300);
      expect(connector.calls).toEqual([]);
    });

    it('reports health and readiness', async () => {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    });
  });

  describe('starting the bot', () => {
    const start = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot/main.ts')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'ew-start-')), PORT: '0', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });

    it('refuses to start in production without credentials and says what is missing', () => {
      const result = start({ NODE_ENV: 'production' });
      expect(result.status).toBe(1);
      for (const name of ['MicrosoftAppId', 'MicrosoftAppPassword', 'NOTES_KEY', 'CASE_KEY_SECRET', 'PUBLIC_BASE_URL', 'ALLOWED_TENANT_IDS']) expect(result.stderr).toContain(name);
    });

    it('refuses a malformed key', () => {
      const result = start({ NOTES_KEY: 'too-short', CASE_KEY_SECRET: 'also-short' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('NOTES_KEY must be 32 bytes');
    });
  });
});
