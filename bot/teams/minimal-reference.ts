/**
 * The conversation reference stored for proactive reminders, without display names: sending needs
 * the service URL, the channel and the ids, not what a person or chat is called. Names are personal
 * data the store has no use for (see docs/privacy.md). Nor the id of the incoming activity, which a
 * proactive message does not use either: without it the reference stays the same from turn to turn,
 * so the store need not rewrite it on every turn.
 */
import { TurnContext } from 'botbuilder';
import type { Activity, ConversationReference } from 'botbuilder';

export function minimalReference(activity: Partial<Activity>): Partial<ConversationReference> {
  const { activityId: _incoming, ...reference } = TurnContext.getConversationReference(activity);
  const { user, bot, conversation } = reference;
  return {
    ...reference,
    ...(user ? { user: { id: user.id, name: '', ...(user.aadObjectId ? { aadObjectId: user.aadObjectId } : {}), ...(user.role ? { role: user.role } : {}) } } : {}),
    ...(bot ? { bot: { id: bot.id, name: '', ...(bot.role ? { role: bot.role } : {}) } } : {}),
    ...(conversation
      ? {
          conversation: {
            id: conversation.id,
            name: '',
            isGroup: conversation.isGroup,
            conversationType: conversation.conversationType,
            ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
          },
        }
      : {}),
  };
}
