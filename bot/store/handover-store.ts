/**
 * The store's part for handing a case over to another manager (issue 15 §7): types, the port's
 * methods (CaseStore extends this interface) and the validation every implementation runs first.
 *
 * | step     | what the store does, in one transaction                                            | audit (`handover`/…)        |
 * |----------|------------------------------------------------------------------------------------|-----------------------------|
 * | propose  | the proposer must own the open case; stores the code's hash, replacing an older one | `proposed` or `proposedWithNotes` (`cancelled` for a replaced one) |
 * | cancel   | the owner's pending code of the case goes                                          | `cancelled`                 |
 * | accept   | takes the code; owner, reminders (and notes, when included) move; one HR log row    | `accepted`, actor the new owner |
 * | expire   | codes past their expiry go (purge job, or when one is presented)                   | `expired`                   |
 *
 * Who the new manager is: whoever presents the code in their own personal chat. Their id becomes
 * the case's `owner_id` (where the owner's id always was) and the actor of the `accepted` audit
 * row; it is in no code row and in no HR row (the HR log gets the transition `handedOver` only).
 */
import type { AuditEntry, CaseRow, HrLogEntry, Note } from './store-rows';
import { assertHrLogEntry, assertId, StoreError } from './store-error';
import { assertTokenHash, MAX_PURGE_LIMIT } from './lifecycle-store';
import { assertInstantText } from './reminder-store';

/** The audit details of the `handover` action: a catalogue, never free text. */
export const HANDOVER_AUDIT_DETAILS = ['proposed', 'proposedWithNotes', 'accepted', 'cancelled', 'expired'] as const;
export type HandoverAuditDetail = (typeof HANDOVER_AUDIT_DETAILS)[number];

/** The actor of hand-overs an operator proposes for an orphaned case (the owner's account is gone). */
export const OPERATOR_ACTOR = 'system:operator';
/** The actor when a code lapses by itself: it expired, or the case was closed or changed hands first. */
export const HANDOVER_SYSTEM_ACTOR = 'system:handover';

export interface HandoverProposal {
  /** SHA-256 of the code, hex: the code itself is never stored. */
  codeHash: string;
  caseId: string;
  /** The case's owner when the code was made; acceptance requires the case still to be theirs. */
  fromOwnerId: string;
  /** Who proposes: the owner, or OPERATOR_ACTOR for an orphaned case (then never with notes). */
  proposedBy: string;
  /** The owner's notes move with the case (re-encrypted for the new owner). */
  includeNotes: boolean;
  expiresAt: string;
}

export type ProposeHandoverResult = { ok: true } | { ok: false; reason: 'notFound' | 'notOwner' | 'notOpen' };

/** A code that is still valid, as the new manager's confirmation card needs it. */
export interface PendingHandover {
  caseId: string;
  fromOwnerId: string;
  includeNotes: boolean;
  expiresAt: string;
}

export interface HandoverAcceptance {
  codeHash: string;
  toOwnerId: string;
  /** The revision the confirmation card showed: a case that moved on since is shown again. */
  expectedRevision: number;
  /** The one HR log row of the hand-over (`handedOver`, no other detail). */
  hrLog: HrLogEntry;
}

export type AcceptHandoverResult =
  | { ok: true; case: CaseRow; notesMoved: number; remindersMoved: number }
  /** Unknown, used, expired or withdrawn; or the case is no longer the proposer's. */
  | { ok: false; reason: 'codeInvalid' }
  /** The proposer presented their own code: nothing changes, the code stays valid. */
  | { ok: false; reason: 'ownCode' }
  /** The case was closed or routed away since: the code goes. */
  | { ok: false; reason: 'notOpen' }
  /** The case changed since the confirmation card: the code stays valid. */
  | { ok: false; reason: 'conflict'; current: CaseRow };

export interface HandoverStore {
  proposeHandover(proposal: HandoverProposal, at: string): Promise<ProposeHandoverResult>;
  /** The pending code's case, when the code exists and has not expired; reads only. */
  pendingHandover(codeHash: string, at: string): Promise<PendingHandover | null>;
  /** Withdraws the owner's pending code of the case; false when there was none. */
  cancelHandover(caseId: string, ownerId: string, at: string): Promise<boolean>;
  acceptHandover(acceptance: HandoverAcceptance, at: string): Promise<AcceptHandoverResult>;
  /** Deletes codes that expired before `at` (at most `limit`), each with an `expired` audit row; returns how many. */
  expireHandovers(at: string, limit: number): Promise<number>;
  /**
   * Open cases whose owner has not used the bot since `inactiveBefore` (neither their conversation
   * reference nor their settings were written since, or both are gone): listed for a successor.
   * Oldest change first.
   */
  orphanedCases(inactiveBefore: string, limit: number): Promise<CaseRow[]>;
  /**
   * The owner's notes in cases that were handed over without them: still theirs, readable by them
   * only (`mijn gegevens`), decrypted; audited per case (`export`/`handedOverNotes`).
   */
  notesLeftBehind(authorId: string, at: string): Promise<NotesLeftBehind[]>;
}

export interface NotesLeftBehind {
  caseId: string;
  /** Decrypted, oldest first. */
  notes: Note[];
}

export function handoverAudit(actor: string, caseId: string, detail: HandoverAuditDetail, at: string): AuditEntry {
  return { actor, action: 'handover', caseId, detail, at };
}

export function assertHandoverProposal(proposal: HandoverProposal, at: string): void {
  assertTokenHash(proposal.codeHash);
  assertId(proposal.caseId, 'caseId');
  assertId(proposal.fromOwnerId, 'fromOwnerId');
  assertId(proposal.proposedBy, 'proposedBy');
  if (typeof proposal.includeNotes !== 'boolean') throw new StoreError('invalidCode', 'includeNotes');
  // Only the author can choose to pass on their notes: an operator's proposal never carries them.
  if (proposal.includeNotes && proposal.proposedBy !== proposal.fromOwnerId) throw new StoreError('invalidCode', 'includeNotes');
  assertInstantText(proposal.expiresAt, 'expiresAt');
  assertInstantText(at, 'at');
}

export function assertHandoverAcceptance(acceptance: HandoverAcceptance, at: string): void {
  assertTokenHash(acceptance.codeHash);
  assertId(acceptance.toOwnerId, 'toOwnerId');
  if (!Number.isInteger(acceptance.expectedRevision) || acceptance.expectedRevision < 1) throw new StoreError('invalidCode', 'expectedRevision');
  assertHrLogEntry(acceptance.hrLog, 'hrLog');
  assertInstantText(at, 'at');
}

export function assertHandoverLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PURGE_LIMIT) throw new StoreError('invalidCode', 'limit');
}
