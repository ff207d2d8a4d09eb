/**
 * /api/messages on the Agents SDK. The SDK's `process()` trusts whatever identity is on
 * `request.user` and falls back to an anonymous one when there is none, so the request is verified
 * first (bot-token-verifier.ts) and reaches `process()` only with a verified identity: a refusal is
 * answered 401 here, quietly, with one reason-coded log line. In development without an app id
 * nothing is verified (as on botbuilder) and the identity is the SDK's anonymous one, explicitly.
 * The tenant check, the deadline and the answer are shared (bot/teams/turn-outcome.ts).
 *
 * The SDK checks the whole activity against its schema and throws on any field of the wrong type
 * (a 500), where botbuilder reads only what it uses. So the SDK gets the activity without the
 * optional fields it cannot read (entities that are no list, say), which the bot then treats as
 * absent, as on botbuilder; an envelope field it cannot read (bot/teams/activity-envelope.ts) is
 * answered 400 like a body without an envelope.
 */
import { activityZodSchema } from '@microsoft/agents-activity';
import type { CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { Request, Response } from 'restify';
import { sendError } from '../../http/error-responses';
import type { Logger } from '../../logger';
import { logTokenRefusal } from '../../teams/token-refusal';
import { answerTurn } from '../../teams/turn-outcome';
import type { AdmitTenant } from '../../teams/turn-outcome';
import type { BotTokenVerifier } from './bot-token-verifier';

type Process = CloudAdapter['process'];

export interface AgentsRequestOptions {
  /** null: development without an app id, nothing to verify. */
  verifier: BotTokenVerifier | null;
  log: Logger;
  turnBudgetMs: number;
  admitTenant: AdmitTenant;
  /** Runs the bot for one turn the SDK has made. */
  bot: (context: TurnContext) => Promise<void>;
}

const ENVELOPE_FIELDS: readonly string[] = ['type', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient'];

/** The activity without the optional fields the SDK's schema refuses; null when an envelope field is among them. */
export function readableActivity(body: Record<string, unknown>): Record<string, unknown> | null {
  const parsed = activityZodSchema.passthrough().safeParse(body);
  if (parsed.success) return body;
  const unreadable = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  if (ENVELOPE_FIELDS.some((field) => unreadable.has(field))) return null;
  const readable = Object.fromEntries(Object.entries(body).filter(([field]) => !unreadable.has(field)));
  return activityZodSchema.passthrough().safeParse(readable).success ? readable : null;
}

/**
 * The SDK hands only `instanceof Error` to onTurnError and answers anything else with a 500, while
 * botbuilder handles every throw alike. fetch's DOMException (a timed-out reply) is an Error of
 * another realm under a VM sandbox (jest): it is wrapped, keeping its name, so both runtimes answer
 * a failed reply the same way (bot/teams/turn-outcome.ts).
 */
async function asError(turn: Promise<void>): Promise<void> {
  try {
    await turn;
  } catch (error) {
    if (error instanceof Error) throw error;
    const name = typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string' ? (error as { name: string }).name : 'Error';
    throw Object.assign(new Error(name), { name });
  }
}

export function agentsRequestHandler(adapter: Pick<CloudAdapter, 'process'>, options: AgentsRequestOptions): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const body = readableActivity(req.body as Record<string, unknown>);
    if (!body) {
      sendError(res, 400, 'expectedJsonActivity');
      return;
    }
    const activity = body as { channelId?: unknown; serviceUrl?: unknown };
    let user: Record<string, unknown> = {};
    if (options.verifier) {
      const verified = await options.verifier.verify(req.header('authorization') || undefined, activity);
      if (!verified.ok) {
        logTokenRefusal(options.log, verified.reason);
        sendError(res, 401);
        return;
      }
      user = verified.claims;
    }
    const request = { body, headers: req.headers, method: req.method, user } as Parameters<Process>[0];
    await answerTurn(res, options, (held, turn) =>
      adapter.process(request, held, (context) => turn(context.activity, () => asError(options.bot(context)))),
    );
  };
}
