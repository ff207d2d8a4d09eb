-- Conversation references are where reminders go, and reminders carry case content, so only a
-- reference to the manager's personal chat may stay. Before turns were checked for their scope
-- (issue 14), a message in a channel or group chat overwrote the manager's reference, and the next
-- reminder would have been posted there. Keep exactly the references that name a personal chat:
-- Teams always says so in conversationType; one that does not cannot be trusted. The manager's next
-- turn in the personal chat stores the reference again. Same as the SQLite migration
-- 008_personal_references.sql. `ref` is text the store wrote with JSON.stringify, so it casts.
DELETE FROM conversation_refs
WHERE (ref::jsonb #>> '{conversation,conversationType}') IS DISTINCT FROM 'personal'
   OR (ref::jsonb #> '{conversation,isGroup}') = 'true'::jsonb;
