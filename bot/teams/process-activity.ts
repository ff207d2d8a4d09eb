/**
 * One request on /api/messages, run through the adapter and answered.
 *
 * | the turn …                                             | HTTP answer                                  |
 * |--------------------------------------------------------|----------------------------------------------|
 * | completed                                              | what botbuilder answers (200, invoke body)   |
 * | failed because the store could not take it            | 503 `{error: <StoreError code>}`, Retry-After |
 * | (storeUnavailable, readOnly, diskFull, corrupt)        |                                              |
 * | met a case saved by a newer machine (a rolling deploy) | 503 `{error: caseFromNewerVersion}`, Retry-After |
 * | failed otherwise                                       | what botbuilder answers after onTurnError    |
 * | authenticated, but from a tenant that is not allowed   | 403 `{error: forbidden}`; the bot never runs |
 *
 * botbuilder answers 200 after onTurnError has handled an error, which would tell the Bot Connector
 * the activity was taken while nothing was stored. A store outage is therefore answered 503, so
 * the Bot Connector delivers the activity again; that is safe because nothing of the turn was
 * written, and a click that did get through is answered as a stale revision.
 *
 * The turn also gets its deadline here: calls to the Bot Connector end TURN_BUDGET_MS after the
 * activity arrived (see connector-retry.ts).
 */
import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Request, Response } from 'restify';
import { sendError } from '../http/error-responses';
import { StoreError } from '../store/case-store';
import type { StoreErrorCode } from '../store/case-store';
import { withTurnDeadline } from './connector-retry';
import { UnknownMachineVersionError } from '../../flows/escalation/migrations';

const STORE_OUTAGES: readonly StoreErrorCode[] = ['storeUnavailable', 'readOnly', 'diskFull', 'corrupt'];
const RETRY_AFTER_SECONDS = '5';

/** What botbuilder answered, kept until the turn's outcome is known. */
function heldResponse() {
  const held: { status: number; body: unknown } = { status: 200, body: undefined };
  const response = {
    socket: null,
    status(code: number) {
      held.status = code;
      return response;
    },
    send(body: unknown) {
      held.body = body;
      return response;
    },
    header: () => response,
    end: () => response,
  };
  return { held, response };
}

/**
 * `admitTenant` runs once the token is verified (so a forged request still gets 401), before the
 * bot sees the activity (so another tenant's activity stores nothing); see tenant.ts.
 */
export async function processActivity(
  adapter: CloudAdapter,
  bot: ActivityHandler,
  req: Request,
  res: Response,
  turnBudgetMs: number,
  admitTenant: (activity: Activity) => boolean,
): Promise<void> {
  let outage: StoreErrorCode | 'caseFromNewerVersion' | null = null;
  let otherTenant = false;
  const { held, response } = heldResponse();
  await withTurnDeadline(Date.now() + turnBudgetMs, () =>
    adapter.process(req, response, async (context) => {
      if (!admitTenant(context.activity)) {
        otherTenant = true;
        return;
      }
      try {
        await bot.run(context);
      } catch (error) {
        if (error instanceof StoreError && STORE_OUTAGES.includes(error.code)) outage = error.code;
        // An older instance never guesses at a newer case: Teams retries, and a newer instance answers.
        if (error instanceof UnknownMachineVersionError) outage = 'caseFromNewerVersion';
        throw error;
      }
    }),
  );
  if (otherTenant) {
    sendError(res, 403);
    return;
  }
  if (outage) {
    res.header('Retry-After', RETRY_AFTER_SECONDS);
    res.send(503, { error: outage });
    return;
  }
  res.status(held.status);
  if (held.body !== undefined) res.send(held.body);
  else res.end();
}
