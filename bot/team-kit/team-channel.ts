/**
 * Where the team-discussion kit reaches a team: whether a manager is a member of it, and posting the
 * agenda card in its channel, both through the runtime the bot runs on (bot/runtime/) with the
 * team's own conversation reference — never a person's, and never the reminders' way.
 */
import type { ProactiveSender } from '../reminders/proactive-sender';
import type { TeamReference } from '../store/team-references';
import { teamConversationReference } from '../teams/team-reference';
import type { Membership, TeamMemberLookup } from '../teams/team-members';
import type { Card } from '../turn';

export interface TeamChannel {
  /** Asked of Teams at the moment of sending. */
  membership(team: TeamReference, userId: string): Promise<Membership>;
  /** Posts the card in the team's channel; throws SendFailure when it did not arrive, or may not have. */
  post(team: TeamReference, card: Card): Promise<void>;
}

/**
 * The channel through the running runtime. Taken when used: the runtime answers turns through the
 * conversation, and the conversation's team kit posts through the runtime, so the runtime is made after.
 */
export function teamChannelThrough(runtime: () => { proactive: ProactiveSender; teamMembers: TeamMemberLookup }): TeamChannel {
  return {
    membership: (team, userId) => runtime().teamMembers.membership(teamConversationReference(team), team.teamId, userId),
    post: (team, card) => runtime().proactive.send(teamConversationReference(team), card),
  };
}
