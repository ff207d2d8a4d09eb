/**
 * Proactive messages through botbuilder: `continueConversationAsync` with the stored conversation
 * reference, which posts to the reference's serviceUrl (the Bot Connector, or a local stub in
 * tests). What a failure means is shared with the Agents runtime (bot/teams/send-failure.ts).
 */
import { CardFactory, MessageFactory } from 'botbuilder';
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Card } from '../../turn';
import type { ProactiveSender } from '../../reminders/proactive-sender';
import { SendFailure } from '../../reminders/proactive-sender';
import { isUsableReference, sendProactively } from '../../teams/send-failure';

export class TeamsProactiveSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(conversationRef: unknown, card: Card): Promise<void> {
    if (!isUsableReference(conversationRef)) throw new SendFailure('rejected');
    await sendProactively<TurnContext>(
      (logic) => this.adapter.continueConversationAsync(this.appId, conversationRef as Partial<ConversationReference>, logic),
      (context) => context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card))),
    );
  }
}
