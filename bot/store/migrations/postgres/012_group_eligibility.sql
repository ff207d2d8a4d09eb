-- Issue 19 §2: the same as the SQLite migration 012_group_eligibility.sql. The operational store
-- tells HR, per unit and quarter, only WHETHER a group is large enough
-- (bot/store/group-eligibility.ts): no manager key ever enters the HR tables.
--
-- cases.past_first_step: set by every turn after the one that recorded the signal. Existing cases:
-- past their first step when the audit trail holds two or more transitions of theirs. A case
-- advanced by older code during a rolling upgrade keeps false: fewer groups qualify, never more.
-- Adding a column with a constant default rewrites no rows.
ALTER TABLE cases ADD COLUMN past_first_step boolean NOT NULL DEFAULT false;
UPDATE cases SET past_first_step = true
  WHERE (SELECT count(*) FROM audit a WHERE a.case_id = cases.id AND a.action = 'transition') >= 2;
-- The eligibility query reads a range of signal times, compared in byte order as every instant.
CREATE INDEX cases_created ON cases ((created_at COLLATE "C"));

-- user_settings.org_units: the units a manager records cases for, a JSON array of configured unit
-- names, changed only through the audited confirmation card. org_unit stays the first of them.
ALTER TABLE user_settings ADD COLUMN org_units text CHECK (org_units IS NULL OR json_typeof(org_units::json) = 'array');
UPDATE user_settings SET org_units = json_build_array(org_unit)::text WHERE org_unit IS NOT NULL;
