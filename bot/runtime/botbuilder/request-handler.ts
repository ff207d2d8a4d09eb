/**
 * /api/messages on botbuilder: its CloudAdapter authenticates the request (FailClosedAuthentication)
 * and runs the turn; the tenant check, the deadline and the answer are shared (bot/teams/turn-outcome.ts).
 */
import type { CloudAdapter, Response as BotbuilderResponse, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { answerTurn } from '../../teams/turn-outcome';
import type { AdmitTenant } from '../../teams/turn-outcome';

export function botbuilderRequestHandler(
  adapter: CloudAdapter,
  bot: (context: TurnContext) => Promise<void>,
  options: { turnBudgetMs: number; admitTenant: AdmitTenant },
): (req: Request, res: Response) => Promise<void> {
  return (req, res) =>
    answerTurn(res, options, (held, turn) =>
      // botbuilder's process() takes any response with status/send/end (it never reads what status() returns).
      adapter.process(req, held as unknown as BotbuilderResponse, (context) => turn(context.activity, () => bot(context))),
    );
}
