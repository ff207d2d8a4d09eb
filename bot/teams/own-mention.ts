/**
 * The text of a message without the bot's own @mention, so that `<at>Escalatiewijzer</at> help`
 * reads as `help`. Teams puts the mention into the text and describes it in a `mention` entity whose
 * `mentioned.id` is the bot's (the activity's recipient). botbuilder's
 * `TurnContext.removeRecipientMention` (and the Agents SDK's) removes only the first one and throws on a mention entity
 * without `mentioned`, which any client can send; this reads the entities as untrusted input and
 * removes every mention of the bot. Mentions of other people stay.
 */
import type { ActivityFields } from './activity';

interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string };
}

function isMentionOf(botId: string, entity: unknown): entity is MentionEntity {
  if (typeof entity !== 'object' || entity === null) return false;
  const { type, text, mentioned } = entity as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    type.toLowerCase() === 'mention' &&
    typeof text === 'string' &&
    text !== '' &&
    typeof mentioned === 'object' &&
    mentioned !== null &&
    (mentioned as Record<string, unknown>).id === botId
  );
}

export function textWithoutOwnMention(activity: Pick<ActivityFields, 'text' | 'recipient' | 'entities'>): string {
  const text = typeof activity.text === 'string' ? activity.text : '';
  const botId = activity.recipient?.id;
  const entities: unknown[] = Array.isArray(activity.entities) ? activity.entities : [];
  const mentions = entities.filter((entity): entity is MentionEntity => botId !== undefined && isMentionOf(botId, entity));
  return mentions.reduce((rest, mention) => rest.split(mention.text).join(' '), text).trim();
}
