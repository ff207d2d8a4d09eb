-- The per-case HR projection (flows/hr/projection.ts): one row per pseudonymous case key, folded
-- from the case's hr_log rows in the same transaction that inserts them — the same table as the
-- SQLite migration 003_hr_cases.sql. Only enumerated codes, the coarse organisation unit, ISO
-- week, quarter and day offsets: the same privacy rules as hr_log.
--
-- Unlike SQLite, PostgreSQL keeps no table of aggregates: HR's counts and day histograms are
-- computed from this table in SQL when they are read (bot/store/postgres-hr.ts). A stored
-- aggregate row per (quarter, unit) would be written by every turn of that unit, a row every
-- instance would queue on.
CREATE TABLE hr_cases (
  case_key text COLLATE "C" PRIMARY KEY CHECK (char_length(case_key) = 64),
  org_unit text COLLATE "C" NOT NULL CHECK (char_length(org_unit) <= 60),
  signal_week text COLLATE "C" NOT NULL CHECK (char_length(signal_week) = 8),
  quarter text COLLATE "C" NOT NULL CHECK (char_length(quarter) = 7),
  highest text NOT NULL CHECK (highest IN ('routedAway', 'signal', 'address', 'sanction', 'formalReport')),
  source text CHECK (char_length(source) <= 40),
  category_mask integer NOT NULL DEFAULT 0,
  listened text CHECK (listened IN ('listened', 'notListened')),
  address_outcome text CHECK (char_length(address_outcome) <= 40),
  address_deadline text CHECK (address_deadline IN ('met', 'missed')),
  sanction text CHECK (char_length(sanction) <= 40),
  team_talk text CHECK (char_length(team_talk) <= 40),
  report_route text CHECK (char_length(report_route) <= 40),
  report_outcome text CHECK (char_length(report_outcome) <= 40),
  whistleblower_ack text CHECK (whistleblower_ack IN ('met', 'missed')),
  whistleblower_feedback text CHECK (whistleblower_feedback IN ('met', 'missed')),
  integrity_outcome text CHECK (integrity_outcome IN ('met', 'missed')),
  close_reason text CHECK (char_length(close_reason) <= 40),
  reopened integer NOT NULL DEFAULT 0,
  days_conversation integer,
  days_address_held integer,
  days_sanction integer,
  days_team_talk integer,
  days_report_filed integer,
  days_report_concluded integer,
  days_closed integer
);
CREATE INDEX hr_cases_quarter_unit ON hr_cases (quarter, org_unit);
