/**
 * The fields of a Teams activity the bot reads, as a structural type: botbuilder's and the Agents
 * SDK's activities both fit it, so the policy in bot/teams/ is written once for both runtimes.
 */
export interface AccountFields {
  id?: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface ConversationFields {
  id?: string;
  name?: string;
  isGroup?: boolean;
  conversationType?: string;
  tenantId?: string;
}

export interface ActivityFields {
  type?: string;
  id?: string;
  name?: string;
  action?: string;
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
  text?: string;
  value?: unknown;
  replyToId?: string;
  entities?: unknown[];
  channelData?: unknown;
  from?: AccountFields;
  recipient?: AccountFields;
  conversation?: ConversationFields;
  membersAdded?: AccountFields[];
  membersRemoved?: AccountFields[];
}
