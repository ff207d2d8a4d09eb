/**
 * The team-discussion kit's store part (bot/store/team-references.ts, migration 014) on SQLite and
 * PostgreSQL alike: team references keyed by team and never by user, kept apart from the personal
 * references (a due reminder never goes to a team), and agenda posts planned, claimed once, ended
 * and cancelled only by whoever asked for them.
 */
import { silentLogger } from '../../../bot/logger';
import type { ProactiveSender } from '../../../bot/reminders/proactive-sender';
import { ReminderScheduler } from '../../../bot/reminders/scheduler';
import type { CaseStore } from '../../../bot/store/case-store';
import type { TeamReference } from '../../../bot/store/team-references';
import { loadAllContent } from '../../../content/load';
import type { Card } from '../../../bot/turn';
import { caseWithReminder } from '../helpers/reminder-case';
import { postgresHarness, sqliteHarness } from './fixtures/harness';
import type { HarnessFactory, StoreHarness } from './fixtures/harness';
import { newKeys } from './fixtures/store';

const AT = '2026-12-07T08:00:00.000Z';
const MANAGER = 'aad-team-ref-manager';
const OTHER = 'aad-team-ref-other';

const team = (n: number, name = `Team ${n}`): TeamReference => ({
  teamId: `19:team-${n}@thread.tacv2`,
  name,
  tenantId: 'tenant-0001',
  conversationId: `19:general-${n}@thread.tacv2`,
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  botId: '28:bot-app-id',
});
const post = (id: string, teamId: string, dueAt: string, requestedBy = MANAGER) => ({ id: `post-${id}`.padEnd(16, '0'), teamId, locale: 'nl' as const, dueAt, requestedBy });

