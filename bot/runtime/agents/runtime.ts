/** The bot on the Microsoft 365 Agents SDK (BOT_RUNTIME=agents): adapter, request handler, proactive sender. */
import type { BotRuntime, RuntimeParts } from '../runtime-parts';
import { createAgentsAdapter } from './adapter';
import { botTokenVerifierFor } from './bot-token-verifier';
import { agentsChannel } from './handler';
import { AgentsProactiveSender } from './proactive';
import { agentsRequestHandler } from './request-handler';
import { AgentsTeamMembers } from './team-members';

export function agentsRuntime({ config, log, dispatcher, admitTenant }: RuntimeParts): BotRuntime {
  const adapter = createAgentsAdapter(config, log);
  return {
    handleActivity: agentsRequestHandler(adapter, {
      verifier: botTokenVerifierFor(config),
      log,
      turnBudgetMs: config.turnBudgetMs,
      admitTenant,
      bot: (context) => dispatcher.run(agentsChannel(context)),
    }),
    proactive: new AgentsProactiveSender(adapter, config.microsoftAppId),
    teamMembers: new AgentsTeamMembers(adapter, config.microsoftAppId),
  };
}
