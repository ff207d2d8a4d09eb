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
 * The validation helpers below are the port's contract: every implementation runs them on each
 * row as it writes it, so an invalid row aborts the whole turn.
 */
import type { AuditAction, AuditVerification } from '../audit';
import { AUDIT_ACTIONS } from '../audit';
import type { ReminderChanges, ReminderStore } from './reminder-store';
import type { DataLifecycleStore } from './lifecycle-store';
import type { HandoverStore } from './handover-store';
import type { ManagerUnitsStore } from './manager-units-store';
import type { NotesKeyStore } from './notes-key-store';
import { KEY_BYTES } from '../crypto';
import type { NotesKeyRing } from '../crypto';
import type { HrAggregateRow } from '../../flows/hr/cells';
import { ROUTE_KINDS } from '../../flows/escalation/types';

export type CaseStatus = 'open' | 'closed' | 'routedAway';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'closed', 'routedAway'];

export interface CaseRow {
  id: string;
  ownerId: string;
  machineId: string;
  machineVersion: number;
  /** The machine snapshot, parsed from JSON. */
  snapshot: unknown;
  revision: number;
  step: string;
  status: CaseStatus;
  orgUnit: string;
  createdAt: string;
  updatedAt: string;
}

export type { HrLogEntry, HrLogRow } from '../../flows/hr/log';
import type { HrLogEntry, HrLogRow } from '../../flows/hr/log';

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
  snapshot: unknown;
  step: string;
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

export interface CaseStore extends ReminderStore, DataLifecycleStore, HandoverStore, NotesKeyStore, ManagerUnitsStore {
  /**
   * Writes one turn in ONE transaction: the case row (compare-and-set: the new revision is
   * expected + 1, or 1 on create), its notes, HR log rows, audit rows and reminder changes — all
   * or nothing.
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
   * Upsert; for proactive reminders. Writing a reference (new, changed or refreshed) also resumes
   * the owner's suspended reminders in the same transaction: the bot can reach them again.
   */
  saveConversationRef(ownerId: string, ref: unknown): Promise<void>;
  /** The saved reference, or null when there is none. */
  conversationRef(ownerId: string): Promise<unknown>;
  userSettings(ownerId: string): Promise<UserSettings>;
  /** Sets the given fields and keeps the others. */
  saveUserSettings(ownerId: string, settings: { orgUnit?: string; locale?: string }): Promise<void>;
  /** Throws StoreError when the store cannot be used (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const STORE_ERROR_CODES = [
  'storeUnavailable',
  'readOnly',
  'diskFull',
  'corrupt',
  'notOwner',
  'invalidCode',
  'badKey',
  'migrationFailed',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/**
 * The one error a store throws on purpose. The message is the code plus, at most, the name of the
 * offending field (`hrLog[1].categories`): never a value, a note or a secret.
 */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(field ? `${code}: ${field}` : code, options);
    this.name = 'StoreError';
  }
}

/** A calendar quarter, `2026-Q4`. */
export const QUARTER_PATTERN = /^\d{4}-Q[1-4]$/;
/** An ISO 8601 week, `2026-W48`. */
export const ISO_WEEK_PATTERN = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;
/** An enumerated code: rung, transition, outcome, category, source, step, audit detail. */
export const CODE_PATTERN = /^[a-zA-Z0-9_-]{1,40}$/;
/** Case, owner and actor ids: Entra object ids, Teams ids (`29:…`), UUIDs. No spaces, so no prose. */
export const ID_PATTERN = /^[A-Za-z0-9:_.@=+/-]{1,256}$/;
/** A configured organisation unit name (ORG_UNITS): letters, digits, spaces, light punctuation. */
export const ORG_UNIT_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} &'().,/_+:\u2013-]{0,59}$/u;
/** A BCP 47 language tag such as `nl`, `nl-NL`, `en-US`. */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;
const MAX_DAY_OFFSET = 36_500;

function assertMatches(value: unknown, pattern: RegExp, field: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) throw new StoreError('invalidCode', field);
}

export function assertCode(value: unknown, field: string): void {
  assertMatches(value, CODE_PATTERN, field);
}

export function assertId(value: unknown, field: string): void {
  assertMatches(value, ID_PATTERN, field);
}

export function assertOrgUnit(value: unknown, field: string): void {
  assertMatches(value, ORG_UNIT_PATTERN, field);
}

export function assertLocale(value: unknown, field: string): void {
  assertMatches(value, LOCALE_PATTERN, field);
}

function assertInstant(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length > 40 || Number.isNaN(Date.parse(value))) {
    throw new StoreError('invalidCode', field);
  }
}

/** The case row part of a turn (ids, codes, status, time). */
export function assertTurnHeader(turn: TurnWrite): void {
  assertId(turn.caseId, 'caseId');
  assertId(turn.ownerId, 'ownerId');
  if (turn.expectedRevision !== null && !(Number.isInteger(turn.expectedRevision) && turn.expectedRevision >= 1)) {
    throw new StoreError('invalidCode', 'expectedRevision');
  }
  assertCode(turn.machineId, 'machineId');
  if (!Number.isInteger(turn.machineVersion) || turn.machineVersion < 1) throw new StoreError('invalidCode', 'machineVersion');
  assertCode(turn.step, 'step');
  if (!CASE_STATUSES.includes(turn.status)) throw new StoreError('invalidCode', 'status');
  assertOrgUnit(turn.orgUnit, 'orgUnit');
  assertInstant(turn.at, 'at');
  if (JSON.stringify(turn.snapshot) === undefined) throw new StoreError('invalidCode', 'snapshot');
}

