import type { Spelling } from './spelling';

export const teamReferences = (d: Spelling): string => `
-- The team-discussion kit (issue 21 §2). Where the bot may post the neutral agenda card: one row per
-- team the app is installed in, written when Teams says so and deleted when the app leaves the team
-- or the team is deleted. Keyed by team, never by user: no person's id or name, and apart from the
-- personal conversation references, so reminders can never go to a team (bot/store/team-references.ts).
CREATE TABLE team_references (
  team_id TEXT PRIMARY KEY CHECK (length(team_id) BETWEEN 1 AND 256),
  -- The team's name as Teams gives it, for the manager's picker ('' when Teams gave none).
  team_name TEXT NOT NULL CHECK (length(team_name) <= 256),
  tenant_id TEXT NOT NULL CHECK (length(tenant_id) <= 64),
  -- The channel the card is posted to (the team's General channel when installed).
  conversation_id TEXT NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 512),
  service_url TEXT NOT NULL CHECK (length(service_url) BETWEEN 1 AND 512),
  bot_id TEXT NOT NULL CHECK (length(bot_id) <= 256),
  updated_at ${d.sortedText} NOT NULL
);

-- An agenda card a manager sent to a team, now or at a planned time. The requester's id is here only
-- so they alone can see and cancel it; there is no case id, and the card holds no case content.
CREATE TABLE team_posts (
  -- The id of the form the manager sent: a second click on the same form finds it taken.
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 16 AND 64),
  team_id TEXT NOT NULL CHECK (length(team_id) BETWEEN 1 AND 256),
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  due_at ${d.sortedText} NOT NULL,
  requested_by TEXT NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 256),
  status TEXT NOT NULL CHECK (status IN ('planned', 'sent', 'cancelled', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  claimant TEXT,
  lease_until ${d.sortedText},
  finished_at ${d.sortedText},
  created_at ${d.sortedText} NOT NULL
);
CREATE INDEX team_posts_due ON team_posts (status, due_at);
CREATE INDEX team_posts_team ON team_posts (team_id);
`;
