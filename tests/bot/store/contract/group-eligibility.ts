/**
 * The store contract for a manager's units and for the groups HR may see case by case (issue 19
 * §2): padding cases of one or a few accounts never lift a small unit's quarter over k, before or
 * after they are deleted (`verwijder`); a large enough group of many managers does, in its own
 * quarter only. A change of units is written with its audit row. Every store passes it.
 */
import type { AuditEntry, CaseStore, TurnWrite } from '../../../../bot/store/case-store';
import type { AuditRecordRow } from '../../../../bot/store/sql-rows';
import type { HarnessFactory, StoreHarness } from '../fixtures/harness';
import { migrationsUpTo, newKeys, turnFor } from '../fixtures/store';

const K = 10;
const Q4 = '2026-Q4';
const SMALL = 'Toezicht';
const LARGE = 'Uitvoering';
/** Days in 2026-Q4 (ISO weeks 41–52), one per case so every case has a time of its own. */
const dayIn = (n: number) => `2026-10-${String(5 + (n % 20)).padStart(2, '0')}T09:00:00.000Z`;
const laterDayIn = (n: number) => `2026-11-${String(5 + (n % 20)).padStart(2, '0')}T09:00:00.000Z`;

export function groupEligibilityContract(newHarness: HarnessFactory): void {
  const keys = newKeys();
  let harness: StoreHarness;
  let store: CaseStore;
  let serial = 0;

  beforeAll(async () => {
    harness = await newHarness('eligibility');
    store = await harness.open(keys);
  });
  afterAll(async () => {
    await store.close();
    await harness.dispose();
  });

  /** A case of `owner` in `unit`; `steps` turns (1: only its signal). Returns its id and revision. */
  const recordCase = async (owner: string, unit: string, steps: number, at = dayIn(serial)): Promise<{ id: string; revision: number }> => {
    serial += 1;
    const id = `case-${serial}`;
    const turn = (expected: number | null): TurnWrite => {
      const base = turnFor(id, expected, { ownerId: owner, orgUnit: unit, at });
      return { ...base, notes: [], hrLog: base.hrLog.map((row) => ({ ...row, orgUnit: unit })), audit: [{ actor: owner, action: expected === null ? 'create' : 'transition', detail: 'RECORD_SIGNAL' }] };
    };
    for (let revision = 0; revision < steps; revision += 1) await store.commit(turn(revision === 0 ? null : revision));
    return { id, revision: steps };
  };
  const eligible = async () => (await store.hrEligibleGroups([Q4], K)).map((g) => `${g.orgUnit} ${g.quarter}`);
  const deleteAll = async (owner: string, cases: Array<{ id: string; revision: number }>) => {
    for (const c of cases) expect(await store.deleteCase(c.id, owner, c.revision, '2026-12-01T09:00:00.000Z')).toMatchObject({ ok: true });
  };

  describe('a unit with 3 real cases', () => {
    beforeAll(async () => {
      for (const owner of ['real-1', 'real-2', 'real-3']) await recordCase(owner, SMALL, 2);
    });

    it('is not lifted over k by one account with 7 padding signals, nor after they are deleted', async () => {
      const padding = [];
      for (let i = 0; i < 7; i += 1) padding.push(await recordCase('padder-1', SMALL, 1));
      expect(await eligible()).not.toContain(`${SMALL} ${Q4}`);
      await deleteAll('padder-1', padding);
      expect(await eligible()).not.toContain(`${SMALL} ${Q4}`);
    });

    it('is not lifted by 3 accounts with 3 padding signals each, nor after they are deleted', async () => {
      for (const owner of ['padder-2', 'padder-3', 'padder-4']) {
        const padding = [];
        for (let i = 0; i < 3; i += 1) padding.push(await recordCase(owner, SMALL, 1));
        expect(await eligible()).not.toContain(`${SMALL} ${Q4}`);
        await deleteAll(owner, padding);
      }
      expect(await eligible()).not.toContain(`${SMALL} ${Q4}`);
    });

    it('is not lifted by one account whose 7 padding cases go past their first step: no single manager makes a group', async () => {
      const padding = [];
      for (let i = 0; i < 7; i += 1) padding.push(await recordCase('padder-5', SMALL, 3));
      expect(await eligible()).not.toContain(`${SMALL} ${Q4}`);
      await deleteAll('padder-5', padding);
      expect(await eligible()).not.toContain(`${SMALL} ${Q4}`);
    });
  });

  it('shows a unit whose quarter has k cases past their first step besides its largest manager’s, in that quarter only', async () => {
    for (let m = 1; m <= 5; m += 1) for (let i = 0; i < 3; i += 1) await recordCase(`large-${m}`, LARGE, 2);
    // Another quarter of the same unit: few cases, so not shown although the year is large.
    await recordCase('large-1', LARGE, 2, '2026-04-07T09:00:00.000Z');
    const groups = await store.hrEligibleGroups(['2026-Q1', '2026-Q2', '2026-Q3', Q4], K);
    expect(groups).toEqual([{ quarter: Q4, orgUnit: LARGE }]);
  });

  it('counts a case in the quarter of its signal’s ISO week, as the HR projection does', async () => {
    // 2027-01-01, a Friday, is in ISO week 2026-W53, whose Thursday is 2026-12-31: the case counts in 2026-Q4.
    for (let m = 1; m <= 5; m += 1) for (let i = 0; i < 3; i += 1) await recordCase(`turn-${m}`, 'Staf', 2, '2027-01-01T09:00:00.000Z');
    expect(await store.hrEligibleGroups(['2027-Q1'], K)).toEqual([]);
    expect(await store.hrEligibleGroups([Q4], K)).toContainEqual({ quarter: Q4, orgUnit: 'Staf' });
  });

  it('refuses a malformed query', async () => {
    await expect(store.hrEligibleGroups(['2026-Q5'], K)).rejects.toMatchObject({ code: 'invalidCode' });
    await expect(store.hrEligibleGroups([Q4], 0)).rejects.toMatchObject({ code: 'invalidCode' });
  });

  it('upgrades across migration 012: a case is past its first step when the trail holds two of its transitions; settings keep their one unit', async () => {
    const old = await newHarness('eligibility-012');
    try {
      await old.migrate(migrationsUpTo(old.kind, 11));
      const caseRow = (id: string, owner: string) =>
        `('${id}', '${owner}', 'escalation', 2, '{}', 1, 'signalConversation', 'open', '${SMALL}', '${dayIn(1)}', '${dayIn(1)}')`;
      await old.exec(`INSERT INTO cases (id, owner_id, machine_id, machine_version, snapshot, revision, step, status, org_unit, created_at, updated_at) VALUES
        ${caseRow('old-two-steps', 'old-1')}, ${caseRow('old-one-step', 'old-2')}`);
      const auditRow = (seq: number, caseId: string, action: string) =>
        `(${seq}, '${dayIn(1)}', 'old', '${action}', '${caseId}', 'RECORD_SIGNAL', '${'0'.repeat(64)}', '${'1'.repeat(64)}')`;
      await old.exec(`INSERT INTO audit (seq, at, actor, action, case_id, detail, prev_hash, hash) VALUES
        ${auditRow(1, 'old-two-steps', 'transition')}, ${auditRow(2, 'old-two-steps', 'transition')},
        ${auditRow(3, 'old-one-step', 'transition')}, ${auditRow(4, 'old-one-step', 'read')}`);
      await old.exec(`INSERT INTO user_settings (owner_id, org_unit, locale) VALUES ('old-1', 'Beleid', 'nl'), ('old-2', NULL, 'en')`);

      const upgraded = await old.open(keys);
      try {
        const flags = await old.rows<{ id: string; past_first_step: number | boolean }>('SELECT id, past_first_step FROM cases ORDER BY id');
        expect(flags.map((row) => [row.id, Number(row.past_first_step)])).toEqual([
          ['old-one-step', 0],
          ['old-two-steps', 1],
        ]);
        expect(await upgraded.managerUnits('old-1')).toEqual(['Beleid']);
        expect(await upgraded.managerUnits('old-2')).toEqual([]);
      } finally {
        await upgraded.close();
      }
    } finally {
      await old.dispose();
    }
  });

  describe('a manager’s units', () => {
    const audit = (owner: string, detail: string): AuditEntry => ({ actor: owner, action: 'settings', caseId: null, detail, at: laterDayIn(1) });

    it('are read from the settings: none, the one unit of older settings, then the list set with its audit row', async () => {
      expect(await store.managerUnits('unit-owner')).toEqual([]);
      await store.saveUserSettings('unit-owner', { orgUnit: 'Beleid' });
      expect(await store.managerUnits('unit-owner')).toEqual(['Beleid']);

      await store.setManagerUnits('unit-owner', ['Beleid', 'Staf'], audit('unit-owner', 'orgUnitAdded'));
      expect(await store.managerUnits('unit-owner')).toEqual(['Beleid', 'Staf']);
      await store.setManagerUnits('unit-owner', ['Staf'], audit('unit-owner', 'orgUnitRemoved'));
      expect(await store.managerUnits('unit-owner')).toEqual(['Staf']);
      expect((await store.userSettings('unit-owner')).orgUnit).toBe('Staf');

      const rows = await harness.rows<AuditRecordRow>("SELECT seq, at, actor, action, case_id, detail, prev_hash, hash FROM audit WHERE actor = 'unit-owner' ORDER BY seq");
      expect(rows.map((row) => [row.action, row.detail, row.case_id])).toEqual([
        ['settings', 'orgUnitAdded', null],
        ['settings', 'orgUnitRemoved', null],
      ]);
      expect(await store.verifyAudit()).toMatchObject({ ok: true });
    });

    it('refuse an empty, duplicate or invalid list and an audit row that is not the owner’s settings row, writing nothing', async () => {
      const owner = 'unit-refused';
      await store.setManagerUnits(owner, ['Beleid'], audit(owner, 'orgUnitSet'));
      const before = await harness.count('audit');
      for (const [units, entry] of [
        [[], audit(owner, 'orgUnitSet')],
        [['Beleid', 'Beleid'], audit(owner, 'orgUnitSet')],
        [['Beleid; DROP'], audit(owner, 'orgUnitSet')],
        [['Staf'], audit('someone-else', 'orgUnitSet')],
        [['Staf'], { ...audit(owner, 'orgUnitSet'), action: 'read' as const }],
        [['Staf'], audit(owner, 'unitChangedToStaf')],
      ] as const) {
        await expect(store.setManagerUnits(owner, units as readonly string[], entry as AuditEntry)).rejects.toMatchObject({ code: 'invalidCode' });
      }
      expect(await store.managerUnits(owner)).toEqual(['Beleid']);
      expect(await harness.count('audit')).toBe(before);
    });
  });
}
