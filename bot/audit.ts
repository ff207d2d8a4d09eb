/**
 * The tamper-evident audit trail as a hash chain, independent of any store.
 *
 * Each row's hash is SHA-256 over the previous row's hash followed by a canonical serialisation of
 * the row: the JSON array `[seq, at, actor, action, caseId, detail]`. The first row links to 64
 * zeros. Sequence numbers start at 1 and have no gaps, so a deleted row shows up as a missing seq.
 *
 * | what was done to the table            | reported first broken seq            |
 * |---------------------------------------|--------------------------------------|
 * | a field of row n changed              | n (its hash no longer matches)       |
 * | row n deleted                         | n (the seq that went missing)        |
 * | rows n and m (n < m) swapped          | n                                    |
 * | the last rows deleted (truncation)    | not detectable from the chain alone  |
 * | the whole chain recomputed after edit | not detectable from the chain alone  |
 *
 * The last two need an anchor outside the database (e.g. the head hash written somewhere else).
 *
 * Retention purges the oldest rows: always a prefix of the chain (rows 1…n), never rows in the
 * middle. The purge keeps the seq and hash of the last row it removed as the chain's **anchor**
 * (one row in the `audit_anchor` table), in the same transaction. The anchor stands in for the
 * genesis: verification expects the first remaining row to be seq n + 1 and to link to the
 * anchor's hash, and a new row appended to an emptied trail continues from the anchor. So after a
 * purge every remaining row is still checked, and deleting or changing a row after the anchor is
 * still found. What the anchor cannot show is whether the purged rows were genuine: the purge job
 * logs every new anchor (seq and hash, nothing else), so it can be compared with a copy kept
 * outside the database.
 */
import { createHash } from 'node:crypto';

export const AUDIT_ACTIONS = ['create', 'transition', 'read', 'export', 'delete', 'note', 'handover', 'report', 'settings'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const GENESIS_HASH = '0'.repeat(64);

/** One audit row without its links. `detail` is an enumerated code, never free text. */
export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: AuditAction;
  caseId: string | null;
  detail: string;
}

export interface ChainedAuditRecord extends AuditRecord {
  prevHash: string;
  hash: string;
}

export type AuditVerification = { ok: true; rows: number } | { ok: false; firstBrokenSeq: number; rows: number };

/** The last purged row (seq and hash): where the remaining chain starts instead of the genesis. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** The canonical serialisation that is hashed: stable across stores and languages. */
export function canonicalAuditRecord(record: AuditRecord): string {
  return JSON.stringify([record.seq, record.at, record.actor, record.action, record.caseId, record.detail]);
}

export function auditHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update(canonicalAuditRecord(record)).digest('hex');
}

/** The next row of the chain after `head`: the last row, or the anchor when none is left (null when the trail never had a row). */
export function chainAuditRecord(
  head: { seq: number; hash: string } | null,
  entry: Omit<AuditRecord, 'seq'>,
): ChainedAuditRecord {
  const record: AuditRecord = {
    seq: head ? head.seq + 1 : 1,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    caseId: entry.caseId,
    detail: entry.detail,
  };
  const prevHash = head ? head.hash : GENESIS_HASH;
  return { ...record, prevHash, hash: auditHash(prevHash, record) };
}

/**
 * Walks a chain row by row, in seq order, so a store can stream rows (synchronously or in batches)
 * without holding the whole trail in memory. After the first break it ignores further rows.
 */
export class AuditChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private rows = 0;
  private brokenAt: number | null = null;

  /** `anchor`: the last purged row, when a purge removed the start of the chain. */
  constructor(anchor: AuditAnchor | null = null) {
    this.expectedSeq = anchor ? anchor.seq + 1 : 1;
    this.prevHash = anchor ? anchor.hash : GENESIS_HASH;
  }

  add(row: ChainedAuditRecord): void {
    this.rows += 1;
    if (this.brokenAt !== null) return;
    if (row.seq !== this.expectedSeq) {
      this.brokenAt = Math.min(row.seq, this.expectedSeq);
      return;
    }
    if (row.prevHash !== this.prevHash || row.hash !== auditHash(this.prevHash, row)) {
      this.brokenAt = row.seq;
      return;
    }
    this.prevHash = row.hash;
    this.expectedSeq += 1;
  }

  result(): AuditVerification {
    return this.brokenAt === null
      ? { ok: true, rows: this.rows }
      : { ok: false, firstBrokenSeq: this.brokenAt, rows: this.rows };
  }
}

export function verifyAuditChain(rows: Iterable<ChainedAuditRecord>, anchor: AuditAnchor | null = null): AuditVerification {
  const verifier = new AuditChainVerifier(anchor);
  for (const row of rows) verifier.add(row);
  return verifier.result();
}
