/**
 * Every protection an HTTP route gets, installed once on the server, in this order:
 * response guard → security headers → access log → response deadline → global rate limit →
 * body checks. They run before routing, so future routes (the HR API, the tab) get them too.
 * Routes that know their user add `limitPerUser` to their handler chain.
 */
import type { Request, RequestHandler, Server } from 'restify';
import type { Logger } from '../logger';
import { accessLog } from './access-log';
import { guardResponses } from './error-responses';
import { globalRateLimit, perUserRateLimit, RateLimiter } from './rate-limit';
import { applyServerTimeouts, checkRequestBodies, responseDeadline } from './request-limits';
import { securityHeaders } from './security-headers';

export interface HttpLimits {
  production: boolean;
  maxBodyBytes: number;
  rateLimitPerUserPerMinute: number;
  rateLimitGlobalPerSecond: number;
  requestTimeoutMs: number;
  /** The clock of the rate limits (tests freeze it). */
  now?: () => Date;
}

export interface Hardened {
  /** A per-user rate limit for a route; `userOf` names the (authenticated) sender, or null. */
  limitPerUser: (userOf: (req: Request) => string | null) => RequestHandler;
}

const HEALTH_PROBES = new Set(['/healthz', '/readyz']);

export function hardenServer(server: Server, limits: HttpLimits, log: Logger): Hardened {
  const now = limits.now ? () => limits.now!().getTime() : () => Date.now();
  applyServerTimeouts(server.server, limits.requestTimeoutMs);
  server.pre(guardResponses);
  server.pre(securityHeaders(limits.production));
  server.pre(accessLog(log));
  server.pre(responseDeadline(limits.requestTimeoutMs));
  const global = new RateLimiter({ capacity: limits.rateLimitGlobalPerSecond, perSecond: limits.rateLimitGlobalPerSecond, now });
  server.pre(globalRateLimit(global, (req) => HEALTH_PROBES.has(req.getPath())));
  server.pre(checkRequestBodies(limits.maxBodyBytes));

  const perUser = new RateLimiter({ capacity: limits.rateLimitPerUserPerMinute, perSecond: limits.rateLimitPerUserPerMinute / 60, now });
  return { limitPerUser: (userOf) => perUserRateLimit(perUser, userOf) };
}
