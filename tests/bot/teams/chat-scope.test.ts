/**
 * Case content only in the personal chat (issue 14 §3), through the real HTTP endpoint of the bot as
 * it runs in production, with real JWT signatures. The same manager, with an open case and a stored
 * personal conversation reference, talks to the bot in the three scopes Teams knows: in a group chat
 * or a channel every message and card action is answered with the one card that points to the
 * personal chat, nothing is read or written, and reminders keep going to the personal chat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../../bot/conversation';
import { silentLogger } from '../../../bot/logger';
import { personalChatOnlyModel } from '../../../cards/personal-chat-only-model';
import { renderCard } from '../../../cards/render';
import { loadContent } from '../../../content/load';
import { startBotFrameworkKeys } from '../helpers/bot-framework-keys';
import type { BotFrameworkKeys } from '../helpers/bot-framework-keys';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { activityFrom, postActivity, stepClick, TEST_TENANT_ID } from '../helpers/http-turns';
import type { Answer } from '../helpers/http-turns';
import { CONVERSATION, signalInputs } from '../helpers/ladder-inputs';
import { startProductionBot } from '../helpers/production-bot';
import type { ProductionBot } from '../helpers/production-bot';
import { startHttpTestBot } from '../helpers/test-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';

const APP_ID = '00000000-0000-4000-8000-0000000005c0';
/** How Teams addresses the bot: its app id behind `28:`, also in mentions of it. */
const BOT = { id: `28:${APP_ID}`, name: 'Escalatiewijzer' };
const MANAGER = 'aad-scope-manager';
const CASE_ID = 'scope-case-0001';
const TENANT = TEST_TENANT_ID;

