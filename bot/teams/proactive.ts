/**
 * Proactive messages through the Bot Framework: `continueConversationAsync` with the stored
 * conversation reference, which posts to the reference's serviceUrl (the Bot Connector, or a local
 * stub in tests). botbuilder types stay in bot/teams/.
 */
import { CardFactory, MessageFactory } from 'botbuilder';
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Card } from '../conversation';
import type { ProactiveSender } from '../reminders/proactive-sender';
import { SendFailure } from '../reminders/proactive-sender';

/** Throttling, precondition races and gateway errors pass; other client errors will not. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 409, 412, 429]);

function statusOf(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

function isUsableReference(ref: unknown): ref is Partial<ConversationReference> {
  if (typeof ref !== 'object' || ref === null) return false;
  const { serviceUrl, conversation } = ref as { serviceUrl?: unknown; conversation?: { id?: unknown } };
  return typeof serviceUrl === 'string' && serviceUrl !== '' && typeof conversation?.id === 'string';
}

export class TeamsProactiveSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(conversationRef: unknown, card: Card): Promise<void> {
    if (!isUsableReference(conversationRef)) throw new SendFailure(false);
    // The adapter's onTurnError swallows errors thrown inside the turn: keep the send's own error.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, conversationRef, async (context) => {
        try {
          await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure === undefined) return;
    const status = statusOf(failure);
    throw new SendFailure(status === undefined || status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status), status);
  }
}
