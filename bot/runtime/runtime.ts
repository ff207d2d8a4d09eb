/**
 * The SDK the bot runs on (BOT_RUNTIME): botbuilder, the default, or the Microsoft 365 Agents SDK.
 * Both answer /api/messages and send reminders with the same policy (bot/teams/), and call the same
 * conversation through the shared dispatcher; only the SDK-facing code differs, each in its folder.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ProactiveSender } from '../reminders/proactive-sender';
import type { ActivityRequestHandler } from '../server';
import { tenantGate } from '../teams/tenant';
import type { TurnDispatcher } from '../teams/turn-dispatch';
import type { AdmitTenant } from '../teams/turn-outcome';
import { agentsRuntime } from './agents/runtime';
import { botbuilderRuntime } from './botbuilder/runtime';

export interface BotRuntime {
  handleActivity: ActivityRequestHandler;
  /** Sends reminders to stored conversation references. */
  proactive: ProactiveSender;
}

/** What every runtime is built from. */
export interface RuntimeParts {
  config: Config;
  log: Logger;
  dispatcher: TurnDispatcher;
  /** Runs once the token is verified, before the bot sees the activity (bot/teams/tenant.ts). */
  admitTenant: AdmitTenant;
}

export function createRuntime(config: Config, log: Logger, dispatcher: TurnDispatcher): BotRuntime {
  const parts = { config, log, dispatcher, admitTenant: tenantGate(config.allowedTenantIds, log) };
  return config.botRuntime === 'agents' ? agentsRuntime(parts) : botbuilderRuntime(parts);
}