describe.each([
  ['SQLite', sqliteHarness],
  ['PostgreSQL', postgresHarness],
] as Array<[string, HarnessFactory]>)('team references on %s', (_name, factory) => {
  let harness: StoreHarness;
  let store: CaseStore;

  beforeAll(async () => {
    harness = await factory('team-references');
    store = await harness.open(newKeys());
  });
  afterAll(async () => {
    await store.close();
    await harness.dispose();
  });
  beforeEach(async () => {
    await harness.exec('DELETE FROM team_posts');
    await harness.exec('DELETE FROM team_references');
  });

  it('keeps one reference per team, replaced when Teams tells again (renamed), listed by name', async () => {
    await store.teams.saveTeam(team(2, 'Zorg'), AT);
    await store.teams.saveTeam(team(1, 'Beleid'), AT);
    await store.teams.saveTeam({ ...team(2, 'Aanpak'), conversationId: '19:other@thread.tacv2' }, '2026-12-07T09:00:00.000Z');
    expect((await store.teams.teams()).map((t) => t.name)).toEqual(['Aanpak', 'Beleid']);
    expect(await store.teams.team(team(2).teamId)).toEqual({ ...team(2, 'Aanpak'), conversationId: '19:other@thread.tacv2' });
    expect(await store.teams.team('19:unknown@thread.tacv2')).toBeNull();
  });

  it('holds no user: the columns are the team’s, its channel and the bot’s', async () => {
    expect((await harness.columns('team_references')).sort()).toEqual(['bot_id', 'conversation_id', 'service_url', 'team_id', 'team_name', 'tenant_id', 'updated_at']);
    // Planned posts name their requester only so they can cancel it, and no case.
    expect(await harness.columns('team_posts')).not.toContain('case_id');
  });

  it('forgets the team and its posts when the app leaves it', async () => {
    await store.teams.saveTeam(team(1), AT);
    await store.teams.saveTeam(team(2), AT);
    await store.teams.planPost(post('a', team(1).teamId, AT), AT);
    await store.teams.planPost(post('b', team(2).teamId, AT), AT);
    expect(await store.teams.removeTeam(team(1).teamId)).toBe(true);
    expect(await store.teams.removeTeam(team(1).teamId)).toBe(false);
    expect((await store.teams.teams()).map((t) => t.teamId)).toEqual([team(2).teamId]);
    expect(await store.teams.post(post('a', '', AT).id)).toBeNull();
    expect(await store.teams.post(post('b', '', AT).id)).toMatchObject({ status: 'planned' });
  });

  it('records a form once: the same form sent twice is refused', async () => {
    expect(await store.teams.planPost(post('once', team(1).teamId, AT), AT)).toBe(true);
    expect(await store.teams.planPost({ ...post('once', team(2).teamId, AT), requestedBy: OTHER }, AT)).toBe(false);
    expect(await store.teams.post(post('once', '', AT).id)).toEqual({ ...post('once', team(1).teamId, AT), status: 'planned', attempts: 0 });
  });

  it('claims a due post once, even for two claimants, and not before it is due', async () => {
    await store.teams.planPost(post('due', team(1).teamId, '2026-12-07T09:00:00.000Z'), AT);
    await store.teams.planPost(post('later', team(1).teamId, '2026-12-08T09:00:00.000Z'), AT);
    const claim = { now: '2026-12-07T09:00:00.000Z', leaseUntil: '2026-12-07T09:05:00.000Z', limit: 10 };
    const [first, second] = await Promise.all([store.teams.claimDuePosts({ ...claim, claimant: 'a' }), store.teams.claimDuePosts({ ...claim, claimant: 'b' })]);
    expect([...first, ...second].map((p) => [p.id, p.attempts])).toEqual([[post('due', '', AT).id, 1]]);
    // Held by its lease until it runs out; then another claimant takes it over.
    expect(await store.teams.claimDuePosts({ ...claim, now: '2026-12-07T09:04:00.000Z', claimant: 'c' })).toEqual([]);
    const taken = await store.teams.claimDuePosts({ ...claim, now: '2026-12-07T09:05:00.000Z', leaseUntil: '2026-12-07T09:10:00.000Z', claimant: 'c' });
    expect(taken.map((p) => p.attempts)).toEqual([2]);
    const claimant = first.length > 0 ? 'a' : 'b';
    expect(await store.teams.finishPost(taken[0]!.id, claimant, { status: 'sent' }, claim.now)).toBe(false);
    expect(await store.teams.finishPost(taken[0]!.id, 'c', { status: 'sent' }, claim.now)).toBe(true);
    expect(await store.teams.post(taken[0]!.id)).toMatchObject({ status: 'sent' });
  });

  it('writes a post sent now as claimed already: no post job takes it while its lease holds', async () => {
    const lease = { claimant: 'turn-1', leaseUntil: '2026-12-07T08:05:00.000Z' };
    expect(await store.teams.planPost(post('now', team(1).teamId, AT), AT, lease)).toBe(true);
    expect(await store.teams.claimDuePosts({ claimant: 'job', now: AT, leaseUntil: '2026-12-07T08:10:00.000Z', limit: 5 })).toEqual([]);
    expect(await store.teams.finishPost(post('now', '', AT).id, 'turn-1', { status: 'sent' }, AT)).toBe(true);
    expect(await store.teams.post(post('now', '', AT).id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('plans a post that could not be sent again, at the time given', async () => {
    await store.teams.planPost(post('retry', team(1).teamId, AT), AT);
    const [claimed] = await store.teams.claimDuePosts({ claimant: 'a', now: AT, leaseUntil: '2026-12-07T08:05:00.000Z', limit: 1 });
    expect(await store.teams.finishPost(claimed!.id, 'a', { status: 'planned', retryAt: '2026-12-07T08:30:00.000Z' }, AT)).toBe(true);
    expect(await store.teams.claimDuePosts({ claimant: 'b', now: '2026-12-07T08:29:00.000Z', leaseUntil: '2026-12-07T09:00:00.000Z', limit: 1 })).toEqual([]);
    expect(await store.teams.claimDuePosts({ claimant: 'b', now: '2026-12-07T08:30:00.000Z', leaseUntil: '2026-12-07T09:00:00.000Z', limit: 1 })).toHaveLength(1);
  });

  it('lists the posts a manager asked for, soonest first, to them only — cancelled ones too until they are forgotten', async () => {
    await store.teams.planPost(post('second', team(1).teamId, '2026-12-10T08:00:00.000Z'), AT);
    await store.teams.planPost(post('first', team(2).teamId, '2026-12-08T08:00:00.000Z'), AT);
    await store.teams.planPost(post('other', team(1).teamId, '2026-12-09T08:00:00.000Z', OTHER), AT);
    await store.teams.planPost(post('gone', team(1).teamId, '2026-12-09T08:00:00.000Z'), AT);
    await store.teams.cancelPost(post('gone', '', AT).id, MANAGER, AT);
    const listed = (requester: string) => store.teams.postsRequestedBy(requester).then((posts) => posts.map((p) => [p.id, p.status]));
    expect(await listed(MANAGER)).toEqual([
      [post('first', '', AT).id, 'planned'],
      [post('gone', '', AT).id, 'cancelled'],
      [post('second', '', AT).id, 'planned'],
    ]);
    expect(await listed(OTHER)).toEqual([[post('other', '', AT).id, 'planned']]);
  });

  it('cancels a planned post for whoever asked for it only, and never a sent one', async () => {
    await store.teams.planPost(post('mine', team(1).teamId, '2026-12-09T08:00:00.000Z'), AT);
    expect(await store.teams.cancelPost(post('mine', '', AT).id, OTHER, AT)).toBe(false);
    expect(await store.teams.cancelPost(post('mine', '', AT).id, MANAGER, AT)).toBe(true);
    expect(await store.teams.cancelPost(post('mine', '', AT).id, MANAGER, AT)).toBe(false);
    expect(await store.teams.claimDuePosts({ claimant: 'a', now: '2026-12-10T08:00:00.000Z', leaseUntil: '2026-12-10T08:05:00.000Z', limit: 5 })).toEqual([]);
    await store.teams.planPost(post('sent', team(1).teamId, AT), AT);
    await store.teams.claimDuePosts({ claimant: 'a', now: AT, leaseUntil: '2026-12-07T08:05:00.000Z', limit: 5 });
    await store.teams.finishPost(post('sent', '', AT).id, 'a', { status: 'sent' }, AT);
    expect(await store.teams.cancelPost(post('sent', '', AT).id, MANAGER, AT)).toBe(false);
  });

  it('forgets ended posts after a while, never a planned one', async () => {
    await store.teams.planPost(post('ended', team(1).teamId, AT), AT);
    await store.teams.planPost(post('planned', team(1).teamId, '2027-01-01T08:00:00.000Z'), AT);
    await store.teams.cancelPost(post('ended', '', AT).id, MANAGER, AT);
    expect(await store.teams.forgetFinishedPosts(AT)).toBe(0);
    expect(await store.teams.forgetFinishedPosts('2026-12-21T08:00:00.000Z')).toBe(1);
    expect(await harness.count('team_posts')).toBe(1);
  });

  it('never sends a reminder to a team: a manager with only a team reference gets none there', async () => {
    // The app is installed in the manager's team, and they never opened the personal chat.
    await store.teams.saveTeam(team(1), AT);
    await store.commit(caseWithReminder('team-ref-case-0001', MANAGER, AT));
    const sent: unknown[] = [];
    const sender: ProactiveSender = {
      send: (ref: unknown, _card: Card) => {
        sent.push(ref);
        return Promise.resolve();
      },
    };
    const scheduler = new ReminderScheduler({ store, sender, contents: loadAllContent(), now: () => new Date('2026-12-07T09:00:00.000Z'), log: silentLogger }, { pollMs: 60_000, claimant: 'test' });
    expect(await scheduler.runOnce()).toBe(1);
    expect(sent).toEqual([]);
    // With a personal reference the same kind of reminder goes there, and only there.
    const personal = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:personal-chat', conversationType: 'personal' } };
    await store.saveConversationRef(MANAGER, personal);
    await store.commit(caseWithReminder('team-ref-case-0002', MANAGER, AT));
    expect(await scheduler.runOnce()).toBe(1);
    expect(sent).toEqual([expect.objectContaining({ conversation: personal.conversation })]);
  });
});
