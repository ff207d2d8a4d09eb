import { createHash } from 'node:crypto';
import {
  AuditChainVerifier,
  auditHash,
  canonicalAuditRecord,
  chainAuditRecord,
  GENESIS_HASH,
  verifyAuditChain,
} from '../../bot/audit';
import type { AuditAction, ChainedAuditRecord } from '../../bot/audit';

const ACTIONS: AuditAction[] = ['create', 'transition', 'read', 'note', 'export', 'delete'];

function chainOf(length: number): ChainedAuditRecord[] {
  const rows: ChainedAuditRecord[] = [];
  for (let i = 0; i < length; i++) {
    const head = rows[rows.length - 1] ?? null;
    rows.push(
      chainAuditRecord(head, {
        at: `2026-11-24T10:00:${String(i).padStart(2, '0')}.000Z`,
        actor: `aad-${i % 3}`,
        action: ACTIONS[i % ACTIONS.length]!,
        caseId: i % 4 === 3 ? null : `case-${i % 2}`,
        detail: 'RECORD_SIGNAL',
      }),
    );
  }
  return rows;
}

describe('the audit hash chain', () => {
  it('hashes the previous hash followed by the canonical JSON array of the row', () => {
    const [first, second] = chainOf(2) as [ChainedAuditRecord, ChainedAuditRecord];
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const canonical = '[1,"2026-11-24T10:00:00.000Z","aad-0","create","case-0","RECORD_SIGNAL"]';
    expect(canonicalAuditRecord(first)).toBe(canonical);
    expect(first.hash).toBe(createHash('sha256').update(GENESIS_HASH + canonical).digest('hex'));
    expect(second.prevHash).toBe(first.hash);
    expect(second.hash).toBe(auditHash(first.hash, second));
  });

  it('verifies an intact chain and an empty one', () => {
    expect(verifyAuditChain(chainOf(12))).toEqual({ ok: true, rows: 12 });
    expect(verifyAuditChain([])).toEqual({ ok: true, rows: 0 });
  });

  it.each(['at', 'actor', 'action', 'caseId', 'detail'] as const)('names the row whose %s was changed', (field) => {
    const rows = chainOf(10);
    const changed = { ...rows[6]!, [field]: field === 'caseId' ? 'case-9' : field === 'action' ? 'delete' : 'changed' };
    rows[6] = changed;
    expect(verifyAuditChain(rows)).toEqual({ ok: false, firstBrokenSeq: 7, rows: 10 });
  });

  it('names the next row when a row was rewritten with a matching hash of its own', () => {
    const rows = chainOf(10);
    const forged = { ...rows[3]!, detail: 'CLOSE' };
    rows[3] = { ...forged, hash: auditHash(forged.prevHash, forged) };
    expect(verifyAuditChain(rows)).toEqual({ ok: false, firstBrokenSeq: 5, rows: 10 });
  });

  it('names the seq of a deleted row, including the first one', () => {
    const middle = chainOf(10);
    middle.splice(4, 1);
    expect(verifyAuditChain(middle)).toEqual({ ok: false, firstBrokenSeq: 5, rows: 9 });
    expect(verifyAuditChain(chainOf(10).slice(1))).toEqual({ ok: false, firstBrokenSeq: 1, rows: 9 });
  });

  it('names the first of two rows that changed places', () => {
    const rows = chainOf(10);
    const swapped = rows.map((row) => ({ ...row }));
    swapped[2] = { ...rows[7]!, seq: 3 };
    swapped[7] = { ...rows[2]!, seq: 8 };
    expect(verifyAuditChain(swapped)).toEqual({ ok: false, firstBrokenSeq: 3, rows: 10 });
  });

  it('names a broken link to the genesis hash', () => {
    const rows = chainOf(3);
    rows[0] = { ...rows[0]!, prevHash: 'f'.repeat(64) };
    expect(verifyAuditChain(rows)).toEqual({ ok: false, firstBrokenSeq: 1, rows: 3 });
  });

  it('verifies row by row, as a store streams them', () => {
    const verifier = new AuditChainVerifier();
    for (const row of chainOf(5)) verifier.add(row);
    expect(verifier.result()).toEqual({ ok: true, rows: 5 });
  });
});

describe('the audit chain after a purge (an anchor instead of the genesis)', () => {
  const chain = chainOf(12);
  const anchor = { seq: chain[4]!.seq, hash: chain[4]!.hash };
  const remaining = chain.slice(5);

  it('verifies the rows after the anchor, which without it look like a missing start', () => {
    expect(verifyAuditChain(remaining, anchor)).toEqual({ ok: true, rows: 7 });
    expect(verifyAuditChain(remaining)).toEqual({ ok: false, firstBrokenSeq: 1, rows: 7 });
    expect(verifyAuditChain([], anchor)).toEqual({ ok: true, rows: 0 });
  });

  it('still finds a changed or deleted row after the anchor, and an anchor that does not match', () => {
    const changed = remaining.map((row) => (row.seq === 8 ? { ...row, actor: 'aad-someone-else' } : row));
    expect(verifyAuditChain(changed, anchor)).toEqual({ ok: false, firstBrokenSeq: 8, rows: 7 });
    expect(verifyAuditChain(remaining.filter((row) => row.seq !== 6), anchor)).toEqual({ ok: false, firstBrokenSeq: 6, rows: 6 });
    expect(verifyAuditChain(remaining, { seq: 5, hash: 'e'.repeat(64) })).toEqual({ ok: false, firstBrokenSeq: 6, rows: 7 });
    expect(verifyAuditChain(remaining, { seq: 4, hash: chain[3]!.hash })).toEqual({ ok: false, firstBrokenSeq: 5, rows: 7 });
  });

  it('continues an emptied trail from the anchor', () => {
    const next = chainAuditRecord(anchor, { at: '2026-11-25T08:00:00.000Z', actor: 'aad-0', action: 'read', caseId: null, detail: 'case' });
    expect(next).toMatchObject({ seq: 6, prevHash: anchor.hash });
    expect(verifyAuditChain([next], anchor)).toEqual({ ok: true, rows: 1 });
  });
});
