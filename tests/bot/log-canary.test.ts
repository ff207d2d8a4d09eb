/**
 * Canary test for the logs: the production bot is driven over HTTP with canary strings in every
 * free-text field, in names, ids, tokens and token claims, and in its secrets — through accepted
 * turns, refused input, refused tokens and broken requests. Everything anything writes is captured
 * (the bot's logger, console, stdout, stderr) and no canary may appear in it.
 */
import { startBotFrameworkKeys } from './helpers/bot-framework-keys';
import { RUNTIMES, runtimeEnv } from './helpers/runtimes';
import type { BotFrameworkKeys } from './helpers/bot-framework-keys';
import { startConnectorStub } from './helpers/connector-stub';
import type { ConnectorStub } from './helpers/connector-stub';
import { captureProcessOutput } from './helpers/output-capture';
import { dayFrom, signalInputs } from './helpers/ladder-inputs';
import { startProductionBot } from './helpers/production-bot';
import type { ProductionBot } from './helpers/production-bot';
import { createLogger } from '../../bot/logger';
import { randomBytes, randomUUID } from 'node:crypto';

const APP_ID = '00000000-0000-4000-8000-0000000ca7a2';
const canary = (what: string) => `CANARY${what}${randomBytes(4).toString('hex')}`;
const C = {
  text: canary('text'),
  note: canary('note'),
  input: canary('input'),
  name: canary('name'),
  userId: canary('aad'),
  conversation: canary('conv'),
  claim: canary('claim'),
  // A tenant id must be a GUID and allowed to get past the tenant check; it must still never be logged.
  tenant: randomUUID(),
  forgedToken: canary('token'),
  password: canary('password'),
  json: canary('json'),
};
const NOTES_KEY = randomBytes(32);
const CASE_KEY_SECRET = randomBytes(32);

