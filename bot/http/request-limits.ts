/**
 * Limits on what a request may be and how long it may take:
 *
 * | limit                                   | answer                         |
 * |-----------------------------------------|--------------------------------|
 * | a body that is not `application/json` (UTF-8) | 415, before anything reads it (no form or multipart parser ever runs) |
 * | a declared body over the size limit     | 413, before it is read (the body parser also stops at the limit while reading) |
 * | no answer within the request timeout    | 503 `timeout`; the turn goes on and its late answer is dropped |
 * | a client that sends nothing for longer  | the socket is closed           |
 * | headers or a body trickling in too slowly | Node closes the request (408) |
 */
import type { Server as HttpServer } from 'node:http';
import type { Request, Response, Next } from 'restify';
import { sendError } from './error-responses';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_UTF8 = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/** restify `pre` handler: JSON bodies only, and none larger than `maxBodyBytes`. */
export function checkRequestBodies(maxBodyBytes: number) {
  return (req: Request, res: Response, next: Next): void => {
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!METHODS_WITH_BODY.has(req.method ?? '') || !hasBody) return next();
    if (!JSON_UTF8.test(req.headers['content-type'] ?? '')) {
      sendError(res, 415);
      return next(false);
    }
    if (length > maxBodyBytes) {
      sendError(res, 413);
      return next(false);
    }
    return next();
  };
}

/** restify `pre` handler: answers 503 when a handler has not answered within `timeoutMs`. */
export function responseDeadline(timeoutMs: number) {
  return (_req: Request, res: Response, next: Next): void => {
    const timer = setTimeout(() => {
      if (!res.headersSent) sendError(res, 503, 'timeout');
    }, timeoutMs);
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

/**
 * Socket-level timeouts of the Node server. Node checks the header and request timeouts about
 * every 30 s, so they bound slow-loris clients coarsely; the idle timeout acts at once. It is
 * longer than the response deadline so a turn that is still thinking keeps its connection.
 */
export function applyServerTimeouts(server: HttpServer, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 10_000);
  server.setTimeout(requestTimeoutMs + 1_000);
}