export function assertNote(note: NoteInput, field: string): void {
  assertCode(note.step, `${field}.step`);
  if (typeof note.text !== 'string') throw new StoreError('invalidCode', `${field}.text`);
}

export function assertHrLogEntry(entry: HrLogEntry, field: string): void {
  assertCode(entry.rung, `${field}.rung`);
  // The coarse route kind only: a finer code (who did it, who was hit) must never reach HR.
  if (entry.route !== null && !(ROUTE_KINDS as readonly unknown[]).includes(entry.route)) throw new StoreError('invalidCode', `${field}.route`);
  assertCode(entry.transition, `${field}.transition`);
  if (entry.outcome !== null) assertCode(entry.outcome, `${field}.outcome`);
  if (!Array.isArray(entry.categories)) throw new StoreError('invalidCode', `${field}.categories`);
  for (const category of entry.categories) assertCode(category, `${field}.categories`);
  if (entry.source !== null) assertCode(entry.source, `${field}.source`);
  assertOrgUnit(entry.orgUnit, `${field}.orgUnit`);
  assertMatches(entry.isoWeek, ISO_WEEK_PATTERN, `${field}.isoWeek`);
  const days = entry.daysSinceSignal;
  if (days !== null && !(Number.isInteger(days) && Math.abs(days) <= MAX_DAY_OFFSET)) {
    throw new StoreError('invalidCode', `${field}.daysSinceSignal`);
  }
  if (entry.deadlineMet !== null && typeof entry.deadlineMet !== 'boolean') {
    throw new StoreError('invalidCode', `${field}.deadlineMet`);
  }
}

export function assertAuditEntry(entry: AuditEntry, field: string): void {
  assertId(entry.actor, `${field}.actor`);
  if (!AUDIT_ACTIONS.includes(entry.action)) throw new StoreError('invalidCode', `${field}.action`);
  if (entry.caseId !== null) assertId(entry.caseId, `${field}.caseId`);
  assertCode(entry.detail, `${field}.detail`);
  assertInstant(entry.at, `${field}.at`);
}

/**
 * The keys a store is opened with: 32 bytes each, not all zeros, and not the same key twice; the
 * ring holds its current key.
 */
export function assertStoreKeys(notesKeys: NotesKeyRing, caseKeySecret: Buffer): void {
  const notesKeyList = [...notesKeys.keys.values()];
  for (const [key, field] of [...notesKeyList.map((key) => [key, 'notesKey'] as const), [caseKeySecret, 'caseKeySecret'] as const]) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES || key.every((byte) => byte === 0)) {
      throw new StoreError('badKey', field);
    }
  }
  if (!notesKeys.keys.has(notesKeys.currentId)) throw new StoreError('badKey', 'notesKey');
  if (notesKeyList.some((key) => key.equals(caseKeySecret))) throw new StoreError('badKey', 'caseKeySecret');
}

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 500;

/** `listByOwner`'s limit: the default when missing or not a number, otherwise clamped to 1…500. */
export function listLimit(limit: number = DEFAULT_LIST_LIMIT): number {
  return Number.isFinite(limit) ? Math.max(1, Math.min(MAX_LIST_LIMIT, Math.floor(limit))) : DEFAULT_LIST_LIMIT;
}

/** The inclusive week bounds of an HR log query; open ends become bounds every week lies within. */
export function hrLogWeekRange(query: HrLogQuery): { fromWeek: string; toWeek: string } {
  for (const field of ['fromWeek', 'toWeek'] as const) {
    const week = query[field];
    if (week !== undefined && !ISO_WEEK_PATTERN.test(week)) throw new StoreError('invalidCode', field);
  }
  return { fromWeek: query.fromWeek ?? '0000-W00', toWeek: query.toWeek ?? '9999-W99' };
}

/** The fields `saveUserSettings` is given, checked before anything is written. */
export function assertUserSettings(ownerId: string, settings: { orgUnit?: string; locale?: string }): void {
  assertId(ownerId, 'ownerId');
  if (settings.orgUnit !== undefined) assertOrgUnit(settings.orgUnit, 'orgUnit');
  if (settings.locale !== undefined) assertLocale(settings.locale, 'locale');
}

/** A conversation reference as stored: JSON text. */
export function conversationRefJson(ownerId: string, ref: unknown): string {
  assertId(ownerId, 'ownerId');
  const json = JSON.stringify(ref);
  if (json === undefined) throw new StoreError('invalidCode', 'ref');
  return json;
}

/**
 * How stale a manager's conversation reference may get before a turn writes it again although it
 * did not change. Unchanged references are not rewritten (a write per turn costs an fsync), but its
 * `updated_at` is the manager's last activity for the purge of inactive managers, so it is kept
 * current to within this much.
 */
export const ACTIVITY_REFRESH_MS = 24 * 60 * 60 * 1000;

/** Whether a turn must write the reference: new, changed, or its activity stamp is stale. */
export function conversationRefNeedsWrite(stored: { ref: string; updated_at: string } | undefined, json: string, now: string): boolean {
  return stored?.ref !== json || Date.parse(now) - Date.parse(stored.updated_at) >= ACTIVITY_REFRESH_MS;
}
