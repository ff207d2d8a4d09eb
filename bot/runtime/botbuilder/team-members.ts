/** Team membership through botbuilder: `TeamsInfo.getTeamMember` in a proactive turn on the team's reference (bot/teams/team-members.ts). */
import { TeamsInfo } from 'botbuilder';
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { StoredReference } from '../../teams/minimal-reference';
import { membershipVia } from '../../teams/team-members';
import type { Membership, TeamMemberLookup } from '../../teams/team-members';

export class BotbuilderTeamMembers implements TeamMemberLookup {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  membership(teamReference: StoredReference, teamId: string, userId: string): Promise<Membership> {
    return membershipVia<TurnContext>(
      (logic) => this.adapter.continueConversationAsync(this.appId, teamReference as Partial<ConversationReference>, logic),
      (context) => TeamsInfo.getTeamMember(context, teamId, userId),
    );
  }
}
