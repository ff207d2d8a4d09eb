/**
 * The SDKs the bot runs on (BOT_RUNTIME, bot/runtime/): HTTP-level suites run on each, with
 * `describe.each(RUNTIMES)` and the environment `runtimeEnv` gives the bot.
 */
import type { Config } from '../../../bot/config';
import type { Logger } from '../../../bot/logger';
import type { ProactiveSender } from '../../../bot/reminders/proactive-sender';
import { createAgentsAdapter } from '../../../bot/runtime/agents/adapter';
import { AgentsProactiveSender } from '../../../bot/runtime/agents/proactive';
import { createAdapter } from '../../../bot/runtime/botbuilder/adapter';
import { TeamsProactiveSender } from '../../../bot/runtime/botbuilder/proactive';

export const RUNTIMES = ['botbuilder', 'agents'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export function runtimeEnv(runtime: Runtime): Record<string, string> {
  return { BOT_RUNTIME: runtime };
}

/** The reminder sender of `runtime`, for scheduler tests that run without a server. */
export function proactiveSenderFor(runtime: Runtime, config: Config, log: Logger): ProactiveSender {
  return runtime === 'agents'
    ? new AgentsProactiveSender(createAgentsAdapter(config, log), config.microsoftAppId)
    : new TeamsProactiveSender(createAdapter(config, log), config.microsoftAppId);
}
