/**
 * The team-discussion kit (issue 21 §2) in every scope, through the real HTTP endpoint of the bot
 * as it runs in production, with real JWT signatures, on both runtimes. A manager with an open case
 * (and a canary note) asks for the agenda in a channel, a group chat and the personal chat: the
 * shared scopes get the neutral agenda card and nothing of the case, and nothing is stored for the
 * team; the personal chat gets the same agenda with the warning about timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../bot/config';
import { silentLogger } from '../../../bot/logger';
import { normalizedCommand, TeamDiscussionKit } from '../../../bot/team-kit/team-discussion';
import { personalChatOnlyModel } from '../../../cards/personal-chat-only-model';
import { renderCard } from '../../../cards/render';
import { teamAgendaModel } from '../../../cards/team-agenda-model';
import { loadContent } from '../../../content/load';
import { loadAllTeamKitContent } from '../../../content/team-kit';
import { cardProblems } from '../../helpers/card-schema';
import { startBotFrameworkKeys } from '../helpers/bot-framework-keys';
import type { BotFrameworkKeys } from '../helpers/bot-framework-keys';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorStub } from '../helpers/connector-stub';
import { activityFrom, stepClick, TEST_TENANT_ID } from '../helpers/http-turns';
import { signalInputs } from '../helpers/ladder-inputs';
import { startProductionBot } from '../helpers/production-bot';
import type { ProductionBot } from '../helpers/production-bot';
import { RUNTIMES, runtimeEnv } from '../helpers/runtimes';

const APP_ID = '00000000-0000-4000-8000-00000000071c';
const BOT = { id: `28:${APP_ID}`, name: 'Escalatiewijzer' };
const MANAGER = 'aad-team-kit-manager';
const CASE_ID = 'team-kit-case-0001';
const NOTE = 'CANARY-team-kit-note';
const TRAINING = 'https://leren.example.nl/omstanders';
const CONVERSATIONS = {
  personal: { id: `a:conv-${MANAGER}`, conversationType: 'personal', tenantId: TEST_TENANT_ID },
  groupChat: { id: '19:team-kit-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TEST_TENANT_ID },
  channel: { id: '19:team-kit-general@thread.tacv2;messageid=1764000000001', conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT_ID },
} as const;
type Scope = keyof typeof CONVERSATIONS;

const kits = loadAllTeamKitContent();
const nl = loadContent('nl');

describe('the agenda card', () => {
  it('holds the norm, the 5 D’s, where to go and the training, in Dutch and English, valid for Teams', () => {
    for (const locale of ['nl', 'en'] as const) {
      const card = renderCard('team-agenda', teamAgendaModel(kits[locale], TRAINING));
      expect(cardProblems(card)).toEqual([]);
      const text = JSON.stringify(card);
      const { card: c } = kits[locale];
      for (const part of [c.norm.text, c.report.text, c.training.text, ...c.bystanders.items.map((i) => i.name)]) expect(text).toContain(part);
      expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: TRAINING })]);
      expect(text).not.toContain(kits[locale].personal.warning);
    }
  });

  it('says to ask HR when no training is set, and offers no button that leads nowhere', () => {
    const card = renderCard('team-agenda', teamAgendaModel(kits.nl, null));
    expect(JSON.stringify(card)).toContain(kits.nl.card.training.missing);
    expect(card.actions ?? []).toEqual([]);
  });

  it('links only an https training page (TEAM_TRAINING_URL)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ew-team-kit-config-'));
    try {
      expect(loadConfig({ DATA_DIR: dir, TEAM_TRAINING_URL: TRAINING }).teamTrainingUrl).toBe(TRAINING);
      expect(loadConfig({ DATA_DIR: dir }).teamTrainingUrl).toBeNull();
      expect(() => loadConfig({ DATA_DIR: dir, TEAM_TRAINING_URL: 'http://leren.example.nl' })).toThrow(/TEAM_TRAINING_URL must be an https URL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is asked for with the kit’s words only, in either language, however Teams wraps them', () => {
    const kit = new TeamDiscussionKit(kits, null);
    expect(kit.requestedIn('teamgesprek')).toBe('nl');
    expect(kit.requestedIn('  Teamgesprek! ')).toBe('nl');
    expect(kit.requestedIn('<p>team discussion</p>')).toBe('en');
    expect(normalizedCommand('Team   Talk.')).toBe('team talk');
    for (const other of ['teamgesprek over Jan', 'help', 'zaken', '']) expect(kit.requestedIn(other)).toBeNull();
  });
});

describe.each(RUNTIMES)('on %s', (runtime) => {
  let connector: ConnectorStub;
  let keys: BotFrameworkKeys;
  let production: ProductionBot;

  async function post(activity: Record<string, unknown>, scope: Scope): Promise<number> {
    const channelData = scope === 'channel' ? { channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:team-kit-general@thread.tacv2' }, tenant: { id: TEST_TENANT_ID } } } : {};
    const res = await fetch(`http://127.0.0.1:${production.bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await keys.token()}` },
      body: JSON.stringify({ ...activity, conversation: CONVERSATIONS[scope], recipient: BOT, ...channelData }),
    });
    await res.text();
    return res.status;
  }
  const mentioning = (text: string, locale = 'nl-NL') =>
    activityFrom(
      { serviceUrl: connector.url, user: MANAGER },
      { type: 'message', text: `<at>${BOT.name}</at> ${text}`, locale, entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] },
    );
  const sentCards = () => connector.calls.flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content));

  beforeAll(async () => {
    connector = await startConnectorStub();
    keys = await startBotFrameworkKeys({ appId: APP_ID, serviceUrl: connector.url });
    production = await startProductionBot(APP_ID, keys, silentLogger, { TEAM_TRAINING_URL: TRAINING, ...runtimeEnv(runtime) });
    // The manager's open case with a note, recorded in the personal chat.
    const click = stepClick({ serviceUrl: connector.url, user: MANAGER }, CASE_ID, 0, 'RECORD_SIGNAL', { ...signalInputs(new Date()), note: NOTE });
    expect(await post(click, 'personal')).toBe(200);
  });
  afterAll(async () => {
    await production.close();
    await keys.close();
    await connector.close();
  });
  beforeEach(() => connector.calls.splice(0));

  describe.each(['channel', 'groupChat'] as const)('in a %s', (scope) => {
    it('posts the neutral agenda on "@Escalatiewijzer teamgesprek", with nothing of the case, and keeps at most the team (no person) for the kit', async () => {
      const reference = await production.store.conversationRef(MANAGER);
      const auditRows = (await production.store.verifyAudit()).rows;
      expect(await post(mentioning('teamgesprek'), scope)).toBe(200);

      expect(sentCards()).toEqual([renderCard('team-agenda', teamAgendaModel(kits.nl, TRAINING))]);
      // The reply's envelope names its addressee, as every Teams reply does; the card names nobody.
      const sent = JSON.stringify(sentCards());
      for (const secret of [CASE_ID, NOTE, MANAGER, kits.nl.personal.warning]) expect(sent).not.toContain(secret);
      expect(JSON.stringify(connector.calls)).not.toContain(CASE_ID);
      expect(JSON.stringify(connector.calls)).not.toContain(NOTE);
      // Team conversations are never remembered: reminders keep going to the personal chat.
      expect(await production.store.conversationRef(MANAGER)).toEqual(reference);
      expect((await production.store.verifyAudit()).rows).toBe(auditRows);
      // A team channel's reference is kept (a team that had the app before the kit kept them), with nobody in it.
      const teams = await production.store.teams.teams();
      expect(teams.map((team) => team.teamId)).toEqual(['19:team@thread.tacv2']);
      expect(JSON.stringify(teams)).not.toContain(MANAGER);
    });

    it('in English on "@Escalatiewijzer team discussion"; anything else still gets the pointer to the personal chat', async () => {
      await post(mentioning('team discussion', 'en-US'), scope);
      expect(sentCards()).toEqual([renderCard('team-agenda', teamAgendaModel(kits.en, TRAINING))]);
      connector.calls.splice(0);
      await post(mentioning('teamgesprek over het voorval'), scope);
      expect(sentCards()).toEqual([renderCard('personal-chat-only', personalChatOnlyModel(nl, APP_ID))]);
    });
  });

  describe('in the personal chat', () => {
    it('shows the manager the same agenda with the warning that timing can reveal an incident, then the form to send it, and links no case', async () => {
      expect(await post({ ...mentioning('teamgesprek'), text: 'teamgesprek' }, 'personal')).toBe(200);
      const cards = sentCards();
      expect(cards).toHaveLength(2);
      expect(cards[0]).toEqual(renderCard('team-agenda', teamAgendaModel(kits.nl, TRAINING, true)));
      expect(JSON.stringify(cards[1])).toContain(kits.nl.personal.send.title);
      const text = JSON.stringify(cards);
      expect(text).toContain(kits.nl.personal.warning);
      expect(text).not.toContain(CASE_ID);
      expect(text).not.toContain(NOTE);
    });
  });
});
