/**
 * Sending the team-discussion agenda from the personal chat to a team (issue 21 §2), through the
 * real HTTP endpoint of the bot as it runs in production, on both runtimes. Teams installs the app
 * in a team (the team's reference is kept, with no person in it) and removes it again; a manager
 * with an open case sends the agenda now and planned, the membership check refuses a non-member,
 * and a planned post is sent by the post job when the test's clock says it is due. Nothing of the
 * case reaches the team.
 */
import { silentLogger } from '../../../bot/logger';
import { createAgentsAdapter } from '../../../bot/runtime/agents/adapter';
import { AgentsTeamMembers } from '../../../bot/runtime/agents/team-members';
import { createAdapter } from '../../../bot/runtime/botbuilder/adapter';
import { BotbuilderTeamMembers } from '../../../bot/runtime/botbuilder/team-members';
import { teamChannelThrough } from '../../../bot/team-kit/team-channel';
import { TeamDiscussionKit } from '../../../bot/team-kit/team-discussion';
import { TeamPostJob } from '../../../bot/team-kit/team-post-job';
import { renderCard } from '../../../cards/render';
import { teamAgendaModel } from '../../../cards/team-agenda-model';
import { teamPostOutcomeModel } from '../../../cards/team-post-model';
import { loadAllTeamKitContent } from '../../../content/team-kit';
import type { Json } from '../../helpers/json';
import { actionDataOf, cardProblems } from '../../helpers/card-schema';
import { startBotFrameworkKeys } from '../helpers/bot-framework-keys';
import type { BotFrameworkKeys } from '../helpers/bot-framework-keys';
import { executeActions } from '../helpers/conversation-client';
import { startConnectorStub } from '../helpers/connector-stub';
import type { ConnectorCall, ConnectorStub } from '../helpers/connector-stub';
import { activityFrom, stepClick, TEST_TENANT_ID } from '../helpers/http-turns';
import { signalInputs } from '../helpers/ladder-inputs';
import { startProductionBot } from '../helpers/production-bot';
import type { ProductionBot } from '../helpers/production-bot';
import { proactiveSenderFor, RUNTIMES, runtimeEnv } from '../helpers/runtimes';

const APP_ID = '00000000-0000-4000-8000-0000000071c2';
const BOT = { id: `28:${APP_ID}`, name: 'Escalatiewijzer' };
const MANAGER = 'aad-team-post-manager';
const OUTSIDER = 'aad-team-post-outsider';
const INSTALLER = 'aad-team-post-installer';
/** Teams refuses to say whether this user is a member (403): the bot cannot know. */
const UNCHECKABLE = 'aad-team-post-uncheckable';
const CASE_ID = 'team-post-case-0001';
const NOTE = 'CANARY-team-post-note';
const TEAM = { id: '19:team-beleid@thread.tacv2', name: 'Team Beleid' };
const OTHER_TEAM = { id: '19:team-zorg@thread.tacv2', name: 'Team Zorg' };
/** Monday 7 December 2026, 09:00 in Amsterdam. */
const START = new Date('2026-12-07T08:00:00.000Z');

const kits = loadAllTeamKitContent();
const nl = kits.nl;

