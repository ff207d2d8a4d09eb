/**
 * The team-discussion kit's store part (issue 21 §2, migration 014), written once over the query
 * layer for SQLite and PostgreSQL alike:
 *
 * | table           | written when                                   | holds                                         |
 * |-----------------|------------------------------------------------|-----------------------------------------------|
 * | team_references | the app is installed in / removed from a team  | per team: its name, the channel to post to, serviceUrl, tenant, the bot's id — no user |
 * | team_posts      | a manager sends the agenda now or plans it      | team, due time, language, the requester (only so they can cancel it) — no case |
 *
 * Team references live apart from the personal conversation references on purpose: reminders read
 * only `conversation_refs`, so a team can never get a reminder. A planned post is claimed with a
 * lease, one row at a time, so several bot instances can run the post job (bot/team-kit/team-post-job.ts).
 */
import type { Locale } from '../../content/load';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { Prepared } from './query-layer';
import type { StoreSchema } from './store-schema';
import { firstRow, rows, run } from './store-program';
import type { ProgramRunner } from './store-program';
import type { TeamPost, TeamPostRecord, TeamReference, TeamReferenceRecord } from './team-reference-rows';

export type { TeamPost, TeamReference } from './team-reference-rows';

/** How a claimed post ended: sent, given up, or due again later (`retryAt`). */
export type TeamPostOutcome = { status: 'sent' | 'failed' } | { status: 'planned'; retryAt: string };

export interface NewTeamPost {
  id: string;
  teamId: string;
  locale: Locale;
  dueAt: string;
  requestedBy: string;
}

export interface TeamPostClaim {
  claimant: string;
  now: string;
  leaseUntil: string;
  limit: number;
}

/** The narrow port of the team-discussion kit (CaseStore.teams). */
export interface TeamReferenceStore {
  /** Insert or replace the team's reference (installed, renamed, or Teams told again). */
  saveTeam(team: TeamReference, at: string): Promise<void>;
  /** The app left the team, or the team was deleted: its reference and its posts go. True when there was one. */
  removeTeam(teamId: string): Promise<boolean>;
  team(teamId: string): Promise<TeamReference | null>;
  /** Every team the app is installed in, by name. */
  teams(): Promise<TeamReference[]>;
  /**
   * Records a post; false when a post with this id exists already (the same form sent twice). With
   * `claim`, the post is claimed as it is written (one attempt): a post sent now, in the manager's
   * turn, which no post job may take meanwhile.
   */
  planPost(post: NewTeamPost, at: string, claim?: { claimant: string; leaseUntil: string }): Promise<boolean>;
  post(id: string): Promise<TeamPost | null>;
  /**
   * Every post `requestedBy` asked for that the store still keeps — planned ones, and finished ones
   * until they are forgotten — soonest first: for them only (to cancel one, and in `mijn gegevens`).
   */
  postsRequestedBy(requestedBy: string): Promise<TeamPost[]>;
  /** Claims planned posts that are due and not held by another claimant's lease; counts an attempt each. */
  claimDuePosts(claim: TeamPostClaim): Promise<TeamPost[]>;
  /** Ends a claim; false when the claim was lost (cancelled meanwhile, or taken over after its lease). */
  finishPost(id: string, claimant: string, outcome: TeamPostOutcome, at: string): Promise<boolean>;
  /** Cancels a planned post of `requestedBy`; false when there is no such planned post. */
  cancelPost(id: string, requestedBy: string, at: string): Promise<boolean>;
  /** Deletes posts that ended before `before`: they only served to recognise a second click. */
  forgetFinishedPosts(before: string): Promise<number>;
}

/** A record's columns as slot parameters (a mapped type: interfaces have no index signature). */
type Columns<T> = { [K in keyof T]: T[K] };

const toTeam = (row: TeamReferenceRecord): TeamReference => ({
  teamId: row.team_id,
  name: row.team_name,
  tenantId: row.tenant_id,
  conversationId: row.conversation_id,
  serviceUrl: row.service_url,
  botId: row.bot_id,
});

const toPost = (row: TeamPostRecord): TeamPost => ({
  id: row.id,
  teamId: row.team_id,
  locale: row.locale,
  dueAt: row.due_at,
  requestedBy: row.requested_by,
  status: row.status,
  attempts: Number(row.attempts),
});

