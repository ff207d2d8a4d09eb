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
import { verdictOfError, verdictOfStatus } from './connector-retry';

/** Client errors that pass: a timeout reading the request, a conflict or precondition race, throttling. */
const PASSING_CLIENT_STATUSES: readonly number[] = [408, 409, 412, 429];
/** The bot may no longer post in the conversation (403), or it is gone (404). */
const UNREACHABLE_STATUSES: readonly number[] = [403, 404];

interface ConnectorError {
  statusCode?: unknown;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/**
 * What the failure of a whole send (after connector-retry.ts) means for the reminder. An answer is
 * judged as the retry policy judges it; a server error it would pass on may have arrived too.
 */
export function sendFailureOf(error: unknown): SendFailure {
  const { statusCode, response } = (typeof error === 'object' && error !== null ? error : {}) as ConnectorError;
  if (typeof statusCode !== 'number') {
    // No answer: a network failure, or nothing was sent at all (no token, say).
    return new SendFailure(verdictOfError(error)?.fate === 'unknown' ? 'unknown' : 'notDelivered');
  }
  if (UNREACHABLE_STATUSES.includes(statusCode)) return new SendFailure('unreachable', statusCode);
  const verdict = verdictOfStatus(statusCode, response?.headers?.get?.('retry-after') !== undefined);
  if (verdict.fate === 'notTaken' || PASSING_CLIENT_STATUSES.includes(statusCode)) return new SendFailure('notDelivered', statusCode);
  return new SendFailure(verdict.fate === 'unknown' || statusCode >= 500 ? 'unknown' : 'rejected', statusCode);
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
    if (!isUsableReference(conversationRef)) throw new SendFailure('rejected');
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
    if (failure !== undefined) throw sendFailureOf(failure);
  }
}
