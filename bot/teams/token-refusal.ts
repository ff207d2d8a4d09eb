/**
 * Why a request's token was refused, as both runtimes log it: one reason code, never the token,
 * its claims or a library's message. The client gets the same quiet 401 whatever the reason.
 * The tables of bot/runtime/botbuilder/fail-closed-authentication.ts and
 * bot/runtime/agents/bot-token-verifier.ts say which failure is which reason.
 */
import type { Logger } from '../logger';
import type { TokenLifetimeProblem } from '../token-lifetime';

export type TokenRefusalReason =
  | 'missingToken'
  | 'untrustedToken'
  | 'unknownSigningKey'
  | 'badSignature'
  | 'expired'
  | 'wrongAudience'
  | 'serviceUrlMismatch'
  | 'keysUnavailable'
  | 'invalidToken'
  | TokenLifetimeProblem;

/** Keys that could not be fetched are the operator's problem (error); every other refusal is the caller's (warn). */
export function logTokenRefusal(log: Logger, reason: TokenRefusalReason): void {
  if (reason === 'keysUnavailable') log.error('authentication refused', { reason });
  else log.warn('authentication refused', { reason });
}