function statementsFor(db: Kysely<StoreSchema>) {
  // Planned, due, and not held by a live lease.
  const claimable = (now: string) => (eb: ExpressionBuilder<StoreSchema, 'team_posts'>) =>
    eb.and([eb('status', '=', 'planned'), eb('due_at', '<=', now), eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)])]);
  return {
    saveTeam: Prepared.of<Columns<TeamReferenceRecord>, never>((slot) =>
      db
        .insertInto('team_references')
        .values({
          team_id: slot('team_id'),
          team_name: slot('team_name'),
          tenant_id: slot('tenant_id'),
          conversation_id: slot('conversation_id'),
          service_url: slot('service_url'),
          bot_id: slot('bot_id'),
          updated_at: slot('updated_at'),
        })
        .onConflict((conflict) =>
          conflict.column('team_id').doUpdateSet((eb) => ({
            team_name: eb.ref('excluded.team_name'),
            tenant_id: eb.ref('excluded.tenant_id'),
            conversation_id: eb.ref('excluded.conversation_id'),
            service_url: eb.ref('excluded.service_url'),
            bot_id: eb.ref('excluded.bot_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    ),
    removeTeam: Prepared.of<{ teamId: string }, never>((slot) => db.deleteFrom('team_references').where('team_id', '=', slot('teamId'))),
    removeTeamPosts: Prepared.of<{ teamId: string }, never>((slot) => db.deleteFrom('team_posts').where('team_id', '=', slot('teamId'))),
    team: Prepared.of<{ teamId: string }, TeamReferenceRecord>((slot) => db.selectFrom('team_references').selectAll().where('team_id', '=', slot('teamId'))),
    teams: Prepared.of<Record<string, never>, TeamReferenceRecord>(() => db.selectFrom('team_references').selectAll().orderBy('team_name').orderBy('team_id')),
    planPost: Prepared.of<Columns<Omit<TeamPostRecord, 'finished_at' | 'status'>>, never>((slot) =>
      db
        .insertInto('team_posts')
        .values({
          id: slot('id'),
          team_id: slot('team_id'),
          locale: slot('locale'),
          due_at: slot('due_at'),
          requested_by: slot('requested_by'),
          status: 'planned',
          attempts: slot('attempts'),
          claimant: slot('claimant'),
          lease_until: slot('lease_until'),
          created_at: slot('created_at'),
        })
        .onConflict((conflict) => conflict.column('id').doNothing()),
    ),
    post: Prepared.of<{ id: string }, TeamPostRecord>((slot) => db.selectFrom('team_posts').selectAll().where('id', '=', slot('id'))),
    postsRequestedBy: Prepared.of<{ requestedBy: string }, TeamPostRecord>((slot) =>
      db.selectFrom('team_posts').selectAll().where('requested_by', '=', slot('requestedBy')).orderBy('due_at').orderBy('id'),
    ),
    duePosts: Prepared.of<{ now: string; limit: number }, { id: string }>((slot) =>
      db.selectFrom('team_posts').select('id').where(claimable(slot('now'))).orderBy('due_at').orderBy('id').limit(slot('limit')),
    ),
    // The same condition again: of two instances that both saw the post due, one gets it.
    claimPost: Prepared.of<{ id: string; now: string; claimant: string; leaseUntil: string }, TeamPostRecord>((slot) =>
      db
        .updateTable('team_posts')
        .set((eb) => ({ claimant: slot('claimant'), lease_until: slot('leaseUntil'), attempts: eb('attempts', '+', 1) }))
        .where('id', '=', slot('id'))
        .where(claimable(slot('now')))
        .returningAll(),
    ),
    finishPost: Prepared.of<{ id: string; claimant: string; status: 'sent' | 'failed'; at: string }, never>((slot) =>
      db
        .updateTable('team_posts')
        .set({ status: slot('status'), finished_at: slot('at'), claimant: null, lease_until: null })
        .where('id', '=', slot('id'))
        .where('claimant', '=', slot('claimant'))
        .where('status', '=', 'planned'),
    ),
    retryPost: Prepared.of<{ id: string; claimant: string; retryAt: string }, never>((slot) =>
      db
        .updateTable('team_posts')
        .set({ due_at: slot('retryAt'), claimant: null, lease_until: null })
        .where('id', '=', slot('id'))
        .where('claimant', '=', slot('claimant'))
        .where('status', '=', 'planned'),
    ),
    cancelPost: Prepared.of<{ id: string; requestedBy: string; at: string }, never>((slot) =>
      db
        .updateTable('team_posts')
        .set({ status: 'cancelled', finished_at: slot('at'), claimant: null, lease_until: null })
        .where('id', '=', slot('id'))
        .where('requested_by', '=', slot('requestedBy'))
        .where('status', '=', 'planned'),
    ),
    forgetFinished: Prepared.of<{ before: string }, never>((slot) =>
      db.deleteFrom('team_posts').where('status', '!=', 'planned').where('finished_at', '<', slot('before')),
    ),
  };
}

/**
 * Each method one statement (a read, or a write in a transaction of its own), except `removeTeam`
 * (two deletes, one transaction) and `claimDuePosts` (each claim atomic on its own).
 */
export class TeamReferences implements TeamReferenceStore {
  private readonly statements: ReturnType<typeof statementsFor>;

  constructor(private readonly store: ProgramRunner) {
    this.statements = statementsFor(store.db);
  }

  async saveTeam(team: TeamReference, at: string): Promise<void> {
    const query = this.statements.saveTeam.with({
      team_id: team.teamId,
      team_name: team.name,
      tenant_id: team.tenantId,
      conversation_id: team.conversationId,
      service_url: team.serviceUrl,
      bot_id: team.botId,
      updated_at: at,
    });
    await this.store.write(() => run(query));
  }

  removeTeam(teamId: string): Promise<boolean> {
    const { removeTeamPosts, removeTeam } = this.statements;
    // Posts first: a post never outlives its team's reference.
    return this.store.write(function* () {
      yield* run(removeTeamPosts.with({ teamId }));
      return (yield* run(removeTeam.with({ teamId }))) > 0;
    });
  }

  async team(teamId: string): Promise<TeamReference | null> {
    const query = this.statements.team.with({ teamId });
    const row = await this.store.read(() => firstRow(query));
    return row ? toTeam(row) : null;
  }

  async teams(): Promise<TeamReference[]> {
    const query = this.statements.teams.with({});
    return (await this.store.read(() => rows(query))).map(toTeam);
  }

  async planPost(post: NewTeamPost, at: string, claim?: { claimant: string; leaseUntil: string }): Promise<boolean> {
    const query = this.statements.planPost.with({
      id: post.id,
      team_id: post.teamId,
      locale: post.locale,
      due_at: post.dueAt,
      requested_by: post.requestedBy,
      created_at: at,
      attempts: claim ? 1 : 0,
      claimant: claim?.claimant ?? null,
      lease_until: claim?.leaseUntil ?? null,
    });
    return (await this.store.write(() => run(query))) > 0;
  }

  async post(id: string): Promise<TeamPost | null> {
    const query = this.statements.post.with({ id });
    const row = await this.store.read(() => firstRow(query));
    return row ? toPost(row) : null;
  }

  async postsRequestedBy(requestedBy: string): Promise<TeamPost[]> {
    const query = this.statements.postsRequestedBy.with({ requestedBy });
    return (await this.store.read(() => rows(query))).map(toPost);
  }

  async claimDuePosts({ claimant, now, leaseUntil, limit }: TeamPostClaim): Promise<TeamPost[]> {
    const due = this.statements.duePosts.with({ now, limit });
    const claimed: TeamPost[] = [];
    for (const { id } of await this.store.read(() => rows(due))) {
      const [row] = await this.store.statement(this.statements.claimPost.with({ id, now, claimant, leaseUntil }));
      if (row) claimed.push(toPost(row));
    }
    return claimed;
  }

  async finishPost(id: string, claimant: string, outcome: TeamPostOutcome, at: string): Promise<boolean> {
    const query =
      outcome.status === 'planned'
        ? this.statements.retryPost.with({ id, claimant, retryAt: outcome.retryAt })
        : this.statements.finishPost.with({ id, claimant, status: outcome.status, at });
    return (await this.store.write(() => run(query))) > 0;
  }

  async cancelPost(id: string, requestedBy: string, at: string): Promise<boolean> {
    const query = this.statements.cancelPost.with({ id, requestedBy, at });
    return (await this.store.write(() => run(query))) > 0;
  }

  forgetFinishedPosts(before: string): Promise<number> {
    const query = this.statements.forgetFinished.with({ before });
    return this.store.write(() => run(query));
  }
}