const CONVERSATIONS = {
  personal: { id: `a:conv-${MANAGER}`, conversationType: 'personal', tenantId: TENANT },
  groupChat: { id: '19:chat-of-three@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
  channel: { id: '19:general@thread.tacv2;messageid=1764000000000', conversationType: 'channel', isGroup: true, tenantId: TENANT },
} as const;
type Scope = keyof typeof CONVERSATIONS;
const SHARED_SCOPES: Scope[] = ['groupChat', 'channel'];

const nl = loadContent('nl');
const scopeCard = (appId: string) => renderCard('personal-chat-only', personalChatOnlyModel(nl, appId));

describe.each(RUNTIMES)('on %s', (runtime) => {
  let connector: ConnectorStub;
  let keys: BotFrameworkKeys;
  let production: ProductionBot;

  beforeAll(async () => {
    connector = await startConnectorStub();
    keys = await startBotFrameworkKeys({ appId: APP_ID, serviceUrl: connector.url });
    // Every command in both shared scopes is more than the default per-user limit allows in a minute.
    production = await startProductionBot(APP_ID, keys, silentLogger, { RATE_LIMIT_PER_USER_PER_MINUTE: '1000', ...runtimeEnv(runtime) });
    // The manager's open case, recorded in the personal chat: this stores the personal reference.
    const recorded = await post(stepClick({ serviceUrl: connector.url, user: MANAGER }, CASE_ID, 0, 'RECORD_SIGNAL', signalInputs(new Date())), 'personal');
    expect(recorded.body?.value?.body?.[0]?.text).toBe(nl.ui.summary.title);
  });

  afterAll(async () => {
    await production.close();
    await keys.close();
    await connector.close();
  });

  beforeEach(() => connector.calls.splice(0));

  /** An activity from `user` in `scope`, addressed to the bot the way Teams addresses it. */
  function inScope(scope: Scope, activity: Record<string, unknown>, user = MANAGER): Record<string, unknown> {
    const conversation = scope === 'personal' ? { ...CONVERSATIONS.personal, id: `a:conv-${user}` } : CONVERSATIONS[scope];
    const channelData = scope === 'channel' ? { channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' }, tenant: { id: TENANT } } } : {};
    return { ...activity, conversation, recipient: BOT, ...channelData };
  }

  async function post(activity: Record<string, unknown>, scope: Scope, user = MANAGER): Promise<Answer> {
    const body = inScope(scope, activity, user);
    const res = await fetch(`http://127.0.0.1:${production.bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await keys.token()}` },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  const from = (extra: Record<string, unknown>, user = MANAGER) => activityFrom({ serviceUrl: connector.url, user }, extra);
  /** `@Escalatiewijzer <text>` as Teams delivers it: the mention in the text and in an entity. */
  const mentioning = (text: string) =>
    from({ type: 'message', text: `<at>${BOT.name}</at> ${text}`, entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] });

  /** What reached the Bot Connector, by activity type, in order. */
  const sentTypes = () => connector.calls.map((call) => call.body?.type);
  const sentCards = () => connector.calls.flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content));

  /** Everything the store knows that a shared-scope turn must not change. */
  async function storeState() {
    const { store } = production;
    const row = await store.load(CASE_ID);
    return {
      reference: await store.conversationRef(MANAGER),
      caseRevision: row?.revision,
      auditRows: (await store.verifyAudit()).rows,
      hrRows: (await store.hrLog()).length,
    };
  }

  describe.each(SHARED_SCOPES)('in a %s', (scope) => {
    it('answers "@Escalatiewijzer help" with typing, then only the card that points to the personal chat', async () => {
      const before = await storeState();
      expect((await post(mentioning('help'), scope)).status).toBe(200);

      expect(sentTypes()).toEqual(['typing', 'message']);
      expect(sentCards()).toEqual([scopeCard(APP_ID)]);
      expect(sentCards()[0].actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: `https://teams.microsoft.com/l/chat/0/0?users=28:${APP_ID}` })]);
      expect(decodeURIComponent(connector.calls[1]!.path)).toBe(`/v3/conversations/${CONVERSATIONS[scope].id}/activities/${String(connector.calls[1]!.body.replyToId)}`);
      expect(await storeState()).toEqual(before);
    });

    it('answers a question, which in the personal chat brings up the open case, with the same card and reads nothing', async () => {
      const before = await storeState();
      await post(mentioning('wat moet ik nu doen?'), scope);

      expect(sentCards()).toEqual([scopeCard(APP_ID)]);
      expect(JSON.stringify(connector.calls)).not.toContain(CASE_ID);
      expect(await storeState()).toEqual(before);
    });

    it('answers every command the same way: no case list, reminders, data-rights or HR card', async () => {
      const before = await storeState();
      for (const command of Object.keys(COMMANDS)) {
        connector.calls.splice(0);
        await post(mentioning(command), scope);
        expect([command, sentCards()]).toEqual([command, [scopeCard(APP_ID)]]);
      }
      connector.calls.splice(0);
      await post(from({ type: 'message', text: 'mijn zaken' }), scope);
      expect(sentCards()).toEqual([scopeCard(APP_ID)]);
      expect(await storeState()).toEqual(before);
    });

    it('answers a click on a case card (Action.Execute) with the card in place of the clicked one, without typing, and records nothing', async () => {
      const before = await storeState();
      const answer = await post(stepClick({ serviceUrl: connector.url, user: MANAGER }, CASE_ID, 1, 'RECORD_CONVERSATION', CONVERSATION), scope);

      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: scopeCard(APP_ID) });
      expect(connector.calls).toEqual([]);
      expect(await storeState()).toEqual(before);
    });

    it('answers the Action.Submit fallback of a case card with the card, and records nothing', async () => {
      const before = await storeState();
      const value = { ew: 1, kind: 'step', caseId: CASE_ID, revision: 1, event: 'RECORD_CONVERSATION', ...CONVERSATION };
      await post(from({ type: 'message', value, replyToId: 'leaked-case-card' }), scope);

      expect(sentTypes()).toEqual(['typing', 'message']);
      expect(sentCards()).toEqual([scopeCard(APP_ID)]);
      expect(await storeState()).toEqual(before);
    });

    it('posts no welcome card when members join, and keeps the personal reference', async () => {
      const before = await storeState();
      await post(from({ type: 'conversationUpdate', membersAdded: [{ id: '29:a-colleague' }, { id: `29:${MANAGER}`, aadObjectId: MANAGER }] }), scope);

      expect(connector.calls).toEqual([]);
      expect(await storeState()).toEqual(before);
    });

    it('stores no reference for someone who has only ever talked to the bot here', async () => {
      const stranger = `aad-only-in-${scope}`;
      await post(mentioning('help'), scope, stranger);
      await post(stepClick({ serviceUrl: connector.url, user: stranger }, `${scope}-case`, 0, 'RECORD_SIGNAL', signalInputs(new Date())), scope, stranger);

      expect(await production.store.conversationRef(stranger)).toBeNull();
      expect(await production.store.load(`${scope}-case`)).toBeNull();
    });
  });

  describe('in the personal chat', () => {
    it('reads "@Escalatiewijzer help" as help: typing, then the help card', async () => {
      const before = await storeState();
      await post(mentioning('help'), 'personal');

      expect(sentTypes()).toEqual(['typing', 'message']);
      expect(sentCards()).toHaveLength(1);
      expect(sentCards()[0].body[0].text).toBe(nl.ui.help.title);
      expect(await storeState()).toEqual(before);
    });

    it('answers a question with the open case in it: what the shared scopes must never show', async () => {
      await post(mentioning('wat moet ik nu doen?'), 'personal');

      expect(sentTypes()).toEqual(['typing', 'message']);
      expect(JSON.stringify(sentCards())).toContain(CASE_ID);
    });

    it('answers a click (Action.Execute) in the invoke response and with the next card, without typing', async () => {
      const answer = await post(stepClick({ serviceUrl: connector.url, user: MANAGER }, CASE_ID, 1, 'RECORD_CONVERSATION', CONVERSATION), 'personal');

      expect(answer.body?.value?.body?.[0]?.text).toBe(nl.ui.summary.title);
      expect(sentTypes()).toEqual(['message']);
      expect((await production.store.load(CASE_ID))?.revision).toBe(2);
    });

    it('welcomes the manager and stores the personal chat as the reference for reminders', async () => {
      const newcomer = 'aad-scope-newcomer';
      await post(from({ type: 'conversationUpdate', membersAdded: [{ id: `29:${newcomer}`, aadObjectId: newcomer }] }, newcomer), 'personal', newcomer);

      expect(sentTypes()).toEqual(['message']);
      expect(sentCards()[0].body[0].text).toBe(nl.ui.welcome.title);
      expect(await production.store.conversationRef(newcomer)).toMatchObject({ conversation: { id: `a:conv-${newcomer}`, conversationType: 'personal' } });
    });
  });

  describe('without an app id (development)', () => {
    it('says in words how to reach the personal chat, instead of a button that leads nowhere', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ew-scope-dev-'));
      const bot = await startHttpTestBot(dir, runtimeEnv(runtime));
      try {
        await postActivity(bot.base, inScope('channel', mentioning('help')));
        expect(sentCards()).toEqual([scopeCard('')]);
        expect(JSON.stringify(sentCards())).toContain(nl.ui.personalChatOnly.noAppId);
        expect(sentCards()[0].actions).toEqual([]);
      } finally {
        await bot.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
