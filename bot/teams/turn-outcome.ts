/**
 * One request on /api/messages, whatever the runtime: the tenant check, the turn's deadline, and
 * the HTTP answer once the turn's outcome is known.
 *
 * | the turn …                                             | HTTP answer                                  |
 * |--------------------------------------------------------|----------------------------------------------|
 * | completed                                              | what the SDK answers (200, invoke body)      |
 * | failed because the store could not take it            | 503 `{error: <StoreError code>}`, Retry-After |
 * | (storeUnavailable, readOnly, diskFull, corrupt)        |                                              |
 * | met a case saved by a newer machine (a rolling deploy) | 503 `{error: caseFromNewerVersion}`, Retry-After |
 * | failed otherwise                                       | what the SDK answers after onTurnError       |
 * | authenticated, but from a tenant that is not allowed   | 403 `{error: forbidden}`; the bot never runs |
 *
 * Both SDKs answer 200 after onTurnError has handled an error, which would tell the Bot Connector
 * the activity was taken while nothing was stored. A store outage is therefore answered 503, so
 * the Bot Connector delivers the activity again; that is safe because nothing of the turn was
 * written, and a click that did get through is answered as a stale revision.
 *
 * The turn also gets its deadline here: calls to the Bot Connector end TURN_BUDGET_MS after the
 * activity arrived (see connector-retry.ts).
 */
import type { Response } from 'restify';
import { UnknownMachineVersionError } from '../../flows/escalation/migrations';
import { sendError } from '../http/error-responses';
import type { Logger } from '../logger';
import { StoreError } from '../store/case-store';
import type { StoreErrorCode } from '../store/case-store';
import type { ActivityFields } from './activity';
import { withTurnDeadline } from './connector-retry';
import { HeldResponse } from './held-response';

const STORE_OUTAGES: readonly StoreErrorCode[] = ['storeUnavailable', 'readOnly', 'diskFull', 'corrupt'];
const RETRY_AFTER_SECONDS = '5';

type Outage = StoreErrorCode | 'caseFromNewerVersion';

/** What a turn's error means for the Bot Connector: an outage to come back after, or null. */
export function outageOf(error: unknown): Outage | null {
  if (error instanceof StoreError && STORE_OUTAGES.includes(error.code)) return error.code;
  // An older instance never guesses at a newer case: Teams retries, and a newer instance answers.
  if (error instanceof UnknownMachineVersionError) return 'caseFromNewerVersion';
  return null;
}

/** Logs a failed turn: the error's name and code, never the activity, which may hold free text. */
export function logTurnError(log: Logger, error: Error, activity: Pick<ActivityFields, 'type'>): void {
  log.error('turn failed', { error: error.name, ...(error instanceof StoreError ? { code: error.code } : {}), activityType: activity.type });
}

/** The tenant check a request passes once its token is verified (tenant.ts's `tenantGate`). */
export type AdmitTenant = (activity: Pick<ActivityFields, 'channelData' | 'conversation'>) => boolean;

/** Runs the bot for one verified activity, unless its tenant is refused. */
export type GuardedTurn = (activity: Pick<ActivityFields, 'channelData' | 'conversation'>, bot: () => Promise<void>) => Promise<void>;

/**
 * `process` runs the SDK with the held response; it calls the guarded turn once the token is
 * verified (so a forged request still gets 401), and the tenant is checked before the bot sees the
 * activity (so another tenant's activity stores nothing; see tenant.ts).
 */
export async function answerTurn(
  res: Response,
  options: { turnBudgetMs: number; admitTenant: AdmitTenant },
  process: (held: HeldResponse, turn: GuardedTurn) => Promise<void>,
): Promise<void> {
  let outage: Outage | null = null;
  let otherTenant = false;
  const held = new HeldResponse();
  const turn: GuardedTurn = async (activity, bot) => {
    if (!options.admitTenant(activity)) {
      otherTenant = true;
      return;
    }
    try {
      await bot();
    } catch (error) {
      outage = outageOf(error);
      throw error;
    }
  };
  await withTurnDeadline(Date.now() + options.turnBudgetMs, () => process(held, turn));
  if (otherTenant) {
    sendError(res, 403);
    return;
  }
  if (outage) {
    sendError(res, 503, outage, { 'Retry-After': RETRY_AFTER_SECONDS });
    return;
  }
  held.writeTo(res);
}
