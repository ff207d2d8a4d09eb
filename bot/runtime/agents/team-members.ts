/** Team membership through the Agents SDK: its connector client's `getConversationMember` in a proactive turn on the team's reference (bot/teams/team-members.ts). */
import type { CloudAdapter, ConnectorClient, TurnContext } from '@microsoft/agents-hosting';
import type { StoredReference } from '../../teams/minimal-reference';
import { membershipVia } from '../../teams/team-members';
import type { Membership, TeamMemberLookup } from '../../teams/team-members';
import { agentsReference } from './proactive';

export class AgentsTeamMembers implements TeamMemberLookup {
  constructor(
    private readonly adapter: Pick<CloudAdapter, 'continueConversation' | 'ConnectorClientKey'>,
    /** Empty in development, where the SDK's anonymous identity calls without a token. */
    private readonly appId: string,
  ) {}

  membership(teamReference: StoredReference, teamId: string, userId: string): Promise<Membership> {
    const identity = this.appId === '' ? {} : this.appId;
    return membershipVia<TurnContext>(
      (logic) => this.adapter.continueConversation(identity, agentsReference(teamReference), logic),
      (context) => context.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey).getConversationMember(userId, teamId),
    );
  }
}
