/**
 * Whether a user is a member of a team, asked of Teams when a manager sends the team-discussion
 * agenda (issue 21 §2): `GET v3/conversations/{teamId}/members/{userId}` through the runtime's
 * connector client (botbuilder's `TeamsInfo.getTeamMember`, the Agents SDK's `getConversationMember`),
 * in a proactive turn on the team's conversation reference. What the answer means is decided once here.
 */
import { SendFailure } from '../reminders/proactive-sender';
import { sendProactively } from './send-failure';
import type { StoredReference } from './minimal-reference';

/** `unknown`: Teams could not be asked (throttled, down, no token): nothing may be posted on it. */
export type Membership = 'member' | 'notMember' | 'unknown';

export interface TeamMemberLookup {
  membership(teamReference: StoredReference, teamId: string, userId: string): Promise<Membership>;
}

/** Runs the lookup in a proactive turn: an answer is membership; 404 (no such member, or no such team for the bot) is none. */
export async function membershipVia<Context>(
  continueConversation: (logic: (context: Context) => Promise<void>) => Promise<void>,
  lookup: (context: Context) => Promise<unknown>,
): Promise<Membership> {
  try {
    await sendProactively(continueConversation, lookup);
    return 'member';
  } catch (error) {
    return error instanceof SendFailure && error.status === 404 ? 'notMember' : 'unknown';
  }
}
