-- Issue 19 §2: padding must not lift a small unit over k. Two facts the operational store keeps so
-- that it can tell HR, per unit and quarter, only WHETHER a group is large enough
-- (bot/store/group-eligibility.ts): no manager key ever enters the HR tables.
--
-- cases.past_first_step: set by every turn after the one that recorded the signal (the store's
-- update of a case). A case that only recorded a signal costs one click, so it never counts towards
-- a group. Existing cases: past their first step when the audit trail holds two or more
-- transitions of theirs. Until every instance runs this code, a case advanced by older code keeps
-- 0: fewer groups qualify, never more.
ALTER TABLE cases ADD COLUMN past_first_step INTEGER NOT NULL DEFAULT 0 CHECK (past_first_step IN (0, 1));
UPDATE cases SET past_first_step = 1
  WHERE (SELECT count(*) FROM audit a WHERE a.case_id = cases.id AND a.action = 'transition') >= 2;
-- The eligibility query reads a range of signal times.
CREATE INDEX cases_created ON cases (created_at);

-- user_settings.org_units: the units a manager records cases for, a JSON array of configured unit
-- names, changed only through the audited confirmation card (bot/settings/). org_unit stays the
-- first of them, for code that reads one unit. Existing settings get their one unit.
ALTER TABLE user_settings ADD COLUMN org_units TEXT CHECK (org_units IS NULL OR json_valid(org_units));
UPDATE user_settings SET org_units = json_array(org_unit) WHERE org_unit IS NOT NULL;
