/**
 * Bot Framework authentication in production mode, proven offline on both runtimes: the OpenID
 * metadata setting points at a local key server, tokens carry real RS256 signatures, and every
 * wrong token is refused with 401 before anything is processed or stored — with the same reason
 * code whether botbuilder (FailClosedAuthentication) or the Agents runtime (jose) refused it.
 */
import { createLogger } from '../../../bot/logger';
import type { RunningServer } from '../../../bot/server';
import type { CaseStore } from '../../../bot/store/case-store';
import { OUTBOUND_TOKEN, startBotFrameworkKeys } from '../helpers/bot-framework-keys';
import type { BotFrameworkKeys } from '../helpers/bot-framework-keys';
import { startConnectorStub } from '../helpers/connector-stub';
import { stepClick, TEST_TENANT_ID } from '../helpers/http-turns';
import { signalInputs } from '../helpers/ladder-inputs';
import type { ConnectorStub } from '../helpers/connector-stub';
import { startProductionBot } from '../helpers/production-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';
import type { ProductionBot } from '../helpers/production-bot';

const APP_ID = '00000000-0000-4000-8000-00000000b07a';
const USER_LIMIT = 5;

describe.each(RUNTIMES)('on %s', (runtime) => {
  let production: ProductionBot;
  let keys: BotFrameworkKeys;
  let connector: ConnectorStub;
  let store: CaseStore;
  let bot: RunningServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    connector = await startConnectorStub();
    keys = await startBotFrameworkKeys({ appId: APP_ID, serviceUrl: connector.url });
    production = await startProductionBot(APP_ID, keys, createLogger((line) => logLines.push(line)), { RATE_LIMIT_PER_USER_PER_MINUTE: String(USER_LIMIT), ...runtimeEnv(runtime) });
    ({ store, bot } = production);
  });

  afterAll(async () => {
    await production.close();
    await connector.close();
    await keys.close();
  });

  beforeEach(() => {
    connector.calls.splice(0);
    logLines.splice(0);
    // The SDKs print refused tokens' errors themselves; keep the test output readable.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  /** A manager records a signal with Action.Execute: what an accepted token turns into a case. */
  const recordSignal = (user: string, caseId: string, channelId = 'msteams') => ({
    ...stepClick({ serviceUrl: connector.url, user }, caseId, 0, 'RECORD_SIGNAL', signalInputs(new Date())),
    channelId,
  });

  const post = (activity: unknown, authorization?: string) =>
    fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });

  const refusals = () => logLines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'authentication refused');

  describe('Bot Framework authentication in production', () => {
    it('accepts a correctly signed token: the turn runs, the case is stored, the reply goes out authenticated', async () => {
      const res = await post(recordSignal('user-accepted', 'case-accepted'), `Bearer ${await keys.token()}`);

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(await store.load('case-accepted')).toMatchObject({ ownerId: 'user-accepted', revision: 1, step: 'signalConversation' });
      expect(connector.calls).toHaveLength(1);
      expect(connector.calls[0]!.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
      expect(keys.keyFetches).toBeGreaterThanOrEqual(1);
      expect(refusals()).toEqual([]);
    });

    const now = () => Math.floor(Date.now() / 1000);
    const DAY = 24 * 60 * 60;

    it('accepts a token that lives exactly 24 hours, and one with only exp that ends within 24 hours', async () => {
      const start = now() - 60;
      expect((await post(recordSignal('user-24h', 'case-24h'), `Bearer ${await keys.token({ nbf: start, iat: start, exp: start + DAY })}`)).status).toBe(200);
      expect((await post(recordSignal('user-exp-only', 'case-exp-only'), `Bearer ${await keys.token({ nbf: undefined, iat: undefined, exp: now() + 3600 })}`)).status).toBe(200);
      expect(await store.load('case-24h')).toMatchObject({ ownerId: 'user-24h' });
      expect(await store.load('case-exp-only')).toMatchObject({ ownerId: 'user-exp-only' });
      expect(refusals()).toEqual([]);
    });
    const cases: Array<[string, () => Promise<string | undefined>, string, string]> = [
      ['no Authorization header', async () => undefined, 'missingToken', 'msteams'],
      ['another scheme than Bearer', async () => `Basic ${Buffer.from('bot:secret').toString('base64')}`, 'untrustedToken', 'msteams'],
      ['a bearer value that is no JWT', async () => 'Bearer not-a-token', 'untrustedToken', 'msteams'],
      ['an unsigned token (alg none)', async () => `Bearer ${keys.unsignedToken()}`, 'badSignature', 'msteams'],
      ['an HS256 token keyed with the public key (algorithm confusion)', async () => `Bearer ${await keys.publicKeyHmacToken()}`, 'badSignature', 'msteams'],
      ['an expired token', async () => `Bearer ${await keys.token({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 600 })}`, 'expired', 'msteams'],
      ['a token not valid yet', async () => `Bearer ${await keys.token({ nbf: now() + 3600 })}`, 'expired', 'msteams'],
      ['a token for another bot (audience)', async () => `Bearer ${await keys.token({ aud: 'another-bot-app-id' })}`, 'wrongAudience', 'msteams'],
      ['a token without audience', async () => `Bearer ${await keys.token({ aud: undefined })}`, 'wrongAudience', 'msteams'],
      ['a token from another issuer', async () => `Bearer ${await keys.token({ iss: 'https://sts.example.invalid/' })}`, 'untrustedToken', 'msteams'],
      ['a token signed with another key under the trusted key id', async () => `Bearer ${await keys.token({}, { key: 'foreign' })}`, 'badSignature', 'msteams'],
      ['a token signed with an unknown key', async () => `Bearer ${await keys.token({}, { key: 'foreign', kid: 'attacker-key' })}`, 'unknownSigningKey', 'msteams'],
      ['a token for another serviceUrl', async () => `Bearer ${await keys.token({ serviceurl: 'https://smba.example.invalid/emea/' })}`, 'serviceUrlMismatch', 'msteams'],
      ['a token without serviceurl claim', async () => `Bearer ${await keys.token({ serviceurl: undefined })}`, 'serviceUrlMismatch', 'msteams'],
      ['a Teams-endorsed key used for another channel', async () => `Bearer ${await keys.token()}`, 'invalidToken', 'webchat'],
      // botbuilder checks `exp` only when the token has one; FailClosedAuthentication requires it.
      ['a token without exp', async () => `Bearer ${await keys.token({ exp: undefined })}`, 'noExpiry', 'msteams'],
      ['a token without exp, nbf and iat', async () => `Bearer ${await keys.token({ exp: undefined, nbf: undefined, iat: undefined })}`, 'noExpiry', 'msteams'],
      ['a token whose lifetime (exp − nbf) is over 24 hours', async () => `Bearer ${await keys.token({ iat: now() - 60, nbf: now() - 60, exp: now() + DAY })}`, 'lifetimeTooLong', 'msteams'],
      ['a token whose lifetime (exp − iat, no nbf) is over 24 hours', async () => `Bearer ${await keys.token({ nbf: undefined, iat: now() - 3600, exp: now() + DAY - 1800 })}`, 'lifetimeTooLong', 'msteams'],
      ['a token without nbf and iat that is valid for over 24 hours from now', async () => `Bearer ${await keys.token({ nbf: undefined, iat: undefined, exp: now() + DAY + 600 })}`, 'lifetimeTooLong', 'msteams'],
    ];

    it.each(cases)('refuses %s with 401, processes and stores nothing', async (name, authorization, reason, channelId) => {
      const user = `user-${name.replace(/\W+/g, '-')}`;
      const caseId = `case-${name.replace(/\W+/g, '-')}`.slice(0, 64);
      const hrRowsBefore = (await store.hrLog()).length;
      const res = await post(recordSignal(user, caseId, channelId), await authorization());

      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'unauthorized' });
      expect(connector.calls).toEqual([]);
      expect(await store.load(caseId)).toBeNull();
      expect(await store.listByOwner(user)).toEqual([]);
      expect(await store.conversationRef(user)).toBeNull();
      expect(await store.hrLog()).toHaveLength(hrRowsBefore);
      expect(refusals()).toEqual([expect.objectContaining({ level: 'warn', reason })]);
    });

    it('forged requests in a colleague’s name do not use up their rate limit', async () => {
      for (let i = 0; i <= USER_LIMIT; i += 1) {
        expect((await post(recordSignal('victim', `forged-${i}`), `Bearer ${keys.unsignedToken()}`)).status).toBe(401);
      }
      const res = await post(recordSignal('victim', 'victim-case'), `Bearer ${await keys.token()}`);
      expect(res.status).toBe(200);
      expect(await store.load('victim-case')).toMatchObject({ ownerId: 'victim' });
    });
  });

  describe('the tenant of an activity, after its token is accepted', () => {
    const OTHER_TENANT = '0b1ec7ed-0000-4000-8000-000000000002';
    const tenantRefusals = () => logLines.map((line) => JSON.parse(line)).filter((entry) => entry.message === 'tenant refused');
    /** `recordSignal`, with the tenant Teams names in channelData and in the conversation replaced. */
    const fromTenant = (user: string, caseId: string, tenant: { channelData?: string; conversation?: string }) => {
      const activity: Record<string, unknown> = recordSignal(user, caseId);
      return {
        ...activity,
        conversation: { ...(activity.conversation as object), tenantId: tenant.conversation },
        channelData: tenant.channelData === undefined ? {} : { tenant: { id: tenant.channelData } },
      };
    };

    it('takes an allowed tenant however Teams capitalises it', async () => {
      const upper = TEST_TENANT_ID.toUpperCase();
      const res = await post(fromTenant('user-upper-tenant', 'case-upper-tenant', { channelData: upper, conversation: upper }), `Bearer ${await keys.token()}`);
      expect(res.status).toBe(200);
      expect(await store.load('case-upper-tenant')).toMatchObject({ ownerId: 'user-upper-tenant' });
    });

    it.each([
      ['another tenant', { channelData: OTHER_TENANT, conversation: OTHER_TENANT }, 'otherTenant'],
      ['channelData and conversation naming different tenants', { channelData: TEST_TENANT_ID, conversation: OTHER_TENANT }, 'tenantMismatch'],
      ['the conversation naming another tenant than an allowed channelData', { channelData: OTHER_TENANT, conversation: TEST_TENANT_ID }, 'tenantMismatch'],
      ['no tenant in channelData', { conversation: TEST_TENANT_ID }, 'missingTenant'],
      ['no tenant in the conversation', { channelData: TEST_TENANT_ID }, 'missingTenant'],
    ])('refuses %s with 403 and stores nothing', async (name, tenant, reason) => {
      const user = `user-${name.replace(/\W+/g, '-')}`.slice(0, 64);
      const caseId = `case-${name.replace(/\W+/g, '-')}`.slice(0, 64);
      const hrRowsBefore = (await store.hrLog()).length;
      const res = await post(fromTenant(user, caseId, tenant), `Bearer ${await keys.token()}`);

      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'forbidden' });
      expect(connector.calls).toEqual([]);
      expect(await store.load(caseId)).toBeNull();
      expect(await store.listByOwner(user)).toEqual([]);
      expect(await store.conversationRef(user)).toBeNull();
      expect(await store.hrLog()).toHaveLength(hrRowsBefore);
      expect(refusals()).toEqual([]);
      expect(tenantRefusals()).toEqual([expect.objectContaining({ level: 'warn', reason })]);
      expect(logLines.join('\n')).not.toContain(OTHER_TENANT);
    });

    it('answers a forged token from another tenant with 401: authentication comes first', async () => {
      const res = await post(fromTenant('user-forged-other', 'case-forged-other', { channelData: OTHER_TENANT, conversation: OTHER_TENANT }), `Bearer ${keys.unsignedToken()}`);
      expect(res.status).toBe(401);
      expect(tenantRefusals()).toEqual([]);
    });
  });
});
