/**
 * The store's part for the end of data's life: retention purges and the manager's data rights
 * (an export of their own cases, deleting one of them). Types, the port's methods (CaseStore
 * extends this interface) and the validation every implementation runs first.
 *
 * | what                                   | goes when                                         | with it                        |
 * |----------------------------------------|---------------------------------------------------|--------------------------------|
 * | a closed or routed-away case           | its last change is older than the case retention  | its notes and reminders; an audit tombstone |
 * | a note (in any case)                   | it is older than the note retention               | an audit row per case          |
 * | a reminder that ended                  | it ended longer ago than the reminder retention   |                                |
 * | HR data of a case                      | its signal quarter ended before the HR retention  | projection, HR log rows, aggregates |
 * | appraisal counters                     | their quarter ended before their retention        |                                |
 * | audit rows                             | older than the audit retention: the oldest first   | the anchor moves (bot/audit.ts) |
 * | a `mijn gegevens` link                 | it expired or was used                            |                                |
 * | an inactive manager's reference, settings | no case left; neither written since the cutoff | their weekly digests, but one being sent |
 * | an appraisal token                     | it was recorded more than a year ago              |                                |
 * | a case the owner deletes               | at once, after confirmation                       | notes, reminders; a tombstone; HR rows stay (anonymous) |
 *
 * A manager's reference and settings outlive their last case on purpose: reminders of a new case
 * need the reference, and a manager who deleted a case still uses the bot. No audit row records
 * their purge: it would have to name the manager whose data just went.
 */
import type { AuditAnchor } from '../audit';
import type { AuditEntry, CaseRow, Note } from './store-rows';
import { assertId, assertLocale, QUARTER_PATTERN, StoreError } from './store-error';
import type { ReminderRow } from './reminder-store';
import { assertInstantText } from './reminder-store';

/** The actor of the audit rows a retention purge writes. */
export const RETENTION_ACTOR = 'system:retention';

/** The audit row of a purge: which case lost its data (`case`, or only old `notes`); no content. */
export function retentionTombstone(caseId: string, detail: 'case' | 'notes', at: string): AuditEntry {
  return { actor: RETENTION_ACTOR, action: 'delete', caseId, detail, at };
}

export interface PurgeCutoffs {
  /** Closed and routed-away cases last changed before this instant go, with their notes and reminders. */
  casesChangedBefore: string;
  /** Notes written before this instant go, in any case. */
  notesWrittenBefore: string;
  /** Reminders that ended (sent, cancelled, dismissed, failed) before this instant go. */
  remindersEndedBefore: string;
  /** HR data of cases signalled in a quarter before this one goes. */
  hrBeforeQuarter: string;
  /** Appraisal counters of quarters before this one go. */
  appraisalBeforeQuarter: string;
  /** Audit rows written before this instant go: always the oldest, so the chain stays one piece. */
  auditBefore: string;
  /**
   * The conversation reference, settings and weekly digests of a manager who owns no case go when
   * neither the reference nor the settings were written at or after this instant.
   */
  managersInactiveBefore: string;
  /** Appraisal tokens recorded before this day (`YYYY-MM-DD`) go. */
  appraisalTokensBefore: string;
}

export interface PurgeCounts {
  cases: number;
  notes: number;
  reminders: number;
  hrCases: number;
  hrLog: number;
  appraisalCounts: number;
  audit: number;
  myDataLinks: number;
  /** Managers whose conversation reference and settings went. */
  managers: number;
  appraisalTokens: number;
}

export interface PurgeResult {
  purged: PurgeCounts;
  /** The audit chain's anchor when this round purged audit rows. */
  anchor: AuditAnchor | null;
  /** A limit was reached: call again for the rest. */
  more: boolean;
}

export type DeleteCaseResult = { ok: true } | { ok: false; reason: 'conflict'; current: CaseRow | null };

export interface OwnerCaseExport {
  case: CaseRow;
  /** Decrypted, oldest first. */
  notes: Note[];
  reminders: ReminderRow[];
}

