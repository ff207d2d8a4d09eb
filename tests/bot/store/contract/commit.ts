/** The store contract for turns, HR rows, owners' lists, references and settings: every store passes it. */
import { caseKey } from '../../../../bot/crypto';
import type { CaseStore, TurnWrite } from '../../../../bot/store/case-store';
import { StoreError } from '../../../../bot/store/case-store';
import { ESCALATION_MACHINE_VERSION } from '../../../../flows/escalation/machine';
import { UnknownMachineVersionError } from '../../../../flows/escalation/migrations';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { newKeys, OTHER_OWNER, OWNER, turnFor } from '../fixtures/store';

export function commitContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  let harness: StoreHarness;
  let store: CaseStore;

  const counts = async () => ({
    cases: await harness.count('cases'),
    notes: await harness.count('notes'),
    hr: await harness.count('hr_log'),
    audit: await harness.count('audit'),
  });

  beforeAll(async () => {
    harness = await newHarness('commit');
    store = await harness.open(keys);
  });

  afterAll(async () => {
    await store.close();
    await harness.dispose();
  });

  describe('committing turns', () => {
    it('creates a case at revision 1 and advances it one revision per turn', async () => {
      expect(await store.commit(turnFor('case-a', null))).toEqual({ ok: true, revision: 1 });
      expect(await store.commit(turnFor('case-a', 1, { step: 'addressPrepare', snapshot: { value: 'addressPrepare', context: { at: 'address' }, status: 'active' } }))).toEqual({
        ok: true,
        revision: 2,
      });
      const row = await store.load('case-a');
      expect(row).toMatchObject({
        id: 'case-a',
        ownerId: OWNER,
        machineId: 'escalation',
        machineVersion: 1,
        revision: 2,
        step: 'addressPrepare',
        status: 'open',
        orgUnit: 'Beleid',
        snapshot: { value: 'addressPrepare', context: { at: 'address' }, status: 'active' },
        createdAt: '2026-11-24T10:00:01.000Z',
        updatedAt: '2026-11-24T10:00:02.000Z',
      });
      expect(await store.readNotes('case-a', OWNER)).toEqual([
        { step: 'signalRecord', text: 'note 1 of case-a', at: '2026-11-24T10:00:01.000Z' },
        { step: 'signalRecord', text: 'note 2 of case-a', at: '2026-11-24T10:00:02.000Z' },
      ]);
    });

    it('returns a conflict with the current row for a stale revision and writes nothing', async () => {
      await store.commit(turnFor('case-stale', null));
      await store.commit(turnFor('case-stale', 1));
      const before = await counts();

      const result = await store.commit(turnFor('case-stale', 1, { step: 'sanction' }));

      expect(result).toMatchObject({ ok: false, reason: 'conflict', current: { id: 'case-stale', revision: 2 } });
      expect(await counts()).toEqual(before);
      expect((await store.load('case-stale'))!.step).toBe('signalConversation');
    });

    it('returns a conflict when creating a case that exists, and when updating one that does not', async () => {
      await store.commit(turnFor('case-twice', null));
      const before = await counts();
      expect(await store.commit(turnFor('case-twice', null))).toMatchObject({ ok: false, current: { revision: 1 } });
      expect(await store.commit(turnFor('case-missing', 3))).toEqual({ ok: false, reason: 'conflict', current: null });
      expect(await counts()).toEqual(before);
    });

    it('lets exactly one of two commits with the same expected revision win, across two connections', async () => {
      const second = await harness.open(keys);
      try {
        await store.commit(turnFor('case-race', null));
        const results = await Promise.all([
          store.commit(turnFor('case-race', 1, { step: 'addressPrepare' })),
          second.commit(turnFor('case-race', 1, { step: 'sanction' })),
        ]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ current: expect.objectContaining({ revision: 2 }) })]);
        expect((await store.load('case-race'))!.revision).toBe(2);
      } finally {
        await second.close();
      }
    });

    it('lets exactly one of two creations of the same case win, across two connections', async () => {
      const second = await harness.open(keys);
      try {
        const results = await Promise.all([store.commit(turnFor('case-born-twice', null)), second.commit(turnFor('case-born-twice', null))]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ current: expect.objectContaining({ revision: 1 }) })]);
        expect(await store.readNotes('case-born-twice', OWNER)).toHaveLength(1);
      } finally {
        await second.close();
      }
    });

    it("refuses a turn on somebody else's case and changes nothing", async () => {
      await store.commit(turnFor('case-owned', null));
      const before = await counts();
      await expect(store.commit(turnFor('case-owned', 1, { ownerId: OTHER_OWNER }))).rejects.toMatchObject({
        name: 'StoreError',
        code: 'notOwner',
      });
      await expect(store.commit(turnFor('case-owned', null, { ownerId: OTHER_OWNER }))).rejects.toMatchObject({ code: 'notOwner' });
      expect(await counts()).toEqual(before);
    });

    it('rolls the whole turn back when the second HR row is invalid after the case, notes and first HR row were written', async () => {
      await store.commit(turnFor('case-atomic', null));
      const before = await counts();
      const good = turnFor('case-atomic', 1).hrLog[0]!;
      const turn = turnFor('case-atomic', 1, {
        step: 'sanction',
        notes: [{ step: 'sanction', text: 'first' }, { step: 'sanction', text: 'second' }],
        hrLog: [good, { ...good, categories: ['insult', 'Jan de Vries zei iets'] }],
      });

      const error = await store.commit(turn).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'invalidCode', field: 'hrLog[1].categories' });
      expect((error as Error).message).not.toContain('Jan');
      expect(await counts()).toEqual(before);
      expect(await store.load('case-atomic')).toMatchObject({ revision: 1, step: 'signalConversation' });
      expect(await store.readNotes('case-atomic', OWNER)).toHaveLength(1);
      expect((await store.verifyAudit()).ok).toBe(true);
    });

    it.each([
      ['rung', { rung: 'sig nal' }],
      // A code, but a fine answer (who did it) instead of a coarse route kind: never for HR.
      ['route', { route: 'teamMember' }],
      ['outcome', { outcome: 'stopped; DROP TABLE cases' }],
      ['source', { source: 'a'.repeat(41) }],
      ['isoWeek', { isoWeek: '2026-11-24' }],
      ['orgUnit', { orgUnit: 'Beleid\nmet een verhaal' }],
      ['daysSinceSignal', { daysSinceSignal: 1.5 }],
    ])('refuses an HR row whose %s is not a code', async (field, change) => {
      const turn = turnFor(`case-invalid-${field}`, null);
      const before = await counts();
      await expect(store.commit({ ...turn, hrLog: [{ ...turn.hrLog[0]!, ...change }] })).rejects.toMatchObject({
        code: 'invalidCode',
        field: `hrLog[0].${field}`,
      });
      expect(await counts()).toEqual(before);
    });

    it('refuses an audit detail that is not a code', async () => {
      const before = await counts();
      await expect(
        store.commit(turnFor('case-audit-text', null, { audit: [{ actor: OWNER, action: 'create', detail: 'de manager zei' }] })),
      ).rejects.toMatchObject({ code: 'invalidCode', field: 'audit[0].detail' });
      expect(await counts()).toEqual(before);
    });

    it('writes HR rows under the keyed case key with codes only', async () => {
      await store.commit(turnFor('case-hr', null));
      const rows = (await store.hrLog()).filter((r) => r.caseKey === caseKey(keys.caseKeySecret, 'case-hr'));
      expect(rows).toEqual([
        {
          caseKey: caseKey(keys.caseKeySecret, 'case-hr'),
          rung: 'signal',
          route: 'ownTeam',
          transition: 'signalRecorded',
          outcome: 'regular',
          categories: ['insult', 'exclusion'],
          source: 'affectedEmployee',
          orgUnit: 'Beleid',
          isoWeek: '2026-W48',
          daysSinceSignal: 1,
          deadlineMet: null,
        },
      ]);
      const all = JSON.stringify(await store.hrLog());
      expect(all).not.toContain('case-hr');
      expect(all).not.toContain(OWNER);
      expect((await harness.columns('hr_log')).sort()).toEqual(
        ['case_key', 'categories', 'days_since_signal', 'deadline_met', 'id', 'iso_week', 'org_unit', 'outcome', 'route', 'rung', 'source', 'transition'].sort(),
      );
    });

    it('filters the HR log by ISO week', async () => {
      const turn = turnFor('case-weeks', null);
      const row = turn.hrLog[0]!;
      await store.commit({
        ...turn,
        hrLog: [
          { ...row, isoWeek: '2026-W01', deadlineMet: true },
          { ...row, isoWeek: '2026-W02', deadlineMet: false, categories: [] },
        ],
      });
      const week2 = await store.hrLog({ fromWeek: '2026-W02', toWeek: '2026-W02' });
      expect(week2).toEqual([expect.objectContaining({ isoWeek: '2026-W02', deadlineMet: false, categories: [] })]);
      expect(await store.hrLog({ fromWeek: '2026-W01', toWeek: '2026-W01' })).toEqual([expect.objectContaining({ deadlineMet: true })]);
      await expect(store.hrLog({ fromWeek: '2026-2' })).rejects.toMatchObject({ code: 'invalidCode' });
    });

    it("lists an owner's cases, most recently updated first", async () => {
      const owner = 'aad-lister';
      await store.commit(turnFor('list-1', null, { ownerId: owner, at: '2026-11-01T09:00:00.000Z' }));
      await store.commit(turnFor('list-2', null, { ownerId: owner, at: '2026-11-02T09:00:00.000Z' }));
      await store.commit(turnFor('list-1', 1, { ownerId: owner, at: '2026-11-03T09:00:00.000Z' }));
      await store.commit(turnFor('list-other', null, { ownerId: OTHER_OWNER }));
      expect((await store.listByOwner(owner)).map((c) => c.id)).toEqual(['list-1', 'list-2']);
      expect((await store.listByOwner(owner, 1)).map((c) => c.id)).toEqual(['list-1']);
      expect(await store.listByOwner('aad-nobody')).toEqual([]);
    });

    it('reads no row this machine cannot hold: a newer machine version is caseFromNewerVersion, an unknown step is corrupt', async () => {
      const owner = 'aad-rolling-deploy';
      await store.commit(turnFor('newer', null, { ownerId: owner }));
      await store.commit(turnFor('unknown-step', null, { ownerId: 'aad-corrupt-row' }));
      await harness.exec(`UPDATE cases SET machine_version = ${ESCALATION_MACHINE_VERSION + 1}, step = 'aStepOfTheNextVersion' WHERE id = 'newer'`);
      await harness.exec(`UPDATE cases SET step = 'aStepNoMachineHas' WHERE id = 'unknown-step'`);
      await expect(store.load('newer')).rejects.toThrow(UnknownMachineVersionError);
      await expect(store.listByOwner(owner)).rejects.toThrow(UnknownMachineVersionError);
      // The conflict answer carries the current row: it is refused the same way.
      await expect(store.commit(turnFor('newer', 5, { ownerId: owner }))).rejects.toThrow(UnknownMachineVersionError);
      await expect(store.load('unknown-step')).rejects.toMatchObject({ name: 'StoreError', code: 'corrupt', field: 'cases.step' });
    });
  });

  describe('conversation references and user settings', () => {
    it('upserts and reads back a conversation reference', async () => {
      expect(await store.conversationRef('aad-ref')).toBeNull();
      await store.saveConversationRef('aad-ref', { conversation: { id: 'a:1' }, serviceUrl: 'https://example.test/' });
      await store.saveConversationRef('aad-ref', { conversation: { id: 'a:2' }, serviceUrl: 'https://example.test/' });
      expect(await store.conversationRef('aad-ref')).toEqual({ conversation: { id: 'a:2' }, serviceUrl: 'https://example.test/' });
    });

    const REF = { serviceUrl: 'https://smba.example/emea/', conversation: { id: 'a:personal-turn', conversationType: 'personal' } };
    const stampOf = async (ownerId: string) => (await harness.rows<{ updated_at: string }>(`SELECT updated_at FROM conversation_refs WHERE owner_id = '${ownerId}'`))[0]?.updated_at;

    it("stores the owner's reference in the turn's commit: rolled back with a failed commit, untouched by a conflict, there once committed", async () => {
      const owner = 'aad-ref-in-turn';
      // The reminders are checked after the reference was written: it goes with the rest of the turn.
      const failing = turnFor('ref-turn', null, { ownerId: owner, conversationRef: REF, reminders: { schedule: [{ kind: 'staleCase', dueAt: 'morgen' }], cancel: [] } });
      await expect(store.commit(failing)).rejects.toMatchObject({ code: 'invalidCode', field: 'reminders.schedule[0].dueAt' });
      expect(await store.conversationRef(owner)).toBeNull();
      expect(await store.load('ref-turn')).toBeNull();

      expect(await store.commit(turnFor('ref-turn', null, { ownerId: owner, conversationRef: REF }))).toEqual({ ok: true, revision: 1 });
      expect(await store.conversationRef(owner)).toEqual(REF);
      expect(await stampOf(owner)).toBe('2026-11-24T10:00:01.000Z');

      const moved = { ...REF, serviceUrl: 'https://smba.example/amer/' };
      expect(await store.commit(turnFor('ref-turn', 5, { ownerId: owner, conversationRef: moved }))).toMatchObject({ ok: false, reason: 'conflict' });
      expect(await store.conversationRef(owner)).toEqual(REF);
      expect(await store.commit(turnFor('ref-turn', 1, { ownerId: owner, conversationRef: moved }))).toEqual({ ok: true, revision: 2 });
      expect(await store.conversationRef(owner)).toEqual(moved);
      expect(await stampOf(owner)).toBe('2026-11-24T10:00:02.000Z');
    });

    it("rewrites an unchanged reference with a turn only once its stamp is a day old, and a written one resumes the owner's suspended reminders", async () => {
      const owner = 'aad-ref-refreshed';
      const at = (time: string) => ({ ownerId: owner, conversationRef: REF, at: time });
      await store.commit(turnFor('ref-refresh', null, { ...at('2026-11-24T10:00:00.000Z'), reminders: { schedule: [{ kind: 'staleCase', dueAt: '2026-12-08T09:00:00.000Z' }], cancel: [] } }));
      await store.commit(turnFor('ref-refresh', 1, at('2026-11-25T09:59:59.999Z')));
      expect(await stampOf(owner)).toBe('2026-11-24T10:00:00.000Z');
      await store.commit(turnFor('ref-refresh', 2, at('2026-11-25T10:00:00.000Z')));
      expect(await stampOf(owner)).toBe('2026-11-25T10:00:00.000Z');

      // The app removed: the reference goes and the reminder waits; the next turn's reference brings it back.
      expect(await store.suspendReminders(owner, 'appRemoved')).toBe(1);
      expect(await store.conversationRef(owner)).toBeNull();
      await store.commit(turnFor('ref-refresh', 3, at('2026-11-25T11:00:00.000Z')));
      expect(await store.conversationRef(owner)).toEqual(REF);
      expect(await harness.rows(`SELECT kind, status FROM reminders WHERE owner_id = '${owner}'`)).toEqual([{ kind: 'staleCase', status: 'due' }]);
    });

    it('keeps the settings that a save leaves out', async () => {
      expect(await store.userSettings('aad-settings')).toEqual({ orgUnit: null, locale: null, weeklyDigest: false });
      await store.saveUserSettings('aad-settings', { orgUnit: 'Uitvoering' });
      await store.saveUserSettings('aad-settings', { locale: 'en-US' });
      expect(await store.userSettings('aad-settings')).toEqual({ orgUnit: 'Uitvoering', locale: 'en-US', weeklyDigest: false });
      await store.saveUserSettings('aad-settings', { orgUnit: 'Staf' });
      expect(await store.userSettings('aad-settings')).toEqual({ orgUnit: 'Staf', locale: 'en-US', weeklyDigest: false });
      await expect(store.saveUserSettings('aad-settings', { locale: 'Nederlands graag' })).rejects.toMatchObject({
        code: 'invalidCode',
        field: 'locale',
      });
    });
  });

  describe("a new manager's first unit", () => {
    const settingsRows = (ownerId: string) => harness.rows<{ detail: string; case_id: string | null; at: string }>(`SELECT detail, case_id, at FROM audit WHERE actor = '${ownerId}' AND action = 'settings' ORDER BY seq`);
    const firstTurn = (caseId: string, ownerId: string, unit: string, overrides: Partial<TurnWrite> = {}) =>
      turnFor(caseId, null, { ownerId, orgUnit: unit, firstUnit: unit, audit: [{ actor: ownerId, action: 'create', detail: 'RECORD_SIGNAL' }], ...overrides });

    it("is written in the turn's commit with its audit row: rolled back with a failed commit, untouched by a conflict, there once committed", async () => {
      const owner = 'aad-unit-in-turn';
      // The reminders are checked after the unit was written: it goes with the rest of the turn.
      await expect(store.commit(firstTurn('unit-turn', owner, 'Beleid', { reminders: { schedule: [{ kind: 'staleCase', dueAt: 'morgen' }], cancel: [] } }))).rejects.toMatchObject({
        code: 'invalidCode',
        field: 'reminders.schedule[0].dueAt',
      });
      // Checked as setManagerUnits checks a unit: nothing of the turn is written.
      await expect(store.commit(firstTurn('unit-turn', owner, 'Beleid', { firstUnit: 'Beleid; DROP' }))).rejects.toMatchObject({ code: 'invalidCode', field: 'units' });
      expect(await store.load('unit-turn')).toBeNull();

      await store.commit(turnFor('unit-turn-taken', null, { ownerId: owner }));
      expect(await store.commit(firstTurn('unit-turn-taken', owner, 'Beleid'))).toMatchObject({ ok: false, reason: 'conflict' });
      expect(await store.managerUnits(owner)).toEqual([]);
      expect(await settingsRows(owner)).toEqual([]);

      expect(await store.commit(firstTurn('unit-turn', owner, 'Beleid'))).toEqual({ ok: true, revision: 1 });
      expect(await store.managerUnits(owner)).toEqual(['Beleid']);
      expect((await store.userSettings(owner)).orgUnit).toBe('Beleid');
      // The same row setManagerUnits appends for a first unit, after the turn's own.
      expect(await harness.rows(`SELECT action, detail, case_id FROM audit WHERE case_id = 'unit-turn' OR (actor = '${owner}' AND action = 'settings') ORDER BY seq`)).toEqual([
        { action: 'create', detail: 'RECORD_SIGNAL', case_id: 'unit-turn' },
        { action: 'settings', detail: 'orgUnitSet', case_id: null },
      ]);
      expect(await settingsRows(owner)).toEqual([{ detail: 'orgUnitSet', case_id: null, at: '2026-11-24T10:00:01.000Z' }]);
      expect(await store.verifyAudit()).toMatchObject({ ok: true });
    });

    it('leaves the units of a manager who has some: set by an earlier first turn, on the settings card, or the one unit of older settings', async () => {
      await store.commit(firstTurn('unit-first', 'aad-unit-twice', 'Beleid'));
      expect(await store.commit(firstTurn('unit-second', 'aad-unit-twice', 'Staf'))).toEqual({ ok: true, revision: 1 });
      expect(await store.managerUnits('aad-unit-twice')).toEqual(['Beleid']);
      expect((await settingsRows('aad-unit-twice')).map((row) => row.detail)).toEqual(['orgUnitSet']);

      const card = { actor: 'aad-unit-card', action: 'settings' as const, caseId: null, detail: 'orgUnitSet', at: '2026-11-24T09:00:00.000Z' };
      await store.setManagerUnits('aad-unit-card', ['Staf', 'Uitvoering'], card);
      await store.commit(firstTurn('unit-after-card', 'aad-unit-card', 'Beleid'));
      expect(await store.managerUnits('aad-unit-card')).toEqual(['Staf', 'Uitvoering']);
      expect(await settingsRows('aad-unit-card')).toHaveLength(1);

      await store.saveUserSettings('aad-unit-older', { orgUnit: 'Staf' });
      await store.commit(firstTurn('unit-after-older', 'aad-unit-older', 'Beleid'));
      expect(await store.managerUnits('aad-unit-older')).toEqual(['Staf']);

      // Settings without a unit (only a language) get the unit and keep the language.
      await store.saveUserSettings('aad-unit-locale', { locale: 'en-US' });
      await store.commit(firstTurn('unit-after-locale', 'aad-unit-locale', 'Beleid'));
      expect(await store.managerUnits('aad-unit-locale')).toEqual(['Beleid']);
      expect(await store.userSettings('aad-unit-locale')).toMatchObject({ orgUnit: 'Beleid', locale: 'en-US' });
    });

    it('is set by one of two first turns committed at once across two connections; the other commits its case and leaves the unit', async () => {
      const owner = 'aad-unit-race';
      const second = await harness.open(keys);
      try {
        const results = await Promise.all([store.commit(firstTurn('unit-race-a', owner, 'Beleid')), second.commit(firstTurn('unit-race-b', owner, 'Staf'))]);
        expect(results).toEqual([
          { ok: true, revision: 1 },
          { ok: true, revision: 1 },
        ]);
        const units = await store.managerUnits(owner);
        expect([['Beleid'], ['Staf']]).toContainEqual(units);
        expect((await settingsRows(owner)).map((row) => row.detail)).toEqual(['orgUnitSet']);
      } finally {
        await second.close();
      }
    });
  });

  describe('opening and availability', () => {
    it('refuses keys that are too short, all zeros or the same for both purposes', async () => {
      await expect(harness.open({ notesKey: Buffer.alloc(16, 1), caseKeySecret: keys.caseKeySecret })).rejects.toMatchObject({
        code: 'badKey',
        field: 'notesKey',
      });
      await expect(harness.open({ notesKey: keys.notesKey, caseKeySecret: Buffer.alloc(32) })).rejects.toMatchObject({
        code: 'badKey',
        field: 'caseKeySecret',
      });
      await expect(harness.open({ notesKey: keys.notesKey, caseKeySecret: Buffer.from(keys.notesKey) })).rejects.toMatchObject({
        code: 'badKey',
      });
    });

    it('pings while open and reports storeUnavailable once closed', async () => {
      const other = await harness.open(keys);
      await expect(other.ping()).resolves.toBeUndefined();
      await other.close();
      await expect(other.ping()).rejects.toMatchObject({ code: 'storeUnavailable' });
      await expect(other.load('case-a')).rejects.toMatchObject({ code: 'storeUnavailable' });
    });
  });
}
