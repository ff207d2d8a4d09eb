/**
 * What an HTTP client can learn from an error: its status and a code from this catalogue, never a
 * message, a stack trace or a library's wording. `guardResponses` enforces it for every route,
 * including answers written by botbuilder and restify themselves:
 *
 * | response                                              | body sent                          |
 * |-------------------------------------------------------|------------------------------------|
 * | below 400                                             | unchanged                          |
 * | 4xx with a plain JSON object (ours, or an invoke error) | unchanged                        |
 * | 5xx whose object holds only codes (`{error: 'x'}`)   | unchanged                          |
 * | anything else ≥ 400 (text, an Error, a stack, an object with details at 5xx) | `{ error: <code of the status> }` |
 * | a second answer after one was sent (e.g. after a timeout) | dropped                        |
 */
import type { Request, Response, Next } from 'restify';
import { isPlainObject } from '../../flows/plain-object';

const CODES_BY_STATUS: Record<number, string> = {
  400: 'malformedRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  406: 'notAcceptable',
  408: 'requestTimeout',
  413: 'bodyTooLarge',
  415: 'unsupportedMediaType',
  429: 'tooManyRequests',
  500: 'internal',
  503: 'unavailable',
  504: 'timeout',
};

export function errorCodeFor(status: number): string {
  return CODES_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'requestRefused');
}

/** Sends a catalogued error; `headers` for e.g. Retry-After. */
export function sendError(res: Response, status: number, code: string = errorCodeFor(status), headers: Record<string, string> = {}): void {
  res.send(status, { error: code }, headers);
}

const CODE_VALUE = /^[A-Za-z][A-Za-z0-9]{0,39}$/;

function isSafeErrorBody(status: number, body: unknown): boolean {
  if (body === undefined) return true;
  if (!isPlainObject(body)) return false;
  return status < 500 || Object.values(body).every((value) => typeof value === 'string' && CODE_VALUE.test(value));
}

type Send = (code?: unknown, body?: unknown, headers?: unknown) => unknown;

/** restify `pre` handler: installs the rules of the table above on this response. */
export function guardResponses(_req: Request, res: Response, next: Next): void {
  const send = res.send.bind(res) as Send;
  const setHeader = res.setHeader.bind(res);
  const guarded: Send = (code, body, headers) => {
    if (res.headersSent) return res;
    const explicit = typeof code === 'number';
    let payload = explicit ? body : code;
    const extraHeaders = (explicit ? headers : body) as Record<string, string> | undefined;
    const status = explicit ? code : payload instanceof Error ? ((payload as { statusCode?: number }).statusCode ?? 500) : res.statusCode || 200;
    if (status >= 400 && !isSafeErrorBody(status, payload)) {
      payload = { error: errorCodeFor(status) };
      setHeader('Content-Type', 'application/json');
    }
    return send(status, payload, extraHeaders);
  };
  res.send = guarded as Response['send'];
  // Late writers (a handler finishing after a timeout answer) must not crash the request.
  res.setHeader = ((name: string, value: number | string | readonly string[]) => (res.headersSent ? res : setHeader(name, value)));
  next();
}
