/**
 * The SDK the bot runs on (BOT_RUNTIME): botbuilder, the default, or the Microsoft 365 Agents SDK.
 * Both answer /api/messages and send reminders with the same policy (bot/teams/), and call the same
 * conversation through the shared dispatcher; only the SDK-facing code differs, each in its folder.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import { tenantGate } from '../teams/tenant';
import type { TurnDispatcher } from '../teams/turn-dispatch';
import { agentsRuntime } from './agents/runtime';
import { botbuilderRuntime } from './botbuilder/runtime';
import type { BotRuntime } from './runtime-parts';

export function createRuntime(config: Config, log: Logger, dispatcher: TurnDispatcher): BotRuntime {
  const parts = { config, log, dispatcher, admitTenant: tenantGate(config.allowedTenantIds, log) };
  return config.botRuntime === 'agents' ? agentsRuntime(parts) : botbuilderRuntime(parts);
}
