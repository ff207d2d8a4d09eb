/**
 * Structured one-line JSON logs (pino). Callers pass enumerated facts only; the scrubber below
 * redacts anyway, because a log line is the easiest place for free text, ids or secrets to leak:
 *
 * | what                                              | becomes                     |
 * |---------------------------------------------------|-----------------------------|
 * | a value under a key that could carry content, a person's id or a secret (any depth) | `[redacted]` |
 * | a string that looks like a bearer token or a JWT (any key, and the message) | `[redacted]` |
 * | an Error                                          | `{ name, code }`: never its message or stack, which can quote input |
 * | anything nested deeper than a few levels          | `[truncated]`               |
 */
import pino from 'pino';
import type { DestinationStream } from 'pino';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const REDACTED = '[redacted]';

const REDACTED_KEYS =
  /text|note|name|token|secret|password|passwd|authori[sz]ation|cookie|body|value|ref|key|credential|signature|assertion|claim|email|upn|user|owner|actor|aad|conversation|from|recipient|tenant/i;
/** A JWT (three base64url parts, the first a JSON header) or an HTTP bearer credential. */
const TOKEN_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*|bearer\s+\S+/gi;
const MAX_DEPTH = 6;

function scrubString(value: string): string {
  return value.replace(TOKEN_LIKE, REDACTED);
}

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, REDACTED_KEYS.test(key) ? REDACTED : scrub(field, depth + 1)]));
}

/** What a log line may hold of `fields`; exported for the tests of the rules above. */
export function scrubFields(fields: Record<string, unknown>): Record<string, unknown> {
  return scrub(fields, 0) as Record<string, unknown>;
}

/** The logger of a process, which also prints plain lines for a person at the terminal. */
export interface ProcessLogger extends Logger {
  /** A plain line, written after the lines logged before it (pino writes stdout asynchronously). */
  print(line: string): void;
}

/** Lines go to stdout, or to `write` (one JSON line per call, without the newline) for tests. */
export function createLogger(write?: (line: string) => void): ProcessLogger {
  // pino's own default destination, made here so that plain lines join the same queue.
  const destination: DestinationStream = write
    ? { write: (chunk: string) => write(chunk.replace(/\n$/, '')) }
    : pino.destination({ dest: process.stdout.fd || 1 });
  const options: pino.LoggerOptions = {
    base: undefined,
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  const logger = pino(options, destination);
  const emit = (level: 'info' | 'warn' | 'error') => (message: string, fields: Record<string, unknown> = {}) =>
    logger[level](scrubFields(fields), scrubString(message));
  return {
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    print: (line) => destination.write(`${line}\n`),
  };
}

/** What a log line may say about an error: its class and code (e.g. a StoreError's), never its message. */
export function errorFields(error: unknown): { error: string; code?: string } {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return { error: error instanceof Error ? error.name : 'unknown', ...(typeof code === 'string' ? { code } : {}) };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
