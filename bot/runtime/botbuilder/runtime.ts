/** The bot on botbuilder (the default, BOT_RUNTIME=botbuilder): adapter, request handler, proactive sender. */
import type { BotRuntime, RuntimeParts } from '../runtime-parts';
import { createAdapter } from './adapter';
import { botbuilderChannel } from './handler';
import { TeamsProactiveSender } from './proactive';
import { botbuilderRequestHandler } from './request-handler';
import { BotbuilderTeamMembers } from './team-members';

export function botbuilderRuntime({ config, log, dispatcher, admitTenant }: RuntimeParts): BotRuntime {
  const adapter = createAdapter(config, log);
  return {
    handleActivity: botbuilderRequestHandler(adapter, (context) => dispatcher.run(botbuilderChannel(context)), { turnBudgetMs: config.turnBudgetMs, admitTenant }),
    proactive: new TeamsProactiveSender(adapter, config.microsoftAppId),
    teamMembers: new BotbuilderTeamMembers(adapter, config.microsoftAppId),
  };
}
