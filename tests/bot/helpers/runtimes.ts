/**
 * The SDKs the bot runs on (BOT_RUNTIME, bot/runtime/): HTTP-level suites run on each, with
 * `describe.each(RUNTIMES)` and the environment `runtimeEnv` gives the bot.
 */
export const RUNTIMES = ['botbuilder', 'agents'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export function runtimeEnv(runtime: Runtime): Record<string, string> {
  return { BOT_RUNTIME: runtime };
}
