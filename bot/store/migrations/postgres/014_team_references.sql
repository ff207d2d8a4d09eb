-- The team-discussion kit (issue 21 §2): the same as the SQLite migration 014_team_references.sql.
-- Where the bot may post the neutral agenda card, one row per team the app is installed in, keyed
-- by team and never by user, apart from the personal conversation references (reminders never go
-- to a team); and the agenda posts managers planned, without any case id. Instants are ISO text,
-- compared in byte order ("C").
CREATE TABLE team_references (
  team_id text PRIMARY KEY CHECK (length(team_id) BETWEEN 1 AND 256),
  team_name text NOT NULL CHECK (length(team_name) <= 256),
  tenant_id text NOT NULL CHECK (length(tenant_id) <= 64),
  conversation_id text NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 512),
  service_url text NOT NULL CHECK (length(service_url) BETWEEN 1 AND 512),
  bot_id text NOT NULL CHECK (length(bot_id) <= 256),
  updated_at text COLLATE "C" NOT NULL
);

CREATE TABLE team_posts (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 16 AND 64),
  team_id text NOT NULL CHECK (length(team_id) BETWEEN 1 AND 256),
  locale text NOT NULL CHECK (locale IN ('nl', 'en')),
  due_at text COLLATE "C" NOT NULL,
  requested_by text NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 256),
  status text NOT NULL CHECK (status IN ('planned', 'sent', 'cancelled', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  claimant text,
  lease_until text COLLATE "C",
  finished_at text COLLATE "C",
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX team_posts_due ON team_posts (status, due_at);
CREATE INDEX team_posts_team ON team_posts (team_id);
