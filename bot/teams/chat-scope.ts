/**
 * Where a turn happens. The manifest offers the bot only in the personal scope, but side-loading
 * and test clients can still put it into a channel or group chat, where everyone reads along.
 * Case content belongs in the manager's personal chat only, so anything else counts as shared:
 * a conversation without a type too (Teams always names it; only a non-Teams client leaves it out).
 */
import type { ActivityFields } from './activity';

export function isPersonalChat(activity: Pick<ActivityFields, 'conversation'>): boolean {
  return activity.conversation?.conversationType === 'personal';
}
