/**
 * PostgreSQL only: SQLite keeps one aggregate row per (quarter, unit) since 003 (hr_aggregates),
 * written by its one writer; here parts that are only inserted or deleted keep the instances from
 * queueing on the row of a busy unit.
 */
export const hrAggregateParts = (): string => `
-- HR's counts and day histograms per (quarter, unit), kept up to date as additive parts
-- (bot/store/postgres-hr.ts): the turn that changes a case's projection inserts one part, the
-- difference the change makes to its (quarter, unit) row; reading sums the parts and now and then
-- compacts them into one row per (quarter, unit). A part is only ever inserted or deleted, never
-- updated, so the instances never queue on a row of a busy unit (the reason migration 003 kept no
-- aggregates). The same content as SQLite's hr_aggregates: counts per cell and per day span of one
-- organisation unit and quarter; no case key, no ids. Filled from hr_cases when a store opens
-- (the signature names the cell catalogue the counts follow; another one is recomputed).
CREATE TABLE hr_aggregate_parts (
  id bigserial PRIMARY KEY,
  quarter text COLLATE "C" NOT NULL CHECK (char_length(quarter) = 7),
  org_unit text COLLATE "C" NOT NULL CHECK (char_length(org_unit) <= 60),
  signature text NOT NULL,
  counts text NOT NULL,
  days text NOT NULL
);
CREATE INDEX hr_aggregate_parts_quarter ON hr_aggregate_parts (quarter);
`;
