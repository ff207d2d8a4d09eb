/**
 * What a runtime is built from and what it gives back: a leaf module, so runtime.ts (which picks
 * one) and each runtime's folder share these types without an import cycle.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { ProactiveSender } from '../reminders/proactive-sender';
import type { ActivityRequestHandler } from '../server';
import type { TeamMemberLookup } from '../teams/team-members';
import type { TurnDispatcher } from '../teams/turn-dispatch';
import type { AdmitTenant } from '../teams/turn-outcome';

export interface BotRuntime {
  handleActivity: ActivityRequestHandler;
  /** Sends reminders to stored conversation references. */
  proactive: ProactiveSender;
  /** Asks Teams whether a manager is a member of a team, before the team-discussion agenda is posted there. */
  teamMembers: TeamMemberLookup;
}

/** What every runtime is built from. */
export interface RuntimeParts {
  config: Config;
  log: Logger;
  dispatcher: TurnDispatcher;
  /** Runs once the token is verified, before the bot sees the activity (bot/teams/tenant.ts). */
  admitTenant: AdmitTenant;
}
