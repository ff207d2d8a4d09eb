/**
 * Proactive messages through the Agents SDK: `continueConversation` with the stored conversation
 * reference. References are stored in botbuilder's shape (bot/teams/minimal-reference.ts); the SDK
 * names the bot's account `agent`, filled in here from `bot`, so references stored by either runtime
 * work with both. What a failure means is shared (bot/teams/send-failure.ts).
 */
import type { ConversationReference } from '@microsoft/agents-activity';
import type { CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { ProactiveSender } from '../../reminders/proactive-sender';
import { SendFailure } from '../../reminders/proactive-sender';
import type { StoredReference } from '../../teams/minimal-reference';
import { isUsableReference, sendProactively } from '../../teams/send-failure';
import type { Card } from '../../turn';
import { cardMessage } from './handler';

/** Without the names the store blanks (bot/teams/minimal-reference.ts): the SDK's schema refuses an empty name. */
function withoutBlankName<T extends { name?: string }>(value: T | undefined): T | undefined {
  if (!value) return value;
  const { name, ...rest } = value;
  return (name ? value : rest) as T;
}

/** A stored reference as the Agents SDK reads it: the bot's account as `agent`, no blank names. */
export function agentsReference(stored: StoredReference & { agent?: StoredReference['bot'] }): ConversationReference {
  const { bot, agent, user, conversation, ...rest } = stored;
  return {
    ...rest,
    user: withoutBlankName(user),
    agent: withoutBlankName(agent ?? bot),
    conversation: withoutBlankName(conversation),
  } as ConversationReference;
}

export class AgentsProactiveSender implements ProactiveSender {
  constructor(
    private readonly adapter: Pick<CloudAdapter, 'continueConversation'>,
    /** The bot's app id; empty in development, where the SDK's anonymous identity sends without a token. */
    private readonly appId: string,
  ) {}

  async send(conversationRef: unknown, card: Card): Promise<void> {
    if (!isUsableReference(conversationRef)) throw new SendFailure('rejected');
    const identity = this.appId === '' ? {} : this.appId;
    await sendProactively<TurnContext>(
      (logic) => this.adapter.continueConversation(identity, agentsReference(conversationRef), logic),
      (context) => context.sendActivity(cardMessage(card)),
    );
  }
}
