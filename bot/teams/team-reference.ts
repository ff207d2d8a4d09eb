/**
 * A team the app is installed in, as Teams tells it (issue 21 §2), and the conversation reference
 * the bot posts the team-discussion agenda to. Only the team, its channel and the bot: never the
 * person whose action made Teams send the event, so a team reference cannot lead to anyone.
 *
 * Teams names the team in `channelData.team` (`name` on most events; `teamRenamed` gives the new
 * one) and the tenant in `channelData.tenant`. The conversation of a team-scope event is a channel
 * (the General channel on installation); a reply's `;messageid=` suffix is cut off, so the agenda
 * starts a new post in the channel.
 */
import type { TeamReference } from '../store/team-references';
import type { ActivityFields } from './activity';
import type { StoredReference } from './minimal-reference';

interface TeamsChannelData {
  team?: { id?: unknown; name?: unknown };
  tenant?: { id?: unknown };
  eventType?: unknown;
}

const stringOr = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);

export function channelDataOf(activity: Pick<ActivityFields, 'channelData'>): TeamsChannelData {
  const data = activity.channelData;
  return typeof data === 'object' && data !== null ? (data) : {};
}

/** The team of a team-scope activity, or null in a personal or group chat. */
export function teamIdOf(activity: Pick<ActivityFields, 'channelData'>): string | null {
  const id = channelDataOf(activity).team?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** What the store keeps of a team-scope activity; null when something needed to post there is missing. */
export function teamReferenceOf(activity: ActivityFields): TeamReference | null {
  const teamId = teamIdOf(activity);
  const conversationId = activity.conversation?.id?.split(';')[0];
  if (!teamId || !conversationId || !activity.serviceUrl || !activity.recipient?.id) return null;
  const data = channelDataOf(activity);
  return {
    teamId,
    name: stringOr(data.team?.name, '').slice(0, 256),
    tenantId: stringOr(data.tenant?.id, activity.conversation?.tenantId ?? ''),
    conversationId,
    serviceUrl: activity.serviceUrl,
    botId: activity.recipient.id,
  };
}

/** The reference a proactive message to the team's channel goes through: no user in it. */
export function teamConversationReference(team: TeamReference): StoredReference {
  return {
    channelId: 'msteams',
    serviceUrl: team.serviceUrl,
    bot: { id: team.botId, name: '' },
    conversation: { id: team.conversationId, name: '', isGroup: true, conversationType: 'channel', ...(team.tenantId ? { tenantId: team.tenantId } : {}) },
  };
}
