import type { Spelling } from './spelling';

export const hrCases = (d: Spelling): string => `
-- The per-case HR projection (flows/hr/projection.ts): one row per pseudonymous case key, folded
-- from the case's hr_log rows in the same transaction that inserts them. Only enumerated codes, the
-- coarse organisation unit, ISO week, quarter and day offsets: the same privacy rules as hr_log.
-- hr_log stays the source of truth.
CREATE TABLE hr_cases (
  case_key ${d.sortedText} PRIMARY KEY CHECK (${d.charLength}(case_key) = 64),
  org_unit ${d.sortedText} NOT NULL CHECK (${d.charLength}(org_unit) <= 60),
  signal_week ${d.sortedText} NOT NULL CHECK (${d.charLength}(signal_week) = 8),
  quarter ${d.sortedText} NOT NULL CHECK (${d.charLength}(quarter) = 7),
  highest TEXT NOT NULL CHECK (highest IN ('routedAway', 'signal', 'address', 'sanction', 'formalReport')),
  source TEXT CHECK (${d.charLength}(source) <= 40),
  category_mask INTEGER NOT NULL DEFAULT 0,
  listened TEXT CHECK (listened IN ('listened', 'notListened')),
  address_outcome TEXT CHECK (${d.charLength}(address_outcome) <= 40),
  address_deadline TEXT CHECK (address_deadline IN ('met', 'missed')),
  sanction TEXT CHECK (${d.charLength}(sanction) <= 40),
  team_talk TEXT CHECK (${d.charLength}(team_talk) <= 40),
  report_route TEXT CHECK (${d.charLength}(report_route) <= 40),
  report_outcome TEXT CHECK (${d.charLength}(report_outcome) <= 40),
  whistleblower_ack TEXT CHECK (whistleblower_ack IN ('met', 'missed')),
  whistleblower_feedback TEXT CHECK (whistleblower_feedback IN ('met', 'missed')),
  integrity_outcome TEXT CHECK (integrity_outcome IN ('met', 'missed')),
  close_reason TEXT CHECK (${d.charLength}(close_reason) <= 40),
  reopened INTEGER NOT NULL DEFAULT 0,
  days_conversation INTEGER,
  days_address_held INTEGER,
  days_sanction INTEGER,
  days_team_talk INTEGER,
  days_report_filed INTEGER,
  days_report_concluded INTEGER,
  days_closed INTEGER
);
CREATE INDEX hr_cases_quarter_unit ON hr_cases (quarter, org_unit);
${d.dialect === 'sqlite' ? HR_AGGREGATES : ''}`;

/**
 * SQLite only. PostgreSQL computed HR's counts from hr_cases when they were read: a stored row per
 * (quarter, unit) would be written by every turn of that unit, a row every instance would queue on.
 * It keeps additive parts instead since migration 006.
 */
const HR_AGGREGATES = `
-- Per (quarter, org unit): the number of cases in each HR cell and, per interval, how many cases
-- took how many days (flows/hr/cells.ts), kept in step with hr_cases in the same transaction.
-- "signature" names the cell catalogue the counts follow; rows of another catalogue are
-- recomputed from hr_cases when the store opens.
CREATE TABLE hr_aggregates (
  quarter TEXT NOT NULL CHECK (length(quarter) = 7),
  org_unit TEXT NOT NULL CHECK (length(org_unit) <= 60),
  signature TEXT NOT NULL,
  counts TEXT NOT NULL,
  days TEXT NOT NULL,
  PRIMARY KEY (quarter, org_unit)
);
`;
