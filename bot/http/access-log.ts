/**
 * One log line per request: method, route pattern, status and duration. The route pattern, not
 * the URL, so ids or query strings in a path never reach the log; nothing about the sender.
 */
import type { Request, Response, Next } from 'restify';
import type { Logger } from '../logger';

export function accessLog(log: Logger, now: () => number = () => performance.now()) {
  return (req: Request, res: Response, next: Next): void => {
    const started = now();
    res.once('finish', () => {
      const route = req.getRoute?.()?.path;
      log.info('request', {
        method: req.method,
        route: typeof route === 'string' ? route : 'unmatched',
        status: res.statusCode,
        ms: Math.round(now() - started),
      });
    });
    next();
  };
}
