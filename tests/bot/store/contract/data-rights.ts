/**
 * The store contract for the manager's data rights: deleting one's own case (a tombstone stays in
 * the audit trail, the anonymous HR rows stay), exporting one's own cases, and the one-time
 * download links. Every store passes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { caseKey } from '../../../../bot/crypto';
import type { CaseStore } from '../../../../bot/store/case-store';
import type { AuditRecordRow } from '../../../../bot/store/sql-rows';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, OTHER_OWNER, OWNER, turnFor } from '../fixtures/store';

const AT = '2026-11-25T09:00:00.000Z';
const newTokenHash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

export function dataRightsContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  let harness: StoreHarness;
  let store: CaseStore;

  beforeAll(async () => {
    harness = await newHarness('data-rights');
    store = await harness.open(keys);
  });
  afterAll(async () => {
    await store.close();
    await harness.dispose();
  });

  const auditOf = (caseId: string) =>
    harness.rows<AuditRecordRow>(`SELECT seq, at, actor, action, case_id, detail, prev_hash, hash FROM audit WHERE case_id = '${caseId}' ORDER BY seq`);
  const staleCase = { schedule: [{ kind: 'staleCase' as const, dueAt: '2026-12-24T07:00:00.000Z' }], cancel: [] };

  describe('deleting a case', () => {
    it('removes the case, its notes and reminders, leaves a tombstone without content and keeps the HR rows', async () => {
      await store.commit(turnFor('to-delete', null, { reminders: staleCase }));
      await store.commit(turnFor('to-delete', 1));
      const hrRows = (await store.hrLog()).filter((row) => row.caseKey === caseKey(keys.caseKeySecret, 'to-delete'));
      expect(hrRows).toHaveLength(2);

      expect(await store.deleteCase('to-delete', OWNER, 2, AT)).toEqual({ ok: true });
      expect(await store.load('to-delete')).toBeNull();
      expect(await harness.rows("SELECT id FROM notes WHERE case_id = 'to-delete'")).toEqual([]);
      expect(await harness.rows("SELECT id FROM reminders WHERE case_id = 'to-delete'")).toEqual([]);
      expect((await store.hrLog()).filter((row) => row.caseKey === caseKey(keys.caseKeySecret, 'to-delete'))).toEqual(hrRows);
      const audit = await auditOf('to-delete');
      expect(audit.map((row) => [row.actor, row.action, row.detail])).toEqual([
        [OWNER, 'create', 'RECORD_SIGNAL'],
        [OWNER, 'transition', 'RECORD_SIGNAL'],
        [OWNER, 'delete', 'case'],
      ]);
      expect((await store.verifyAudit()).ok).toBe(true);
      expect(await store.readNotes('to-delete', OWNER)).toEqual([]);
    });

    it('deletes nothing when the case moved on since the confirmation, or is gone', async () => {
      await store.commit(turnFor('moved-on', null));
      await store.commit(turnFor('moved-on', 1));
      expect(await store.deleteCase('moved-on', OWNER, 1, AT)).toMatchObject({ ok: false, reason: 'conflict', current: { id: 'moved-on', revision: 2 } });
      expect(await store.load('moved-on')).not.toBeNull();
      expect(await store.deleteCase('never-there', OWNER, 1, AT)).toEqual({ ok: false, reason: 'conflict', current: null });
      expect((await auditOf('moved-on')).map((row) => row.action)).not.toContain('delete');
    });

    it("refuses someone else's case and deletes nothing", async () => {
      await store.commit(turnFor('not-yours', null));
      await expect(store.deleteCase('not-yours', OTHER_OWNER, 1, AT)).rejects.toMatchObject({ code: 'notOwner' });
      expect(await store.load('not-yours')).not.toBeNull();
      expect(await store.readNotes('not-yours', OWNER)).toHaveLength(1);
    });
  });

  describe('exporting one’s own cases', () => {
    it('gives the owner’s cases only, oldest first, with decrypted notes and reminders, and audits each case', async () => {
      const owner = 'aad-exporting-owner';
      await store.commit(turnFor('export-b', null, { ownerId: owner, at: '2026-11-24T11:00:00.000Z', notes: [{ step: 'signalRecord', text: 'tweede zaak' }] }));
      await store.commit(turnFor('export-a', null, { ownerId: owner, at: '2026-11-24T10:00:00.000Z', reminders: staleCase, notes: [{ step: 'signalRecord', text: 'eerste zaak' }] }));
      await store.commit(turnFor('export-a', 1, { ownerId: owner, at: '2026-11-24T12:00:00.000Z', notes: [{ step: 'signalConversation', text: 'gesprek gevoerd' }] }));
      await store.commit(turnFor('someone-elses', null, { ownerId: 'aad-other-exporter' }));

      const exported = await store.exportOwnerData(owner, AT);
      expect(exported.map((c) => [c.case.id, c.case.ownerId, c.case.revision])).toEqual([
        ['export-a', owner, 2],
        ['export-b', owner, 1],
      ]);
      expect(exported[0]!.notes.map((n) => [n.step, n.text])).toEqual([
        ['signalRecord', 'eerste zaak'],
        ['signalConversation', 'gesprek gevoerd'],
      ]);
      expect(exported[0]!.reminders).toEqual([expect.objectContaining({ kind: 'staleCase', status: 'due', dueAt: '2026-12-24T07:00:00.000Z' })]);
      expect(exported[1]!.reminders).toEqual([]);
      expect((await auditOf('export-a')).at(-1)).toMatchObject({ actor: owner, action: 'export', detail: 'myData', at: AT });
      expect(await auditOf('someone-elses')).toHaveLength(1);
      expect(await store.exportOwnerData('aad-nobody', AT)).toEqual([]);
    });
  });

  describe('one-time download links', () => {
    const link = (overrides: Partial<{ tokenHash: string; expiresAt: string }> = {}) => ({
      tokenHash: newTokenHash(),
      ownerId: OWNER,
      locale: 'nl-NL',
      expiresAt: '2026-11-25T09:10:00.000Z',
      ...overrides,
    });

    it('answers with the owner once, and not after that', async () => {
      const saved = link();
      await store.saveMyDataLink(saved, AT);
      expect(await store.takeMyDataLink(saved.tokenHash, '2026-11-25T09:05:00.000Z')).toEqual({ ownerId: OWNER, locale: 'nl-NL' });
      expect(await store.takeMyDataLink(saved.tokenHash, '2026-11-25T09:05:01.000Z')).toBeNull();
    });

    it('answers nothing for an expired or unknown link, and forgets expired links', async () => {
      const expired = link({ expiresAt: '2026-11-25T09:01:00.000Z' });
      await store.saveMyDataLink(expired, AT);
      expect(await store.takeMyDataLink(expired.tokenHash, '2026-11-25T09:01:00.000Z')).toBeNull();
      expect(await store.takeMyDataLink(newTokenHash(), AT)).toBeNull();
      const forgotten = link({ expiresAt: '2026-11-25T09:02:00.000Z' });
      await store.saveMyDataLink(forgotten, AT);
      await store.saveMyDataLink(link(), '2026-11-25T09:03:00.000Z');
      expect(await harness.rows(`SELECT owner_id FROM my_data_links WHERE token_hash = '${forgotten.tokenHash}'`)).toEqual([]);
    });

    it('keeps only a hash of the token and refuses anything else', async () => {
      await expect(store.saveMyDataLink(link({ tokenHash: 'the-token-itself' }), AT)).rejects.toMatchObject({ code: 'invalidCode', field: 'tokenHash' });
      await expect(store.takeMyDataLink("x' OR '1'='1", AT)).rejects.toMatchObject({ code: 'invalidCode', field: 'tokenHash' });
    });
  });
}
