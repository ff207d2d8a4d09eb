/**
 * Where a turn happens. The manifest offers the bot in a team or group chat for one purpose only,
 * the team-discussion agenda (bot/team-kit/), and there everyone reads along.
 * Case content belongs in the manager's personal chat only, so anything else counts as shared:
 * a conversation without a type too (Teams always names it; only a non-Teams client leaves it out).
 */
import type { ActivityFields } from './activity';

export function isPersonalChat(activity: Pick<ActivityFields, 'conversation'>): boolean {
  return activity.conversation?.conversationType === 'personal';
}
