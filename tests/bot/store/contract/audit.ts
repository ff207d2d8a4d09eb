/** The store contract for the audit trail: one hash chain, and every kind of tampering found. */
import { auditHash, GENESIS_HASH } from '../../../../bot/audit';
import type { CaseStore } from '../../../../bot/store/case-store';
import type { AuditRecordRow as AuditRow } from '../../../../bot/store/sql-rows';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, OTHER_OWNER, OWNER, turnFor } from '../fixtures/store';

/** Seven audit rows: three turns on two cases, a read, a denied read and two explicit entries. */
export async function seedAuditTrail(open: () => Promise<CaseStore>): Promise<void> {
  const store = await open();
  await store.commit(turnFor('audit-1', null));
  await store.commit(turnFor('audit-1', 1));
  await store.commit(turnFor('audit-2', null));
  await store.readNotes('audit-1', OWNER);
  await expect(store.readNotes('audit-1', OTHER_OWNER)).rejects.toMatchObject({ code: 'notOwner' });
  await store.recordAudit({ actor: OWNER, action: 'export', caseId: null, detail: 'ownCasesCsv', at: '2026-11-25T08:00:00.000Z' });
  await store.commit(turnFor('audit-2', 1, { audit: [] }));
  await store.recordAudit({ actor: OWNER, action: 'read', caseId: 'audit-2', detail: 'caseCard', at: '2026-11-25T08:01:00.000Z' });
  await store.close();
}

export function auditContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  const harnesses: StoreHarness[] = [];

  /** A freshly seeded trail, for one reading or one tampering experiment. */
  async function seeded(): Promise<StoreHarness> {
    const harness = await newHarness('audit');
    harnesses.push(harness);
    await seedAuditTrail(() => harness.open(keys));
    return harness;
  }

  async function verify(harness: StoreHarness) {
    const store = await harness.open(keys);
    try {
      return await store.verifyAudit();
    } finally {
      await store.close();
    }
  }

  afterAll(async () => {
    for (const harness of harnesses) await harness.dispose();
  });

  describe('the audit trail', () => {
    it('records who did what to which case, chained from 64 zeros', async () => {
      const harness = await seeded();
      const rows = await harness.rows<AuditRow>('SELECT seq, actor, action, case_id, detail, prev_hash, hash FROM audit ORDER BY seq');
      expect(rows.map((r) => [Number(r.seq), r.actor, r.action, r.case_id, r.detail])).toEqual([
        [1, OWNER, 'create', 'audit-1', 'RECORD_SIGNAL'],
        [2, OWNER, 'transition', 'audit-1', 'RECORD_SIGNAL'],
        [3, OWNER, 'create', 'audit-2', 'RECORD_SIGNAL'],
        [4, OWNER, 'read', 'audit-1', 'notes'],
        [5, OTHER_OWNER, 'read', 'audit-1', 'notesDenied'],
        [6, OWNER, 'export', null, 'ownCasesCsv'],
        [7, OWNER, 'read', 'audit-2', 'caseCard'],
      ]);
      expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
      rows.slice(1).forEach((row, i) => expect(row.prev_hash).toBe(rows[i]!.hash));
      expect(await verify(harness)).toEqual({ ok: true, rows: 7 });
    });

    it('names the row whose field was changed in SQL', async () => {
      const harness = await seeded();
      await harness.exec("UPDATE audit SET detail = 'CLOSE' WHERE seq = 3");
      expect(await verify(harness)).toEqual({ ok: false, firstBrokenSeq: 3, rows: 7 });
    });

    it("names a changed actor even when the row's hash is recomputed, at the next row", async () => {
      const harness = await seeded();
      const [row] = await harness.rows<AuditRow>('SELECT at, action, case_id, detail, prev_hash FROM audit WHERE seq = 4');
      const forged = { seq: 4, at: row!.at, actor: 'aad-someone-else', action: 'read' as const, caseId: row!.case_id, detail: row!.detail };
      await harness.exec(`UPDATE audit SET actor = '${forged.actor}', hash = '${auditHash(row!.prev_hash, forged)}' WHERE seq = 4`);
      expect(await verify(harness)).toEqual({ ok: false, firstBrokenSeq: 5, rows: 7 });
    });

    it('names the seq of a deleted row', async () => {
      const harness = await seeded();
      await harness.exec('DELETE FROM audit WHERE seq = 5');
      expect(await verify(harness)).toEqual({ ok: false, firstBrokenSeq: 5, rows: 6 });
    });

    it('names the first of two swapped rows', async () => {
      const harness = await seeded();
      await harness.exec('UPDATE audit SET seq = 1000 WHERE seq = 2');
      await harness.exec('UPDATE audit SET seq = 2 WHERE seq = 6');
      await harness.exec('UPDATE audit SET seq = 6 WHERE seq = 1000');
      expect(await verify(harness)).toEqual({ ok: false, firstBrokenSeq: 2, rows: 7 });
    });

    it('keeps chaining correctly after reopening the store', async () => {
      const harness = await seeded();
      const store = await harness.open(keys);
      await store.commit(turnFor('audit-3', null));
      expect(await store.verifyAudit()).toEqual({ ok: true, rows: 8 });
      await store.close();
    });

    it('stays one chain when two stores on the same database append at the same time', async () => {
      const harness = await seeded();
      const [first, second] = [await harness.open(keys), await harness.open(keys)];
      await Promise.all(
        [first, second].flatMap((store, s) =>
          Array.from({ length: 10 }, (_, i) =>
            i % 2 === 0
              ? store.commit(turnFor(`audit-parallel-${s}-${i}`, null))
              : store.recordAudit({ actor: OWNER, action: 'read', caseId: null, detail: 'caseList', at: '2026-11-25T09:00:00.000Z' }),
          ),
        ),
      );
      expect(await first.verifyAudit()).toEqual({ ok: true, rows: 27 });
      await first.close();
      await second.close();
    });
  });
}
