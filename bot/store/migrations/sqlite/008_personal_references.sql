-- Conversation references are where reminders go, and reminders carry case content, so only a
-- reference to the manager's personal chat may stay. Before turns were checked for their scope
-- (issue 14), a message in a channel or group chat overwrote the manager's reference, and the next
-- reminder would have been posted there. Keep exactly the references that name a personal chat:
-- Teams always says so in conversationType; one that does not (or is not JSON) cannot be trusted.
-- The manager's next turn in the personal chat stores the reference again. Same as the PostgreSQL
-- migration 008_personal_references.sql.
DELETE FROM conversation_refs
WHERE NOT CASE
  WHEN json_valid(ref) THEN json_extract(ref, '$.conversation.conversationType') IS 'personal'
    AND json_type(ref, '$.conversation.isGroup') IS NOT 'true'
  ELSE 0
END;
