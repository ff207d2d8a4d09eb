/**
 * The port through which reminders leave the bot: one card into the conversation a stored
 * conversation reference points at. The Bot Framework implementation lives in bot/teams/.
 */
import type { Card } from '../conversation';

export interface ProactiveSender {
  /** Sends the card; throws SendFailure when it did not arrive. */
  send(conversationRef: unknown, card: Card): Promise<void>;
}

/**
 * Why a proactive send failed, as far as the scheduler cares: retry later (throttled, the service
 * or the network was down) or give up (the bot was removed, the conversation is gone, the
 * reference is unusable). Carries the HTTP status at most, never the activity.
 */
export class SendFailure extends Error {
  constructor(
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(status === undefined ? 'sendFailed' : `sendFailed: ${status}`);
    this.name = 'SendFailure';
  }
}
