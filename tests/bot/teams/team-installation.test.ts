/**
 * Which team-scope events keep or drop a team's reference (bot/teams/team-installation.ts), on a
 * real SQLite store. The HTTP suite (tests/bot/team-kit/team-post.test.ts) sends the common ones
 * through both runtimes; here every row of the table, and what is no team event at all.
 */
import { randomBytes } from 'node:crypto';
import { silentLogger } from '../../../bot/logger';
import type { CaseStore } from '../../../bot/store/case-store';
import { openSqliteStore } from '../../../bot/store/sqlite';
import type { ActivityFields } from '../../../bot/teams/activity';
import { onTeamAgendaAsked, onTeamEvent } from '../../../bot/teams/team-installation';
import { teamConversationReference, teamReferenceOf } from '../../../bot/teams/team-reference';
import { makeTempDir } from '../store/fixtures/store';

const BOT = { id: '28:bot-app', name: 'Escalatiewijzer' };
const TEAM_ID = '19:team-install@thread.tacv2';
const now = () => new Date('2026-12-07T08:00:00.000Z');

const inTeam = (extra: Partial<ActivityFields>, eventType?: string): ActivityFields => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/emea/',
  recipient: BOT,
  from: { id: '29:someone', aadObjectId: 'aad-someone', name: 'Someone' },
  conversation: { id: `${TEAM_ID};messageid=1764000000001`, conversationType: 'channel', tenantId: 'tenant-1' },
  channelData: { team: { id: TEAM_ID, name: 'Team Install' }, tenant: { id: 'tenant-1' }, ...(eventType ? { eventType } : {}) },
  ...extra,
});

describe('the app in a team', () => {
  const temp = makeTempDir('team-installation');
  let store: CaseStore;
  beforeAll(async () => {
    store = await openSqliteStore({ file: `${temp.dir}/store.sqlite`, notesKey: randomBytes(32), caseKeySecret: randomBytes(32) });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });
  beforeEach(() => store.teams.removeTeam(TEAM_ID));

  const saved = async () => (await store.teams.team(TEAM_ID)) !== null;

  it.each([
    ['installationUpdate add', inTeam({ type: 'installationUpdate', action: 'add' })],
    ['the bot added to the team', inTeam({ type: 'conversationUpdate', membersAdded: [BOT] }, 'teamMemberAdded')],
    ['team renamed', inTeam({ type: 'conversationUpdate' }, 'teamRenamed')],
    ['team restored', inTeam({ type: 'conversationUpdate' }, 'teamRestored')],
  ])('%s keeps the team', async (_name, activity) => {
    expect(await onTeamEvent(activity, store.teams, now, silentLogger)).toBe(true);
    expect(await saved()).toBe(true);
  });

  it.each([
    ['installationUpdate remove', inTeam({ type: 'installationUpdate', action: 'remove' })],
    ['installationUpdate remove-upgrade', inTeam({ type: 'installationUpdate', action: 'remove-upgrade' })],
    ['the bot removed from the team', inTeam({ type: 'conversationUpdate', membersRemoved: [BOT] }, 'teamMemberRemoved')],
    ['team deleted', inTeam({ type: 'conversationUpdate' }, 'teamDeleted')],
    ['team archived', inTeam({ type: 'conversationUpdate' }, 'teamArchived')],
  ])('%s drops the team', async (_name, activity) => {
    await onTeamEvent(inTeam({ type: 'installationUpdate', action: 'add' }), store.teams, now, silentLogger);
    expect(await onTeamEvent(activity, store.teams, now, silentLogger)).toBe(true);
    expect(await saved()).toBe(false);
  });

  it('changes nothing when someone else joins or leaves the team', async () => {
    await onTeamEvent(inTeam({ type: 'installationUpdate', action: 'add' }), store.teams, now, silentLogger);
    const colleague = { id: '29:colleague', aadObjectId: 'aad-colleague' };
    expect(await onTeamEvent(inTeam({ type: 'conversationUpdate', membersRemoved: [colleague] }, 'teamMemberRemoved'), store.teams, now, silentLogger)).toBe(true);
    expect(await saved()).toBe(true);
  });

  it('makes a team’s reference when the agenda is asked for in a team it has none of, and keeps one it has', async () => {
    const asked = inTeam({ type: 'message', text: 'teamgesprek', channelData: { team: { id: TEAM_ID }, tenant: { id: 'tenant-1' } } });
    await onTeamAgendaAsked(asked, store.teams, now);
    expect(await store.teams.team(TEAM_ID)).toMatchObject({ name: '', conversationId: TEAM_ID });
    await onTeamEvent(inTeam({ type: 'conversationUpdate' }, 'teamRenamed'), store.teams, now, silentLogger);
    await onTeamAgendaAsked(asked, store.teams, now);
    expect(await store.teams.team(TEAM_ID)).toMatchObject({ name: 'Team Install' });
  });

  it('leaves personal and group chats to the rest of the dispatcher', async () => {
    const groupChat = { type: 'installationUpdate', action: 'add', serviceUrl: 'https://smba.example/', recipient: BOT, conversation: { id: '19:chat@thread.v2', conversationType: 'groupChat' } };
    expect(await onTeamEvent(groupChat, store.teams, now, silentLogger)).toBe(false);
    expect(await store.teams.teams()).toEqual([]);
  });

  it('keeps the team, its General channel and the bot, and nobody else; a reference that posts there names no user', () => {
    const team = teamReferenceOf(inTeam({ type: 'installationUpdate', action: 'add' }));
    expect(team).toEqual({ teamId: TEAM_ID, name: 'Team Install', tenantId: 'tenant-1', conversationId: TEAM_ID, serviceUrl: 'https://smba.example/emea/', botId: BOT.id });
    const reference = teamConversationReference(team!);
    expect(reference).not.toHaveProperty('user');
    expect(JSON.stringify(reference)).not.toContain('someone');
    // Without a service URL the bot could not post there: nothing is kept.
    expect(teamReferenceOf(inTeam({ type: 'installationUpdate', action: 'add', serviceUrl: '' }))).toBeNull();
  });
});
