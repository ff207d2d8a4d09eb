import type { Spelling } from './spelling';

export const personalReferences = (d: Spelling): string => `
-- Conversation references are where reminders go, and reminders carry case content, so only a
-- reference to the manager's personal chat may stay. Before turns were checked for their scope
-- (issue 14), a message in a channel or group chat overwrote the manager's reference, and the next
-- reminder would have been posted there. Keep exactly the references that name a personal chat:
-- Teams always says so in conversationType; one that does not (or is not JSON) cannot be trusted.
-- The manager's next turn in the personal chat stores the reference again.
DELETE FROM conversation_refs
${d.dialect === 'sqlite' ? SQLITE_NOT_PERSONAL : POSTGRES_NOT_PERSONAL};
`;

/** The two dialects' JSON functions differ. */
const SQLITE_NOT_PERSONAL = `WHERE NOT CASE
  WHEN json_valid(ref) THEN json_extract(ref, '$.conversation.conversationType') IS 'personal'
    AND json_type(ref, '$.conversation.isGroup') IS NOT 'true'
  ELSE 0
END`;

/** ref is text the store wrote with JSON.stringify, so it casts. */
const POSTGRES_NOT_PERSONAL = `WHERE (ref::jsonb #>> '{conversation,conversationType}') IS DISTINCT FROM 'personal'
   OR (ref::jsonb #> '{conversation,isGroup}') = 'true'::jsonb`;
