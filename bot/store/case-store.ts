/**
 * The case store port: everything the bot persists, behind one async interface so the embedded
 * SQLite store and a PostgreSQL store are interchangeable.
 *
 * | data               | who reads it                   | holds                                             |
 * |--------------------|--------------------------------|---------------------------------------------------|
 * | cases              | the owner (manager)            | machine snapshot, step, status, revision          |
 * | notes              | the owner only                 | free text, AES-256-GCM encrypted before storage   |
 * | HR log             | HR (aggregated)                | enumerated codes, HMAC case key, ISO week — no ids |
 * | audit              | auditors (`npm run verify-audit`) | who did what to which case, hash-chained       |
 * | conversation refs  | the reminder sender            | the Teams conversation reference per owner        |
 * | user settings      | the bot                        | organisation unit and locale per owner            |
| reminders, appraisal counters | the scheduler, HR (aggregated) | see reminder-store.ts                   |
| retention, export, deletion | the purge job, the owner     | see lifecycle-store.ts                            |
 *
 * A turn is written with `commit` in one transaction, guarded by compare-and-set on the revision.
 * The rows live in store-rows.ts and the error and validation helpers (the port's contract) in
 * store-error.ts; this module re-exports both, as the one import for the store's callers.
 */
import type { AuditVerification } from '../audit';
import type { ReminderStore } from './reminder-store';
import type { DataLifecycleStore } from './lifecycle-store';
import type { HandoverStore } from './handover-store';
import type { ManagerUnitsStore } from './manager-units-store';
import type { NotesKeyStore } from './notes-key-store';
import type { TeamReferenceStore } from './team-references';
import type { HrAggregateRow } from '../../flows/hr/cells';
import type { AuditEntry, CaseRow, CommitResult, HrLogQuery, HrLogRow, HrTimeline, HrTimelineQuery, Note, TurnWrite, UserSettings } from './store-rows';

export * from './store-rows';
export * from './store-error';

export interface CaseStore extends ReminderStore, DataLifecycleStore, HandoverStore, NotesKeyStore, ManagerUnitsStore {
  /**
   * Writes one turn in ONE transaction: the case row (compare-and-set: the new revision is
   * expected + 1, or 1 on create), its notes, HR log rows, audit rows, reminder changes, the
   * owner's conversation reference (`TurnWrite.conversationRef`) and a new manager's first unit
   * (`TurnWrite.firstUnit`) — all or nothing.
   * A stale or missing revision returns a conflict and writes nothing. Throws StoreError
   * `notOwner` when the case belongs to someone else and `invalidCode` when a row is not codes only.
   */
  commit(turn: TurnWrite): Promise<CommitResult>;
  load(caseId: string): Promise<CaseRow | null>;
  /** Newest `updatedAt` first; `limit` defaults to 50 (at most 500). */
  listByOwner(ownerId: string, limit?: number): Promise<CaseRow[]>;
  /**
   * The case's notes, oldest first, decrypted — for the owner only. Every read is audited
   * (`read`/`notes`); another requester is audited (`read`/`notesDenied`) and gets StoreError
   * `notOwner` without anything being decrypted. A case that does not exist has no notes.
   * A wrong notes key gives StoreError `badKey`.
   */
  readNotes(caseId: string, requesterId: string): Promise<Note[]>;
  recordAudit(entry: AuditEntry): Promise<void>;
  verifyAudit(): Promise<AuditVerification>;
  /** HR log rows in insertion order, optionally for a range of ISO weeks. */
  hrLog(query?: HrLogQuery): Promise<HrLogRow[]>;
  /**
   * HR aggregates. `commit` keeps, in the same transaction as the HR log rows, one projection row
   * per case key (`foldHrCase`, flows/hr/projection.ts). SQLite also keeps one aggregate row per
   * (quarter, org unit) with the cases' contributions (`addCase`, flows/hr/cells.ts); PostgreSQL
   * keeps the same rows as additive parts, one per change (postgres-hr.ts). This returns the aggregate
   * rows of the given quarters (`2026-Q1` …); StoreError `invalidCode` for a malformed quarter.
   */
  hrAggregates(quarters: string[]): Promise<HrAggregateRow[]>;
  /** Pseudonymous case timelines, ordered by case key, one page at a time. */
  hrTimelines(query: HrTimelineQuery): Promise<HrTimeline[]>;
  /**
   * Upsert; for proactive reminders, by a turn that commits no case (a committed turn brings its
   * reference in `commit`). Writing a reference (new, changed or refreshed) also resumes the
   * owner's suspended reminders in the same transaction: the bot can reach them again.
   */
  saveConversationRef(ownerId: string, ref: unknown): Promise<void>;
  /** The saved reference, or null when there is none. */
  conversationRef(ownerId: string): Promise<unknown>;
  userSettings(ownerId: string): Promise<UserSettings>;
  /** Sets the given fields and keeps the others. */
  saveUserSettings(ownerId: string, settings: { orgUnit?: string; locale?: string }): Promise<void>;
  /** The team-discussion kit's teams and planned posts (team-references.ts): apart from the personal references, never used for reminders. */
  readonly teams: TeamReferenceStore;
  /** Throws StoreError when the store cannot be used (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

