/**
 * The response an SDK writes during a turn, held until the turn's outcome is known, then written to
 * restify (bot/teams/turn-outcome.ts). Both SDKs chain `res.status(code).send(body)` and the Agents
 * SDK reads `headersSent`/`writableEnded`; restify's own `res.status(code)` returns a number, so
 * neither SDK can be given restify's response directly. Holding the answer also lets a turn that
 * failed on the store be answered 503, where both SDKs would answer 200 after their onTurnError.
 */
import type { Response } from 'restify';

export class HeldResponse {
  statusCode = 200;
  body: unknown = undefined;
  readonly headers: Record<string, string> = {};
  headersSent = false;
  writableEnded = false;
  /** botbuilder looks for a socket to upgrade (streaming); there is none. */
  readonly socket = null;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  setHeader(name: string, value: string): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  /** botbuilder's name for setHeader. */
  header(name: string, value: string): this {
    return this.setHeader(name, value);
  }

  send(body?: unknown): this {
    if (body !== undefined) this.body = body;
    return this;
  }

  end(): this {
    this.writableEnded = true;
    return this;
  }

  /** Writes the held answer: status, the SDK's headers, and the body if there is one. */
  writeTo(res: Response): void {
    for (const [name, value] of Object.entries(this.headers)) res.setHeader(name, value);
    if (this.body !== undefined) {
      res.send(this.statusCode, this.body);
      return;
    }
    res.status(this.statusCode);
    res.end();
  }
}
