/**
 * /api/messages on the Agents SDK. The SDK's `process()` trusts whatever identity is on
 * `request.user` and falls back to an anonymous one when there is none, so the request is verified
 * first (bot-token-verifier.ts) and reaches `process()` only with a verified identity: a refusal is
 * answered 401 here, quietly, with one reason-coded log line. In development without an app id
 * nothing is verified (as on botbuilder) and the identity is the SDK's anonymous one, explicitly.
 * The tenant check, the deadline and the answer are shared (bot/teams/turn-outcome.ts).
 */
import type { CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { Request, Response } from 'restify';
import { sendError } from '../../http/error-responses';
import type { Logger } from '../../logger';
import type { ActivityFields } from '../../teams/activity';
import { logTokenRefusal } from '../../teams/token-refusal';
import { answerTurn } from '../../teams/turn-outcome';
import type { BotTokenVerifier } from './bot-token-verifier';

type Process = CloudAdapter['process'];

export interface AgentsRequestOptions {
  /** null: development without an app id, nothing to verify. */
  verifier: BotTokenVerifier | null;
  log: Logger;
  turnBudgetMs: number;
  admitTenant: (activity: Pick<ActivityFields, 'channelData' | 'conversation'>) => boolean;
  /** Runs the bot for one turn the SDK has made. */
  bot: (context: TurnContext) => Promise<void>;
}

export function agentsRequestHandler(adapter: Pick<CloudAdapter, 'process'>, options: AgentsRequestOptions): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const activity = req.body as { channelId?: unknown; serviceUrl?: unknown };
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
    const request = { body: req.body as Record<string, unknown>, headers: req.headers, method: req.method, user } as Parameters<Process>[0];
    await answerTurn(res, options, (held, turn) =>
      adapter.process(request, held, (context) => turn(context.activity as unknown as ActivityFields, () => options.bot(context))),
    );
  };
}
