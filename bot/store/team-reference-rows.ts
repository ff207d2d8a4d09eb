/**
 * The team-discussion kit's tables (migration 014) as the query layer sees them, and the values the
 * store hands out. A leaf module: store-schema.ts and team-references.ts both import it.
 */
import type { Locale } from '../../content/load';

export interface TeamReferenceRecord {
  team_id: string;
  team_name: string;
  tenant_id: string;
  conversation_id: string;
  service_url: string;
  bot_id: string;
  updated_at: string;
}

export type TeamPostStatus = 'planned' | 'sent' | 'cancelled' | 'failed';

export interface TeamPostRecord {
  id: string;
  team_id: string;
  locale: Locale;
  due_at: string;
  requested_by: string;
  status: TeamPostStatus;
  attempts: number;
  claimant: string | null;
  lease_until: string | null;
  finished_at: string | null;
  created_at: string;
}

/** Where the bot may post in a team: no person in it, only the team, its channel and the bot. */
export interface TeamReference {
  teamId: string;
  /** As Teams gives it, for the manager's picker; '' when Teams gave none. */
  name: string;
  tenantId: string;
  /** The channel the agenda is posted to. */
  conversationId: string;
  serviceUrl: string;
  botId: string;
}

/** An agenda post a manager asked for: which team, when, in which language, and who may cancel it. */
export interface TeamPost {
  id: string;
  teamId: string;
  locale: Locale;
  dueAt: string;
  requestedBy: string;
  status: TeamPostStatus;
  attempts: number;
}
