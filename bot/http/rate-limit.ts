/**
 * Rate limits as token buckets: a key may spend `capacity` requests at once, and earns them back at
 * `perSecond`. Over the limit the answer is 429 with `Retry-After` (whole seconds until the next
 * request would pass), which the Bot Connector and browsers honour.
 *
 * - Global: one bucket for the whole server, before anything is parsed; health probes are exempt
 *   so an orchestrator does not restart an instance that is merely busy.
 * - Per user: keyed by the sender (the Entra object id of an activity, or the user an API's
 *   authentication found). A request refused as unauthenticated (401) gives its token back, so
 *   nobody can lock a colleague out by forging their id.
 *
 * The buckets live in each instance's memory, so N instances would allow N times the limits. The
 * configured limits are therefore the budget of the whole service, and each instance takes its
 * share (`perInstanceShare`, INSTANCE_COUNT). They are not counted in the database: the limits act
 * before a request is parsed or a turn loads anything, on routes that make no database round trip
 * at all, and one shared counter would be a hot row every request of every instance writes. A hard
 * cap for the whole service belongs in the gateway in front (docs/operations.md, "Rate limits on
 * several instances").
 */
import type { Request, Response, Next } from 'restify';
import { sendError } from './error-responses';

export interface RateLimitOptions {
  capacity: number;
  perSecond: number;
  /** Buckets kept; the least recently used are forgotten beyond this (a forgotten key starts full). */
  maxKeys?: number;
  now: () => number;
}

/**
 * One instance's part of a limit that `instances` instances share: rounded down, so that together
 * they never allow more than the limit (one at the least: an instance must let something through).
 * A load balancer that spreads requests evenly gives a user the whole limit; one that sends all of
 * a user's requests to one instance gives them that instance's share, which errs on the safe side.
 */
export function perInstanceShare(limit: number, instances: number): number {
  return Math.max(1, Math.floor(limit / instances));
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimitOptions) {}

  take(key: string): RateLimitDecision {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond)) };
  }

  /** Gives back a token taken for a request that turned out not to count. */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.options.capacity, bucket.tokens + 1);
  }

  private refilled(key: string): Bucket {
    const now = this.options.now();
    const known = this.buckets.get(key);
    const bucket = known
      ? { tokens: Math.min(this.options.capacity, known.tokens + ((now - known.at) / 1000) * this.options.perSecond), at: now }
      : { tokens: this.options.capacity, at: now };
    // Re-inserting keeps the map in least-recently-used order.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > (this.options.maxKeys ?? 10_000)) this.buckets.delete(this.buckets.keys().next().value as string);
    return bucket;
  }
}

export function sendTooManyRequests(res: Response, retryAfterSeconds: number): void {
  sendError(res, 429, 'tooManyRequests', { 'Retry-After': String(retryAfterSeconds) });
}

/** restify `pre` handler: one bucket for every request that `exempt` does not name. */
export function globalRateLimit(limiter: RateLimiter, exempt: (req: Request) => boolean) {
  return (req: Request, res: Response, next: Next): void => {
    if (exempt(req)) return next();
    const decision = limiter.take('global');
    if (decision.allowed) return next();
    sendTooManyRequests(res, decision.retryAfterSeconds);
    return next(false);
  };
}

/** Route handler: a bucket per user; `userOf` returns null when the request names no user. */
export function perUserRateLimit(limiter: RateLimiter, userOf: (req: Request) => string | null) {
  return (req: Request, res: Response, next: Next): void => {
    const user = userOf(req);
    if (user === null) return next();
    const decision = limiter.take(user);
    if (!decision.allowed) {
      sendTooManyRequests(res, decision.retryAfterSeconds);
      return next(false);
    }
    res.once('finish', () => {
      if (res.statusCode === 401) limiter.refund(user);
    });
    return next();
  };
}
