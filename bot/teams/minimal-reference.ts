/**
 * The conversation reference stored for proactive reminders, without display names: sending needs
 * the service URL, the channel and the ids, not what a person or chat is called. Names are personal
 * data the store has no use for (see docs/privacy.md). Nor the id of the incoming activity, which a
 * proactive message does not use either: without it the reference stays the same from turn to turn,
 * so the store need not rewrite it on every turn.
 *
 * The shape is botbuilder's `ConversationReference` (the bot's account under `bot`), built here
 * without any SDK; the Agents SDK names that account `agent`, which its proactive sender fills in
 * (bot/runtime/agents/proactive.ts). References stored by either runtime work with both.
 */
import type { AccountFields, ActivityFields, ConversationFields } from './activity';

export interface StoredReference {
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
  user?: AccountFields;
  bot?: AccountFields;
  conversation?: ConversationFields;
}

const account = (from: AccountFields | undefined, withAad: boolean): AccountFields | undefined =>
  from
    ? { id: from.id ?? '', name: '', ...(withAad && from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}), ...(from.role ? { role: from.role } : {}) }
    : undefined;

export function minimalReference(activity: ActivityFields): StoredReference {
  const { user, bot, conversation } = { user: account(activity.from, true), bot: account(activity.recipient, false), conversation: activity.conversation };
  return {
    channelId: activity.channelId,
    locale: activity.locale,
    serviceUrl: activity.serviceUrl,
    ...(user ? { user } : {}),
    ...(bot ? { bot } : {}),
    ...(conversation
      ? {
          conversation: {
            id: conversation.id ?? '',
            name: '',
            isGroup: conversation.isGroup,
            conversationType: conversation.conversationType,
            ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
          },
        }
      : {}),
  };
}
