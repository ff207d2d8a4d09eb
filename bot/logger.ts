/**
 * Structured one-line JSON logs. Callers pass enumerated facts only; values under keys that could
 * carry content are redacted anyway, because a log line is the easiest place for free text to leak.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const REDACTED_KEYS = /text|note|name|token|secret|password|authorization|body|value|ref/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, REDACTED_KEYS.test(k) ? '[redacted]' : v]));
}

export function createLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (level: string) => (message: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...redact(fields) }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** What a log line may say about an error: its class and code (e.g. a StoreError's), never its message. */
export function errorFields(error: unknown): { error: string; code?: string } {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return { error: error instanceof Error ? error.name : 'unknown', ...(typeof code === 'string' ? { code } : {}) };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