describe.each(RUNTIMES)('on %s', (runtime) => {
  let connector: ConnectorStub;
  let keys: BotFrameworkKeys;
  let production: ProductionBot;
  let job: TeamPostJob;
  const clock = { now: START };
  /** The team members Teams knows: the membership lookup answers 404 for anyone else. */
  const members = new Set([MANAGER]);

  const answer = (call: ConnectorCall) => {
    const member = /\/members\/([^/?]+)$/.exec(call.path);
    if (!member) return 'normal' as const;
    if (decodeURIComponent(member[1]!) === UNCHECKABLE) return { status: 403 };
    return members.has(decodeURIComponent(member[1]!)) ? { status: 200 } : { status: 404 };
  };

  async function post(activity: Record<string, unknown>): Promise<{ status: number; body: Json }> {
    const res = await fetch(`http://127.0.0.1:${production.bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await keys.token()}` },
      body: JSON.stringify({ ...activity, recipient: BOT }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** An event in a team's General channel, as Teams sends it; `from` is whoever installed or changed something. */
  const teamEvent = (team: { id: string; name?: string }, extra: Record<string, unknown>, eventType?: string) => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: team.id, conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT_ID },
    channelData: { team, tenant: { id: TEST_TENANT_ID }, ...(eventType ? { eventType } : {}) },
    from: { id: `29:${INSTALLER}`, aadObjectId: INSTALLER, name: 'Installer' },
    id: `incoming-${Math.random().toString(36).slice(2)}`,
    ...extra,
  });
  const personal = (user: string, extra: Record<string, unknown>) => activityFrom({ serviceUrl: connector.url, user }, extra);
  const click = (user: string, data: Json, inputs: Record<string, string>) =>
    personal(user, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: data.kind, data: { ...data, ...inputs } }, trigger: 'manual' } });
  const sentCards = () => connector.calls.flatMap((call) => (call.body?.attachments ?? []).map((a: { content: unknown }) => a.content));
  /** What reached the team's channel: the proactive posts to its conversation. */
  const teamPosts = (team = TEAM) => connector.calls.filter((call) => call.method === 'POST' && decodeURIComponent(call.path).startsWith(`/v3/conversations/${team.id}/activities`));
  const agenda = renderCard('team-agenda', teamAgendaModel(nl, null));

  /** `teamgesprek` in the personal chat: the warning with the agenda, and the form; the form's send button data. */
  async function openForm(user = MANAGER): Promise<{ cards: Json[]; send: Json }> {
    connector.calls.splice(0);
    expect((await post(personal(user, { type: 'message', text: 'teamgesprek' }))).status).toBe(200);
    const cards = sentCards();
    connector.calls.splice(0);
    return { cards, send: executeActions(cards[1]).find((action) => action.data?.kind === 'teamPostSend')?.data };
  }

  beforeAll(async () => {
    connector = await startConnectorStub(answer);
    keys = await startBotFrameworkKeys({ appId: APP_ID, serviceUrl: connector.url });
    // The bot's own post job polls once at start and then not within the test (REMINDER_POLL_MS):
    // the test runs a job of its own with the test's clock. The clock stands still, so every turn counts in one minute of the rate limit.
    production = await startProductionBot(APP_ID, keys, silentLogger, { REMINDER_POLL_MS: '3600000', RATE_LIMIT_PER_USER_PER_MINUTE: '10000', ...runtimeEnv(runtime) }, () => clock.now);
    const { config } = production;
    const teamMembers = runtime === 'agents' ? new AgentsTeamMembers(createAgentsAdapter(config, silentLogger), APP_ID) : new BotbuilderTeamMembers(createAdapter(config, silentLogger), APP_ID);
    const channel = teamChannelThrough(() => ({ proactive: proactiveSenderFor(runtime, config, silentLogger), teamMembers }));
    const requester = { conversationRef: (ownerId: string) => production.store.conversationRef(ownerId), sender: proactiveSenderFor(runtime, config, silentLogger), contents: kits };
    job = new TeamPostJob({ teams: production.store.teams, channel, kit: new TeamDiscussionKit(kits, null), requester, now: () => clock.now, log: silentLogger }, { pollMs: 60_000, claimant: 'test-job' });
    // The manager's open case with a note, recorded in the personal chat.
    expect((await post(stepClick({ serviceUrl: connector.url, user: MANAGER }, CASE_ID, 0, 'RECORD_SIGNAL', { ...signalInputs(START), note: NOTE }))).status).toBe(200);
  });
  afterAll(async () => {
    await production.close();
    await keys.close();
    await connector.close();
  });
  // The clock only moves forward, test after test (the rate limit counts turns by it).
  beforeEach(() => connector.calls.splice(0));

  it('keeps a team’s reference when the app is installed there, renamed with the team, with nobody in it', async () => {
    expect((await post(teamEvent(TEAM, { type: 'installationUpdate', action: 'add' }))).status).toBe(200);
    expect((await post(teamEvent({ id: OTHER_TEAM.id, name: 'Zorg (oud)' }, { type: 'conversationUpdate', membersAdded: [BOT] }, 'teamMemberAdded'))).status).toBe(200);
    await post(teamEvent(OTHER_TEAM, { type: 'conversationUpdate' }, 'teamRenamed'));
    // Someone else joining the team changes nothing, and nobody is welcomed in the channel.
    await post(teamEvent(TEAM, { type: 'conversationUpdate', membersAdded: [{ id: '29:new-colleague', aadObjectId: 'aad-new-colleague' }] }, 'teamMemberAdded'));
    expect(sentCards()).toEqual([]);

    const teams = await production.store.teams.teams();
    expect(teams).toEqual([
      { teamId: TEAM.id, name: TEAM.name, tenantId: TEST_TENANT_ID, conversationId: TEAM.id, serviceUrl: connector.url, botId: BOT.id },
      { teamId: OTHER_TEAM.id, name: OTHER_TEAM.name, tenantId: TEST_TENANT_ID, conversationId: OTHER_TEAM.id, serviceUrl: connector.url, botId: BOT.id },
    ]);
    expect(JSON.stringify(teams)).not.toMatch(/installer|new-colleague/);
    // The installer's personal reference is not made from a team event either: reminders stay personal.
    expect(await production.store.conversationRef(INSTALLER)).toBeNull();
  });

  it('shows the warning and the agenda as the team sees it, then a form with the teams the app is in', async () => {
    const { cards, send } = await openForm();
    expect(cards[0]).toEqual(new TeamDiscussionKit(kits, null).managerCard('nl'));
    expect(JSON.stringify(cards[0])).toContain(nl.personal.warning);
    const form = cards[1];
    expect(cardProblems(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain(nl.personal.send.title);
    const teamInput = JSON.stringify(form).includes(TEAM.name) && JSON.stringify(form).includes(OTHER_TEAM.name);
    expect(teamInput).toBe(true);
    expect(send).toMatchObject({ ew: 1, kind: 'teamPostSend', locale: 'nl' });
    for (const secret of [CASE_ID, NOTE]) expect(JSON.stringify(cards)).not.toContain(secret);
  });

  it('posts the agenda in the team’s channel now, after asking Teams whether the manager is a member, and confirms it', async () => {
    const { send } = await openForm();
    const answered = await post(click(MANAGER, send, { team: TEAM.id, when: 'now', date: '', time: '09:00' }));
    expect(answered.status).toBe(200);
    const confirmation = answered.body.value;
    expect(JSON.stringify(confirmation)).toContain(nl.personal.done.postedTitle);
    expect(JSON.stringify(confirmation)).toContain(TEAM.name);

    const lookups = connector.calls.filter((call) => call.method === 'GET');
    expect(lookups.map((call) => decodeURIComponent(call.path))).toEqual([`/v3/conversations/${TEAM.id}/members/${MANAGER}`]);
    const posted = teamPosts();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.attachments.map((a: { content: unknown }) => a.content)).toEqual([agenda]);
    // Nothing of the case, and nobody named, in what reached the team.
    for (const secret of [CASE_ID, NOTE, MANAGER]) expect(JSON.stringify(posted)).not.toContain(secret);

    // The same form again (a double click) posts nothing more.
    connector.calls.splice(0);
    const again = await post(click(MANAGER, send, { team: TEAM.id, when: 'now', date: '', time: '09:00' }));
    expect(JSON.stringify(again.body.value)).toContain(nl.personal.errors.alreadySent);
    expect(teamPosts()).toEqual([]);
  });

  it('posts nothing for someone who is not a member of the team, and says so at the team', async () => {
    const { send } = await openForm(OUTSIDER);
    const answered = await post(click(OUTSIDER, send, { team: TEAM.id, when: 'now', date: '', time: '09:00' }));
    const form = answered.body.value;
    expect(cardProblems(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain(nl.personal.errors.notMember);
    expect(teamPosts()).toEqual([]);
    expect(await production.store.teams.teams()).toHaveLength(2);
  });

  it('posts nothing when Teams cannot say whether the manager is a member, and says so', async () => {
    const { send } = await openForm(UNCHECKABLE);
    const answered = await post(click(UNCHECKABLE, send, { team: TEAM.id, when: 'now', date: '', time: '09:00' }));
    expect(JSON.stringify(answered.body.value)).toContain(nl.personal.errors.membershipUnknown);
    expect(teamPosts()).toEqual([]);
    expect(await production.store.teams.post(send.form)).toBeNull();
  });

  it('refuses a moment that has passed at the date field, and stores nothing', async () => {
    const { send } = await openForm();
    const answered = await post(click(MANAGER, send, { team: TEAM.id, when: 'later', date: '2026-12-07', time: '08:00' }));
    expect(JSON.stringify(answered.body.value)).toContain(nl.personal.errors.inPast);
    expect(await production.store.teams.post(send.form)).toBeNull();
    // Without a team chosen the team field says so.
    const noTeam = await post(click(MANAGER, send, { team: '', when: 'now', date: '', time: '09:00' }));
    expect(JSON.stringify(noTeam.body.value)).toContain(nl.personal.send.teamError);
    expect(connector.calls.filter((call) => call.method === 'GET')).toEqual([]);
  });

  it('plans the agenda for the next team meeting and the post job sends it when it is due, not before', async () => {
    const { send } = await openForm();
    const answered = await post(click(MANAGER, send, { team: TEAM.id, when: 'later', date: '2026-12-10', time: '10:00' }));
    const confirmation = answered.body.value;
    expect(JSON.stringify(confirmation)).toContain(nl.personal.done.plannedTitle);
    expect(executeActions(confirmation).map((action) => action.data)).toEqual([{ ew: 1, kind: 'teamPostCancel', post: send.form }]);
    expect(teamPosts()).toEqual([]);
    const stored = await production.store.teams.post(send.form);
    expect(stored).toEqual({ id: send.form, teamId: TEAM.id, locale: 'nl', dueAt: '2026-12-10T09:00:00.000Z', requestedBy: MANAGER, status: 'planned', attempts: 0 });

    clock.now = new Date('2026-12-10T08:59:00.000Z');
    expect(await job.runOnce()).toBe(0);
    expect(teamPosts()).toEqual([]);
    clock.now = new Date('2026-12-10T09:00:00.000Z');
    expect(await job.runOnce()).toBe(1);
    expect(teamPosts().map((call) => call.body.attachments[0].content)).toEqual([agenda]);
    expect((await production.store.teams.post(send.form))?.status).toBe('sent');
    // The manager hears it in the personal chat, and only there.
    const told = connector.calls.filter((call) => decodeURIComponent(call.path).startsWith(`/v3/conversations/a:conv-${MANAGER}/activities`));
    expect(told.map((call) => call.body.attachments[0].content)).toEqual([renderCard('notice', teamPostOutcomeModel(nl, 'nl', { teamName: TEAM.name, dueAt: '2026-12-10T09:00:00.000Z' }, null))]);
    // Cancelling now is too late: it says so, and nothing changes.
    const late = await post(click(MANAGER, { ew: 1, kind: 'teamPostCancel', post: send.form }, {}));
    expect(JSON.stringify(late.body.value)).toContain(nl.personal.done.notCancelledBody);
  });

  it('lets only the manager cancel a planned post, and a cancelled post is never sent', async () => {
    const { send } = await openForm();
    await post(click(MANAGER, send, { team: TEAM.id, when: 'later', date: '2026-12-14', time: '09:00' }));
    const cancel = { ew: 1, kind: 'teamPostCancel', post: send.form };
    // The manager sees the planned post on the next form, with its cancel button; nobody else does.
    expect(actionDataOf((await openForm()).cards[1])).toContainEqual(cancel);
    expect(actionDataOf((await openForm(OUTSIDER)).cards[1])).not.toContainEqual(cancel);
    const someoneElse = await post(click(OUTSIDER, cancel, {}));
    expect(JSON.stringify(someoneElse.body.value)).toContain(nl.personal.done.notYoursBody);
    const cancelled = await post(click(MANAGER, cancel, {}));
    expect(JSON.stringify(cancelled.body.value)).toContain(nl.personal.done.cancelledTitle);
    clock.now = new Date('2026-12-14T09:00:00.000Z');
    expect(await job.runOnce()).toBe(0);
    expect(teamPosts()).toEqual([]);
  });

  it('does not post a planned agenda when the manager left the team meanwhile', async () => {
    const { send } = await openForm();
    await post(click(MANAGER, send, { team: OTHER_TEAM.id, when: 'later', date: '2026-12-15', time: '09:00' }));
    members.delete(MANAGER);
    try {
      clock.now = new Date('2026-12-15T08:00:00.000Z');
      expect(await job.runOnce()).toBe(1);
      expect(teamPosts(OTHER_TEAM)).toEqual([]);
      expect((await production.store.teams.post(send.form))?.status).toBe('failed');
      expect(JSON.stringify(sentCards())).toContain(nl.personal.errors.notMember);
    } finally {
      members.add(MANAGER);
    }
  });

  it('forgets the team and its planned posts when the app is removed from it or the team is deleted', async () => {
    const { send } = await openForm();
    await post(click(MANAGER, send, { team: TEAM.id, when: 'later', date: '2026-12-16', time: '09:00' }));
    const { send: stillOpen } = await openForm();
    expect((await post(teamEvent(TEAM, { type: 'installationUpdate', action: 'remove' }))).status).toBe(200);
    expect((await post(teamEvent(OTHER_TEAM, { type: 'conversationUpdate' }, 'teamDeleted'))).status).toBe(200);
    expect(await production.store.teams.teams()).toEqual([]);
    expect(await production.store.teams.post(send.form)).toBeNull();
    // A form still open in the chat names a team the app has left: nothing is posted, and the form says why.
    connector.calls.splice(0);
    const answered = await post(click(MANAGER, stillOpen, { team: TEAM.id, when: 'now', date: '', time: '09:00' }));
    expect(teamPosts()).toEqual([]);
    expect(JSON.stringify(answered.body.value)).toContain(nl.personal.errors.teamGone);
    expect(JSON.stringify(answered.body.value)).toContain(nl.personal.send.noTeams);
  });
});
