import type { Spelling } from './spelling';

export const groupEligibility = (d: Spelling): string => `
-- Issue 19 §2: padding must not lift a small unit over k. Two facts the operational store keeps so
-- that it can tell HR, per unit and quarter, only WHETHER a group is large enough
-- (bot/store/group-eligibility.ts): no manager key ever enters the HR tables.
--
-- cases.past_first_step: set by every turn after the one that recorded the signal (the store's
-- update of a case). A case that only recorded a signal costs one click, so it never counts towards
-- a group. Existing cases: past their first step when the audit trail holds two or more
-- transitions of theirs. Until every instance runs this code, a case advanced by older code keeps
-- false: fewer groups qualify, never more. Adding a column with a constant default rewrites no rows.
ALTER TABLE cases ADD COLUMN ${d.flag('past_first_step', `NOT NULL DEFAULT ${d.false}`)};
UPDATE cases SET past_first_step = ${d.true}
  WHERE (SELECT count(*) FROM audit a WHERE a.case_id = cases.id AND a.action = 'transition') >= 2;
-- The eligibility query reads a range of signal times, compared in byte order as every instant
-- (created_at has the database's collation on PostgreSQL, so its index names "C").
CREATE INDEX cases_created ON cases (${d.dialect === 'sqlite' ? 'created_at' : '(created_at COLLATE "C")'});

-- user_settings.org_units: the units a manager records cases for, a JSON array of configured unit
-- names, changed only through the audited confirmation card (bot/settings/). org_unit stays the
-- first of them, for code that reads one unit. Existing settings get their one unit.
${d.dialect === 'sqlite' ? SQLITE_ORG_UNITS : POSTGRES_ORG_UNITS}`;

/** The two dialects' JSON functions differ. */
const SQLITE_ORG_UNITS = `
ALTER TABLE user_settings ADD COLUMN org_units TEXT CHECK (org_units IS NULL OR json_valid(org_units));
UPDATE user_settings SET org_units = json_array(org_unit) WHERE org_unit IS NOT NULL;
`;

const POSTGRES_ORG_UNITS = `
ALTER TABLE user_settings ADD COLUMN org_units text CHECK (org_units IS NULL OR json_typeof(org_units::json) = 'array');
UPDATE user_settings SET org_units = json_build_array(org_unit)::text WHERE org_unit IS NOT NULL;
`;
