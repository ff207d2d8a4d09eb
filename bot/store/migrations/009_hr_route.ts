export const hrRoute = (): string => `
-- Issue 15 §5: the HR log gets one coarse field, the route kind of the case (ROUTE_KINDS in
-- flows/escalation/types.ts) — never who did it or who was hit — and the per-case projection gets
-- the route and the enumerated outcomes of the new steps (flows/hr/projection.ts). The CHECKs
-- make the database itself refuse any other code.
--
-- Only nullable columns, filled by nothing here: rows from before routes existed keep NULL, which
-- says the truth (no route was recorded). Adding a nullable column without a default rewrites no
-- rows, so running instances are not held up. The projection reads such a case as version 1 of the
-- machine had it: on the ladder ("ownTeam") unless routed away ("routeBeforeRoutes"), so HR's
-- route table still adds up to all cases. The aggregates (SQLite's hr_aggregates, PostgreSQL's
-- parts of migration 006) follow a new cell catalogue and are recomputed from hr_cases when the
-- store opens (HR_AGGREGATE_SIGNATURE).
ALTER TABLE hr_log ADD COLUMN route TEXT CHECK (route IN ('ownTeam', 'handOver', 'external', 'structural', 'routedAway'));

ALTER TABLE hr_cases ADD COLUMN route TEXT CHECK (route IN ('ownTeam', 'handOver', 'external', 'structural', 'routedAway'));
ALTER TABLE hr_cases ADD COLUMN support TEXT CHECK (support IN ('supportOnly', 'agreedLater', 'ended'));
ALTER TABLE hr_cases ADD COLUMN fact_finding TEXT CHECK (fact_finding IN ('confirmed', 'notConfirmed'));
ALTER TABLE hr_cases ADD COLUMN hand_over TEXT CHECK (hand_over IN ('handled', 'notHandled'));
-- Set once the case passed to another manager (issue 15 §7): a count for HR, never from or to whom.
ALTER TABLE hr_cases ADD COLUMN transferred TEXT CHECK (transferred IN ('transferred'));
`;