export interface MyDataLink {
  /** SHA-256 of the token, hex: the token itself is never stored. */
  tokenHash: string;
  ownerId: string;
  /** The locale the export's labels are written in. */
  locale: string;
  expiresAt: string;
}

export interface DataLifecycleStore {
  /**
   * Deletes what is past its retention (see the table above), in one transaction of at most
   * `limit` rows per kind; `more` says whether to call again. Several instances may call it at
   * once: one purges, the others find nothing to do.
   */
  purgeExpired(cutoffs: PurgeCutoffs, at: string, limit: number): Promise<PurgeResult>;
  /**
   * Deletes the owner's case with its notes and reminders, if it is still at `expectedRevision`,
   * and writes a tombstone (`delete`/`case`, no content) in the audit trail; HR rows stay. A stale
   * or missing revision is a conflict and deletes nothing. StoreError `notOwner` for someone
   * else's case.
   */
  deleteCase(caseId: string, ownerId: string, expectedRevision: number, at: string): Promise<DeleteCaseResult>;
  /** The owner's cases, oldest first, with their notes (decrypted) and reminders; audited per case (`export`/`myData`). */
  exportOwnerData(ownerId: string, at: string): Promise<OwnerCaseExport[]>;
  saveMyDataLink(link: MyDataLink, at: string): Promise<void>;
  /** Takes a link once: deleted whatever it is; its owner and locale when it had not expired. */
  takeMyDataLink(tokenHash: string, at: string): Promise<{ ownerId: string; locale: string } | null>;
}

export const MAX_PURGE_LIMIT = 10_000;
const TOKEN_HASH_PATTERN = /^[0-9a-f]{64}$/;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function assertPurge(cutoffs: PurgeCutoffs, at: string, limit: number): void {
  for (const field of ['casesChangedBefore', 'notesWrittenBefore', 'remindersEndedBefore', 'auditBefore', 'managersInactiveBefore'] as const) {
    assertInstantText(cutoffs[field], field);
  }
  const tokensBefore = cutoffs.appraisalTokensBefore;
  if (typeof tokensBefore !== 'string' || !DAY_PATTERN.test(tokensBefore) || Number.isNaN(Date.parse(tokensBefore))) {
    throw new StoreError('invalidCode', 'appraisalTokensBefore');
  }
  for (const field of ['hrBeforeQuarter', 'appraisalBeforeQuarter'] as const) {
    if (typeof cutoffs[field] !== 'string' || !QUARTER_PATTERN.test(cutoffs[field])) throw new StoreError('invalidCode', field);
  }
  assertInstantText(at, 'at');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PURGE_LIMIT) throw new StoreError('invalidCode', 'limit');
}

export function assertTokenHash(tokenHash: unknown): void {
  if (typeof tokenHash !== 'string' || !TOKEN_HASH_PATTERN.test(tokenHash)) throw new StoreError('invalidCode', 'tokenHash');
}

export function assertMyDataLink(link: MyDataLink, at: string): void {
  assertTokenHash(link.tokenHash);
  assertId(link.ownerId, 'ownerId');
  assertLocale(link.locale, 'locale');
  assertInstantText(link.expiresAt, 'expiresAt');
  assertInstantText(at, 'at');
}

export function assertDeleteCase(caseId: string, ownerId: string, expectedRevision: number, at: string): void {
  assertId(caseId, 'caseId');
  assertId(ownerId, 'ownerId');
  if (!Number.isInteger(expectedRevision) || expectedRevision < 1) throw new StoreError('invalidCode', 'expectedRevision');
  assertInstantText(at, 'at');
}

export const emptyPurgeCounts = (): PurgeCounts => ({
  cases: 0,
  notes: 0,
  reminders: 0,
  hrCases: 0,
  hrLog: 0,
  appraisalCounts: 0,
  audit: 0,
  myDataLinks: 0,
  managers: 0,
  appraisalTokens: 0,
});

/** Whether a round hit a limit, so another round may find more. */
export function purgeHasMore(purged: PurgeCounts, limit: number): boolean {
  return [purged.cases, purged.notes, purged.reminders, purged.audit, purged.managers, purged.appraisalTokens].some((n) => n >= limit) || purged.hrCases > 0;
}
