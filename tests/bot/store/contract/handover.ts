/**
 * The store contract for handing a case over (issue 15 §7): the code is stored hashed and taken
 * once; acceptance moves the owner, the reminders and (only when included) the notes in one
 * transaction, with one `handedOver` HR row and audit rows from the catalogue; refusals change
 * nothing. Every store passes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CaseStore, HrLogEntry } from '../../../../bot/store/case-store';
import { HANDOVER_SYSTEM_ACTOR, OPERATOR_ACTOR } from '../../../../bot/store/handover-store';
import type { HandoverProposal } from '../../../../bot/store/handover-store';
import type { AuditRecordRow } from '../../../../bot/store/sql-rows';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, OTHER_OWNER, OWNER, turnFor } from '../fixtures/store';

const AT = '2026-11-25T09:00:00.000Z';
const LATER = '2026-11-26T09:00:00.000Z';
const EXPIRES = '2026-11-28T09:00:00.000Z';
const AFTER_EXPIRY = '2026-11-29T09:00:00.000Z';
const THIRD_OWNER = 'aad-owner-0003';
const newCodeHash = () => createHash('sha256').update(randomBytes(16)).digest('hex');
const staleCase = { schedule: [{ kind: 'staleCase' as const, dueAt: '2026-12-24T07:00:00.000Z' }], cancel: [] };

const handedOver: HrLogEntry = {
  rung: 'signal',
  route: 'ownTeam',
  transition: 'handedOver',
  outcome: null,
  categories: [],
  source: null,
  orgUnit: 'Beleid',
  isoWeek: '2026-W48',
  daysSinceSignal: null,
  deadlineMet: null,
};

export function handoverContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  let harness: StoreHarness;
  let store: CaseStore;

  beforeAll(async () => {
    harness = await newHarness('handover');
    store = await harness.open(keys);
  });
  afterAll(async () => {
    await store.close();
    await harness.dispose();
  });

  const handoverAuditOf = async (caseId: string) =>
    (await harness.rows<AuditRecordRow>(`SELECT seq, at, actor, action, case_id, detail, prev_hash, hash FROM audit WHERE case_id = '${caseId}' ORDER BY seq`))
      .filter((row) => row.action === 'handover')
      .map((row) => [row.actor, row.detail]);
  /** An open case of OWNER at revision 2 with one note per turn and a pending reminder. */
  const openCase = async (caseId: string) => {
    await store.commit(turnFor(caseId, null, { reminders: staleCase }));
    await store.commit(turnFor(caseId, 1));
  };
  const propose = (caseId: string, overrides: Partial<HandoverProposal> = {}) => {
    const proposal: HandoverProposal = { codeHash: newCodeHash(), caseId, fromOwnerId: OWNER, proposedBy: OWNER, includeNotes: false, expiresAt: EXPIRES, ...overrides };
    return store.proposeHandover(proposal, AT).then((result) => ({ result, codeHash: proposal.codeHash }));
  };
  const accept = (codeHash: string, toOwnerId = OTHER_OWNER, expectedRevision = 2, at = LATER) =>
    store.acceptHandover({ codeHash, toOwnerId, expectedRevision, hrLog: handedOver }, at);

  it('hands a case over without the notes: the owner and the reminders move, the notes stay their author’s', async () => {
    await openCase('without-notes');
    const { result, codeHash } = await propose('without-notes');
    expect(result).toEqual({ ok: true });
    expect(await store.pendingHandover(codeHash, LATER)).toEqual({ caseId: 'without-notes', fromOwnerId: OWNER, includeNotes: false, expiresAt: EXPIRES });

    const accepted = await accept(codeHash);
    expect(accepted).toMatchObject({ ok: true, case: { id: 'without-notes', ownerId: OTHER_OWNER, revision: 3 }, notesMoved: 0, remindersMoved: 1 });
    expect(await harness.rows("SELECT owner_id FROM reminders WHERE case_id = 'without-notes'")).toEqual([{ owner_id: OTHER_OWNER }]);
    expect((await store.pendingReminders(OTHER_OWNER)).map((r) => r.caseId)).toContain('without-notes');
    expect((await store.pendingReminders(OWNER)).map((r) => r.caseId)).not.toContain('without-notes');
    // The new owner reads no notes of the old; the author reads them only through their export.
    expect(await store.readNotes('without-notes', OTHER_OWNER)).toEqual([]);
    await expect(store.readNotes('without-notes', OWNER)).rejects.toMatchObject({ code: 'notOwner' });
    expect(await store.notesLeftBehind(OWNER, LATER)).toEqual([
      { caseId: 'without-notes', notes: [expect.objectContaining({ text: 'note 1 of without-notes' }), expect.objectContaining({ text: 'note 2 of without-notes' })] },
    ]);
    expect(await store.notesLeftBehind(OTHER_OWNER, LATER)).toEqual([]);
    const exported = await store.exportOwnerData(OTHER_OWNER, LATER);
    expect(exported.find((e) => e.case.id === 'without-notes')?.notes).toEqual([]);
    expect(await handoverAuditOf('without-notes')).toEqual([
      [OWNER, 'proposed'],
      [OTHER_OWNER, 'accepted'],
    ]);
    expect((await store.verifyAudit()).ok).toBe(true);
  });

  it('re-encrypts the notes for the new owner when the author included them', async () => {
    await openCase('with-notes');
    const { codeHash } = await propose('with-notes', { includeNotes: true });
    expect(await accept(codeHash)).toMatchObject({ ok: true, notesMoved: 2 });
    expect((await store.readNotes('with-notes', OTHER_OWNER)).map((n) => n.text)).toEqual(['note 1 of with-notes', 'note 2 of with-notes']);
    expect((await store.notesLeftBehind(OWNER, LATER)).map((n) => n.caseId)).not.toContain('with-notes');
    expect(await handoverAuditOf('with-notes')).toEqual([
      [OWNER, 'proposedWithNotes'],
      [OTHER_OWNER, 'accepted'],
    ]);
    // The new owner carries on with the case as with any of their own.
    const turn = turnFor('with-notes', 3, { ownerId: OTHER_OWNER, audit: [{ actor: OTHER_OWNER, action: 'transition', detail: 'ADDRESS_HELD' }] });
    expect(await store.commit(turn)).toEqual({ ok: true, revision: 4 });
  });

  it('writes one handedOver row to the HR log under the case key, with nothing about who', async () => {
    await openCase('hr-row');
    const { codeHash } = await propose('hr-row');
    await accept(codeHash);
    const rows = (await store.hrLog()).filter((row) => row.transition === 'handedOver');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(rows)).not.toContain(OTHER_OWNER);
    expect(JSON.stringify(rows)).not.toContain(OWNER);
    // HR counts that it happened (the caseTransfer table), never from or to whom.
    const transferred = await harness.rows<{ transferred: string | null }>('SELECT transferred FROM hr_cases');
    expect(transferred.some((row) => row.transferred === 'transferred')).toBe(true);
  });

  it('takes a code once: a second acceptance finds nothing and changes nothing', async () => {
    await openCase('used-code');
    const { codeHash } = await propose('used-code');
    expect(await accept(codeHash)).toMatchObject({ ok: true });
    expect(await accept(codeHash, THIRD_OWNER, 3)).toEqual({ ok: false, reason: 'codeInvalid' });
    expect((await store.load('used-code'))?.ownerId).toBe(OTHER_OWNER);
    expect(await store.pendingHandover(codeHash, LATER)).toBeNull();
  });

  it('refuses the proposer’s own code and keeps it valid', async () => {
    await openCase('own-code');
    const { codeHash } = await propose('own-code');
    expect(await accept(codeHash, OWNER)).toEqual({ ok: false, reason: 'ownCode' });
    expect((await store.load('own-code'))?.ownerId).toBe(OWNER);
    expect(await store.pendingHandover(codeHash, LATER)).not.toBeNull();
  });

  it('lets an expired code go, with an expired audit row, at acceptance or by the purge', async () => {
    await openCase('expired-code');
    const { codeHash } = await propose('expired-code');
    expect(await store.pendingHandover(codeHash, AFTER_EXPIRY)).toBeNull();
    expect(await accept(codeHash, OTHER_OWNER, 2, AFTER_EXPIRY)).toEqual({ ok: false, reason: 'codeInvalid' });
    expect((await store.load('expired-code'))?.ownerId).toBe(OWNER);
    expect(await handoverAuditOf('expired-code')).toEqual([
      [OWNER, 'proposed'],
      [HANDOVER_SYSTEM_ACTOR, 'expired'],
    ]);

    await openCase('expired-purged');
    await propose('expired-purged');
    expect(await store.expireHandovers(LATER, 100)).toBe(0);
    const pending = await harness.count('handover_codes');
    expect(await store.expireHandovers(AFTER_EXPIRY, 100)).toBe(pending);
    expect(await harness.count('handover_codes')).toBe(0);
    expect(await handoverAuditOf('expired-purged')).toEqual([
      [OWNER, 'proposed'],
      [HANDOVER_SYSTEM_ACTOR, 'expired'],
    ]);
  });

  it('refuses a proposal by someone who does not own the case, and one for a closed case', async () => {
    await openCase('not-theirs');
    expect((await propose('not-theirs', { fromOwnerId: OTHER_OWNER, proposedBy: OTHER_OWNER })).result).toEqual({ ok: false, reason: 'notOwner' });
    await store.commit(turnFor('closed-case', null, { status: 'closed', step: 'closed' }));
    expect((await propose('closed-case')).result).toEqual({ ok: false, reason: 'notOpen' });
    expect((await propose('no-such-case')).result).toEqual({ ok: false, reason: 'notFound' });
    expect(await handoverAuditOf('not-theirs')).toEqual([]);
    await expect(propose('not-theirs', { proposedBy: OPERATOR_ACTOR, includeNotes: true })).rejects.toMatchObject({ code: 'invalidCode', field: 'includeNotes' });
  });

  it('lets the code lapse when the case was closed before acceptance', async () => {
    await openCase('closed-later');
    const { codeHash } = await propose('closed-later');
    await store.commit(turnFor('closed-later', 2, { status: 'closed', step: 'closed' }));
    expect(await accept(codeHash, OTHER_OWNER, 3)).toEqual({ ok: false, reason: 'notOpen' });
    expect((await store.load('closed-later'))?.ownerId).toBe(OWNER);
    expect(await store.pendingHandover(codeHash, LATER)).toBeNull();
  });

  it('answers a stale confirmation with the current case and keeps the code', async () => {
    await openCase('moved-on');
    const { codeHash } = await propose('moved-on');
    await store.commit(turnFor('moved-on', 2));
    expect(await accept(codeHash, OTHER_OWNER, 2)).toMatchObject({ ok: false, reason: 'conflict', current: { revision: 3, ownerId: OWNER } });
    expect(await accept(codeHash, OTHER_OWNER, 3)).toMatchObject({ ok: true });
  });

  it('replaces an older code of the case, and cancels on the owner’s word only', async () => {
    await openCase('replaced');
    const first = await propose('replaced');
    const second = await propose('replaced');
    expect(await store.pendingHandover(first.codeHash, LATER)).toBeNull();
    expect(await store.cancelHandover('replaced', OTHER_OWNER, LATER)).toBe(false);
    expect(await store.pendingHandover(second.codeHash, LATER)).not.toBeNull();
    expect(await store.cancelHandover('replaced', OWNER, LATER)).toBe(true);
    expect(await store.pendingHandover(second.codeHash, LATER)).toBeNull();
    expect(await handoverAuditOf('replaced')).toEqual([
      [OWNER, 'proposed'],
      [OWNER, 'cancelled'],
      [OWNER, 'proposed'],
      [OWNER, 'cancelled'],
    ]);
  });

  it('lists the open cases of managers who have not used the bot since the cutoff, for a successor', async () => {
    const gone = 'aad-owner-gone';
    await store.commit(turnFor('orphan', null, { ownerId: gone, audit: [{ actor: gone, action: 'create', detail: 'RECORD_SIGNAL' }] }));
    await store.commit(turnFor('orphan-closed', null, { ownerId: gone, status: 'closed', step: 'closed', audit: [{ actor: gone, action: 'create', detail: 'RECORD_SIGNAL' }] }));
    await store.saveConversationRef(OWNER, { conversation: { id: 'a:active' } });
    const orphans = await store.orphanedCases('2000-01-01T00:00:00.000Z', 100);
    expect(orphans.map((row) => row.id)).toContain('orphan');
    expect(orphans.map((row) => row.id)).not.toContain('orphan-closed');
    expect((await store.orphanedCases('2000-01-01T00:00:00.000Z', 100)).map((row) => row.ownerId)).not.toContain(OWNER);
    // An operator proposes a hand-over for it, never with the notes; a successor accepts.
    const { result, codeHash } = await propose('orphan', { fromOwnerId: gone, proposedBy: OPERATOR_ACTOR });
    expect(result).toEqual({ ok: true });
    await store.saveConversationRef(THIRD_OWNER, { conversation: { id: 'a:successor' } });
    expect(await accept(codeHash, THIRD_OWNER, 1)).toMatchObject({ ok: true, notesMoved: 0 });
    expect(await handoverAuditOf('orphan')).toEqual([
      [OPERATOR_ACTOR, 'proposed'],
      [THIRD_OWNER, 'accepted'],
    ]);
    expect((await store.orphanedCases('2000-01-01T00:00:00.000Z', 100)).map((row) => row.id)).not.toContain('orphan');
  });
}
