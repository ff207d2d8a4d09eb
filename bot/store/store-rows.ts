/**
 * The rows and turn of the case store port (case-store.ts): the types every store module shares.
 * A leaf module, so the narrow stores (reminders, lifecycle, hand-over, …) and the port that joins
 * them import it without an import cycle.
 */
import type { AuditAction } from '../audit';
import type { ReminderChanges } from '../../flows/reminders';
import type { HrLogEntry, HrLogRow } from '../../flows/hr/log';
import { restore } from '../../flows/escalation/ladder';
import type { EscalationSnapshot } from '../../flows/escalation/ladder';
import type { StoredSnapshot } from '../../flows/escalation/migrations';
import type { StepId } from '../../flows/escalation/types';

export type { HrLogEntry, HrLogRow } from '../../flows/hr/log';

export type CaseStatus = 'open' | 'closed' | 'routedAway';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'closed', 'routedAway'];

/**
 * A case as the store read it. The store is the boundary: a row it returns has a step this machine
 * knows and a machine version it can restore (sql-rows.ts refuses any other), so readers never cast.
 */
export interface CaseRow {
  id: string;
  ownerId: string;
  machineId: string;
  /** The version that saved the snapshot: this machine's or an older one (`restoreCase` migrates). */
  machineVersion: number;
  /** The machine snapshot, parsed from JSON, as the machine version saved it. */
  snapshot: StoredSnapshot;
  revision: number;
  step: StepId;
  status: CaseStatus;
  orgUnit: string;
  createdAt: string;
  updatedAt: string;
}

/** The case's machine state: its snapshot, migrated from the machine version that saved it. */
export function restoreCase(row: Pick<CaseRow, 'snapshot' | 'machineVersion'>): EscalationSnapshot {
  return restore(row.snapshot, row.machineVersion);
}

export interface AuditEntry {
  actor: string;
  action: AuditAction;
  caseId: string | null;
  /** An enumerated code (e.g. the event type); never free text. */
  detail: string;
  at: string;
}

export interface NoteInput {
  step: string;
  /** Free text; encrypted before it reaches the database. */
  text: string;
}

export interface Note {
  step: string;
  text: string;
  at: string;
}

export interface TurnWrite {
  caseId: string;
  ownerId: string;
  /** null creates the case (a conflict when the id exists); otherwise the revision that was loaded. */
  expectedRevision: number | null;
  machineId: string;
  machineVersion: number;
  snapshot: StoredSnapshot;
  step: StepId;
  status: CaseStatus;
  orgUnit: string;
  /** When the turn happened; becomes updatedAt, the notes' time and the audit rows' time. */
  at: string;
  notes: NoteInput[];
  hrLog: HrLogEntry[];
  /** The store fills in `at` and `caseId` from the turn. */
  audit: Omit<AuditEntry, 'at' | 'caseId'>[];
  /** Reminders of this case to cancel (pending ones of these kinds) and then to schedule. */
  reminders?: ReminderChanges;
  /**
   * The owner's conversation reference of the personal chat this turn came from, for reminders;
   * absent outside it. Stored as `saveConversationRef` does (new, changed or stale; then the
   * owner's suspended reminders resume), stamped `at`, but in this transaction and without a read.
   * A conflict stores nothing, this neither.
   */
  conversationRef?: unknown;
  /**
   * A new manager's first organisation unit, chosen on their first signal card: becomes their units
   * as `setManagerUnits(ownerId, [firstUnit], …)` would set them, with the same audit row
   * (`settings`/orgUnitSet, stamped `at`, after the turn's own) and the same checks, but in this
   * transaction and only when they have no units yet: of two first turns, the first to commit sets
   * the unit and the other leaves it. A conflict stores nothing, this neither.
   */
  firstUnit?: string;
}

export type CommitResult = { ok: true; revision: number } | { ok: false; reason: 'conflict'; current: CaseRow | null };

export interface UserSettings {
  orgUnit: string | null;
  locale: string | null;
  /** One weekly digest instead of separate reminders (`setWeeklyDigest`). */
  weeklyDigest: boolean;
}

export interface HrLogQuery {
  /** Inclusive bounds, `YYYY-Www`. */
  fromWeek?: string;
  toWeek?: string;
}

export interface HrTimelineQuery {
  quarters: string[];
  orgUnits: string[];
  /** Cursor: only case keys greater than this one. */
  afterCaseKey?: string;
  /** At most 1000. */
  limit: number;
}

export interface HrTimeline {
  caseKey: string;
  orgUnit: string;
  signalWeek: string;
  quarter: string;
  /** The case's HR log rows in insertion order. */
  events: HrLogRow[];
}

