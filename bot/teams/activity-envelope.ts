/**
 * The envelope of an incoming activity: the fields botbuilder and the handler rely on before any
 * of our validation runs. botbuilder itself checks only that `type` is a string, and throws (a 500)
 * on the rest; a body without this envelope is answered 400 before it reaches botbuilder.
 * Everything inside (text, value, entities) stays the handler's business.
 */
import { z } from 'zod';

const account = z.object({ id: z.string().min(1).max(512) });
const instant = z.string().max(64).refine((value) => !Number.isNaN(Date.parse(value)));
const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol));

const envelope = z.object({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl: httpUrl,
  conversation: account,
  from: account,
  recipient: account,
  timestamp: instant.optional(),
  localTimestamp: instant.optional(),
  expiration: instant.optional(),
});

export function hasActivityEnvelope(body: unknown): boolean {
  return envelope.safeParse(body).success;
}
