/**
 * The post job (bot/team-kit/team-post-job.ts) on a real SQLite store, with a team channel that
 * answers as the test says: a post that certainly did not arrive is tried again later, one that may
 * have arrived never twice, and a team the bot can no longer post in is forgotten.
 */
import { randomBytes } from 'node:crypto';
import { silentLogger } from '../../../bot/logger';
import { SendFailure } from '../../../bot/reminders/proactive-sender';
import type { CaseStore } from '../../../bot/store/case-store';
import { openSqliteStore } from '../../../bot/store/sqlite';
import type { TeamChannel } from '../../../bot/team-kit/team-channel';
import { TeamDiscussionKit } from '../../../bot/team-kit/team-discussion';
import { KEEP_MS, MAX_ATTEMPTS, RETRY_MS, TeamPostJob } from '../../../bot/team-kit/team-post-job';
import type { Membership } from '../../../bot/teams/team-members';
import type { Card } from '../../../bot/turn';
import { loadAllTeamKitContent } from '../../../content/team-kit';
import { makeTempDir } from '../store/fixtures/store';

const TEAM = { teamId: '19:team-job@thread.tacv2', name: 'Team', tenantId: 'tenant', conversationId: '19:team-job@thread.tacv2', serviceUrl: 'https://smba.example/', botId: '28:bot' };
const DUE = '2026-12-10T08:00:00.000Z';
const POST_ID = 'job-post-000000000';
const kits = loadAllTeamKitContent();

describe('the team post job', () => {
  const temp = makeTempDir('team-post-job');
  let store: CaseStore;
  const clock = { now: new Date(DUE) };
  const posted: Card[] = [];
  let membership: Membership = 'member';
  let failure: SendFailure | null = null;
  const channel: TeamChannel = {
    membership: () => Promise.resolve(membership),
    post: (_team, card) => {
      if (failure) return Promise.reject(failure);
      posted.push(card);
      return Promise.resolve();
    },
  };
  let job: TeamPostJob;
  /** What the manager who planned the post was told, in their personal chat. */
  const told: Array<{ ref: unknown; card: Card }> = [];
  const PERSONAL = { serviceUrl: 'https://smba.example/', conversation: { id: 'a:manager-chat', conversationType: 'personal' } };
  const toldTexts = () => told.map(({ card }) => JSON.stringify(card));

  beforeAll(async () => {
    store = await openSqliteStore({ file: `${temp.dir}/store.sqlite`, notesKey: randomBytes(32), caseKeySecret: randomBytes(32) });
    const requester = { conversationRef: () => Promise.resolve(PERSONAL), sender: { send: (ref: unknown, card: Card) => Promise.resolve(void told.push({ ref, card })) }, contents: loadAllTeamKitContent() };
    job = new TeamPostJob({ teams: store.teams, channel, kit: new TeamDiscussionKit(loadAllTeamKitContent(), null), requester, now: () => clock.now, log: silentLogger }, { pollMs: 60_000, claimant: 'job' });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });
  beforeEach(async () => {
    clock.now = new Date(DUE);
    posted.splice(0);
    told.splice(0);
    membership = 'member';
    failure = null;
    await store.teams.removeTeam(TEAM.teamId);
    await store.teams.saveTeam(TEAM, DUE);
    await store.teams.planPost({ id: POST_ID, teamId: TEAM.teamId, locale: 'en', dueAt: DUE, requestedBy: 'aad-manager' }, DUE);
  });

  const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));

  it('posts the agenda in the language it was asked in, once', async () => {
    expect(await job.runOnce()).toBe(1);
    expect(posted).toEqual([new TeamDiscussionKit(loadAllTeamKitContent(), null).agendaCard('en')]);
    expect(await job.runOnce()).toBe(0);
    expect(told.map(({ ref }) => ref)).toEqual([PERSONAL]);
    expect(toldTexts()[0]).toContain(kits.en.personal.done.plannedPostedBody);
  });

  it('tries a post that certainly did not arrive again later, and gives up after its attempts', async () => {
    failure = new SendFailure('notDelivered', 429);
    expect(await job.runOnce()).toBe(1);
    expect(await store.teams.post(POST_ID)).toMatchObject({ status: 'planned', dueAt: new Date(clock.now.getTime() + RETRY_MS).toISOString() });
    expect(await job.runOnce()).toBe(0);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      later(RETRY_MS);
      expect(await job.runOnce()).toBe(1);
    }
    expect(await store.teams.post(POST_ID)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(posted).toEqual([]);
    // Told once, when it was given up; not at every retry.
    expect(toldTexts()).toEqual([expect.stringContaining(kits.en.personal.errors.notDelivered)]);
  });

  it('never posts twice what may have arrived', async () => {
    failure = new SendFailure('unknown', 504);
    await job.runOnce();
    expect(await store.teams.post(POST_ID)).toMatchObject({ status: 'failed' });
    expect(toldTexts()).toEqual([expect.stringContaining(kits.en.personal.errors.maybeDelivered)]);
  });

  it('forgets a team the bot can no longer post in', async () => {
    failure = new SendFailure('unreachable', 403);
    await job.runOnce();
    expect(await store.teams.team(TEAM.teamId)).toBeNull();
  });

  it('waits when Teams cannot say whether the requester is a member, and posts nothing for a non-member', async () => {
    membership = 'unknown';
    await job.runOnce();
    expect(await store.teams.post(POST_ID)).toMatchObject({ status: 'planned' });
    membership = 'notMember';
    later(RETRY_MS);
    await job.runOnce();
    expect(await store.teams.post(POST_ID)).toMatchObject({ status: 'failed' });
    expect(posted).toEqual([]);
  });

  it('forgets ended posts after a while', async () => {
    await job.runOnce();
    later(KEEP_MS - 1);
    await job.runOnce();
    expect(await store.teams.post(POST_ID)).not.toBeNull();
    later(2);
    await job.runOnce();
    expect(await store.teams.post(POST_ID)).toBeNull();
  });
});
