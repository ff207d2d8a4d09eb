/**
 * Who sent a raw activity body, before botbuilder has looked at it: the Entra object id, or the
 * channel id for a client without one. Used for per-user limits, which only authenticated turns
 * consume (see bot/http/rate-limit.ts).
 */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function senderOf(activity: unknown): string | null {
  const from = isRecord(activity) && isRecord(activity.from) ? activity.from : null;
  if (!from) return null;
  const id = [from.aadObjectId, from.id].find((value): value is string => typeof value === 'string' && value.length > 0);
  return id ? id.slice(0, 256) : null;
}