describe.each(RUNTIMES)('on %s', (runtime) => {
  let keys: BotFrameworkKeys;
  let connector: ConnectorStub;
  let production: ProductionBot;
  const captured: string[] = [];
  const signedTokens: string[] = [];

  function captureEverything(): void {
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
    }
    captureProcessOutput(captured);
  }

  beforeAll(async () => {
    captureEverything();
    connector = await startConnectorStub();
    keys = await startBotFrameworkKeys({ appId: APP_ID, serviceUrl: connector.url });
    production = await startProductionBot(APP_ID, keys, createLogger((line) => captured.push(line)), {
      MicrosoftAppPassword: C.password,
      NOTES_KEY: NOTES_KEY.toString('base64'),
      CASE_KEY_SECRET: CASE_KEY_SECRET.toString('hex'),
      MAX_BODY_BYTES: '8192',
      ALLOWED_TENANT_IDS: C.tenant,
      ...runtimeEnv(runtime),
    });
  });
  afterAll(async () => {
    await production.close();
    await connector.close();
    await keys.close();
    jest.restoreAllMocks();
  });

  let sequence = 0;
  function activity(extra: Record<string, unknown>): Record<string, unknown> {
    sequence += 1;
    return {
      channelId: 'msteams',
      serviceUrl: connector.url,
      id: `incoming-${sequence}`,
      conversation: { id: `a:${C.conversation}`, conversationType: 'personal', name: C.name, tenantId: C.tenant },
      from: { id: `29:${C.userId}`, aadObjectId: C.userId, name: C.name },
      recipient: { id: `28:${APP_ID}`, name: C.name },
      locale: 'nl-NL',
      entities: [{ type: 'mention', text: C.text, mentioned: { id: C.userId, name: C.name } }],
      channelData: { tenant: { id: C.tenant }, note: C.note },
      ...extra,
    };
  }

  const execute = (data: Record<string, unknown>) =>
    activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: typeof data.event === 'string' ? data.event : 'x', data }, trigger: 'manual' } });

  async function post(body: unknown, authorization?: string, contentType = 'application/json'): Promise<number> {
    const token = authorization ?? `Bearer ${await keys.token()}`;
    signedTokens.push(token);
    const res = await fetch(`http://127.0.0.1:${production.bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: token },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  }


  describe('log canaries', () => {
    it('no free text, name, id, token or secret reaches any log output', async () => {
      // The bot runs on the real clock: dates near today, so no reminder falls due during the test.
      const today = new Date();
      const SIGNAL = signalInputs(today);
      const statuses = [
        // Accepted turns: a question, a new case with a note, its next step with a note, a Submit fallback.
        await post(activity({ type: 'message', text: `wat moet ik doen? ${C.text}` })),
        await post(execute({ ew: 1, kind: 'step', caseId: 'canarycase1', revision: 0, event: 'RECORD_SIGNAL', ...SIGNAL, note: C.note, extra: C.input })),
        await post(execute({ ew: 1, kind: 'step', mv: 2, caseId: 'canarycase1', revision: 1, event: 'RECORD_CONVERSATION', listened: 'true', approachAgreed: 'true', note: C.note })),
        await post(activity({ type: 'message', value: { ew: 1, kind: 'step', mv: 2, caseId: 'canarycase1', revision: 2, event: 'ADDRESS_PREPARED', plannedOn: dayFrom(today, 1), note: C.note }, replyToId: 'card-1' })),
        // Refused input: free text where codes belong, a stale click, someone else's case, garbage payloads.
        await post(execute({ ew: 1, kind: 'step', caseId: 'canarycase2', revision: 0, event: 'RECORD_SIGNAL', ...SIGNAL, source: C.input, orgUnit: C.input, note: C.note })),
        await post(execute({ ew: 1, kind: 'step', mv: 2, caseId: 'canarycase1', revision: 1, event: 'RECORD_CONVERSATION', note: C.note })),
        await post({ ...execute({ ew: 1, kind: 'open', caseId: 'canarycase1' }), from: { id: '29:other', aadObjectId: 'other-user', name: C.name } }),
        await post(execute({ ew: 1, kind: C.input, caseId: C.input, note: C.note })),
        await post(activity({ type: 'message', value: C.input })),
        await post(activity({ type: 'message', text: 'x'.repeat(100) + C.text, attachments: [{ contentType: 'text/plain', content: C.text.repeat(400) }] })),
        // Refused tokens, with canaries in the claims and in the header.
        await post(activity({ type: 'message', text: C.text }), `Bearer ${await keys.token({ aud: C.claim })}`),
        await post(activity({ type: 'message', text: C.text }), `Bearer ${await keys.token({ serviceurl: C.claim })}`),
        await post(activity({ type: 'message', text: C.text }), `Bearer ${await keys.token({ iss: C.claim })}`),
        await post(activity({ type: 'message', text: C.text }), `Bearer ${await keys.token({ exp: 1_000_000 })}`),
        await post(activity({ type: 'message', text: C.text }), `Bearer ${C.forgedToken}`),
        await post(activity({ type: 'message', text: C.text }), `${C.forgedToken} ${C.forgedToken}`),
        // Broken requests.
        await post(`{"type": "message", "text": "${C.json}"`),
        await post(C.json, undefined, 'text/plain'),
        await post(JSON.stringify({ type: 42, text: C.json })),
      ];
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(statuses.slice(10, 16)).toEqual([401, 401, 401, 401, 401, 401]);
      expect(await production.store.load('canarycase1')).toMatchObject({ revision: 3 });

      const output = captured.join('\n');
      // The capture works: request lines and refusals were logged.
      expect(output).toContain('"message":"request"');
      expect(output).toContain('"reason":"wrongAudience"');
      expect(output).toContain('"message":"authentication refused"');

      const secrets = [C.password, NOTES_KEY.toString('base64'), NOTES_KEY.toString('hex'), CASE_KEY_SECRET.toString('base64'), CASE_KEY_SECRET.toString('hex')];
      const tokens = signedTokens.map((header) => header.replace(/^Bearer /, ''));
      for (const leak of [...Object.values(C), ...secrets, ...tokens]) expect(output).not.toContain(leak);
      expect(output).not.toMatch(/CANARY/);
    });
  });
});
