/**
 * What the failure of a whole proactive send (after connector-retry.ts) means for the reminder,
 * whichever SDK sent it: botbuilder throws a RestError (`statusCode`, `response.headers.get` gives
 * undefined for a missing header), the Agents SDK an HttpError (`status`, fetch's Headers give null).
 */
import { SendFailure } from '../reminders/proactive-sender';
import type { StoredReference } from './minimal-reference';
import { verdictOfError, verdictOfStatus } from './connector-retry';

/** Client errors that pass: a timeout reading the request, a conflict or precondition race, throttling. */
const PASSING_CLIENT_STATUSES: readonly number[] = [408, 409, 412, 429];
/** The bot may no longer post in the conversation (403), or it is gone (404). */
const UNREACHABLE_STATUSES: readonly number[] = [403, 404];

interface ConnectorError {
  statusCode?: unknown;
  status?: unknown;
  response?: { headers?: { get?(name: string): string | null | undefined } };
}

/** An answer is judged as the retry policy judges it; a server error it would pass on may have arrived too. */
export function sendFailureOf(error: unknown): SendFailure {
  const { statusCode: restStatus, status: httpStatus, response } = (typeof error === 'object' && error !== null ? error : {}) as ConnectorError;
  const statusCode = typeof restStatus === 'number' ? restStatus : httpStatus;
  if (typeof statusCode !== 'number') {
    // No answer: a network failure, or nothing was sent at all (no token, say).
    return new SendFailure(verdictOfError(error)?.fate === 'unknown' ? 'unknown' : 'notDelivered');
  }
  if (UNREACHABLE_STATUSES.includes(statusCode)) return new SendFailure('unreachable', statusCode);
  const verdict = verdictOfStatus(statusCode, (response?.headers?.get?.('retry-after') ?? undefined) !== undefined);
  if (verdict.fate === 'notTaken' || PASSING_CLIENT_STATUSES.includes(statusCode)) return new SendFailure('notDelivered', statusCode);
  return new SendFailure(verdict.fate === 'unknown' || statusCode >= 500 ? 'unknown' : 'rejected', statusCode);
}

/** A stored reference a proactive message can be sent to: a service URL and a conversation id. */
export function isUsableReference(ref: unknown): ref is StoredReference & { serviceUrl: string; conversation: { id: string } } {
  if (typeof ref !== 'object' || ref === null) return false;
  const { serviceUrl, conversation } = ref as { serviceUrl?: unknown; conversation?: { id?: unknown } };
  return typeof serviceUrl === 'string' && serviceUrl !== '' && typeof conversation?.id === 'string';
}

/**
 * Runs one proactive send through an SDK's continueConversation. The SDKs' onTurnError swallows
 * errors thrown inside the turn: the send's own error is kept and turned into a SendFailure.
 */
export async function sendProactively<Context>(
  continueConversation: (logic: (context: Context) => Promise<void>) => Promise<void>,
  send: (context: Context) => Promise<unknown>,
): Promise<void> {
  let failure: unknown;
  try {
    await continueConversation(async (context) => {
      try {
        await send(context);
      } catch (error) {
        failure = error;
      }
    });
  } catch (error) {
    failure = error;
  }
  if (failure !== undefined) throw sendFailureOf(failure);
}
