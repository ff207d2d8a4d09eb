/**
 * The port through which reminders leave the bot: one card into the conversation a stored
 * conversation reference points at. The Bot Framework implementation lives in bot/teams/.
 */
import type { Card } from '../turn';

export interface ProactiveSender {
  /** Sends the card; throws SendFailure when it did not arrive or may not have. */
  send(conversationRef: unknown, card: Card): Promise<void>;
}

/**
 * What a failed send means for the reminder, as far as the scheduler cares:
 * - `notDelivered`: certainly did not arrive (throttled, refused, the service asked to come back):
 *   try again later;
 * - `unknown`: it may have arrived (a timeout, 502, 504 or another server error, a reset): at most
 *   one more attempt, later, since Teams cannot tell a repeated message from a new one;
 * - `unreachable`: 403 (the bot may no longer post there) or 404 (the conversation is gone): the
 *   reference is of no use until the manager talks to the bot again;
 * - `rejected`: anything else the connector refused, or an unusable reference: give up.
 */
export type SendFailureKind = 'notDelivered' | 'unknown' | 'unreachable' | 'rejected';

/** Why a proactive send failed. Carries the HTTP status at most, never the activity. */
export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    readonly status?: number,
  ) {
    super(status === undefined ? `sendFailed: ${kind}` : `sendFailed: ${kind} ${status}`);
    this.name = 'SendFailure';
  }
}
