/**
 * Padding does not make a small unit readable case by case (issue 19 §2): one account with 7
 * padding cases, or 3 accounts with 3 each, lift a unit with 3 real cases to 10 in HR's rows, yet
 * the store never flags it for timelines and the HR service (built with the store's flags, as the
 * HR routes build it) shows none of its cases — before and after the padding is deleted
 * (`verwijder`, which leaves the HR rows). A unit with enough cases of enough managers is flagged.
 * On SQLite and PostgreSQL.
 */
import { HrService } from '../../../bot/hr/service';
import { storeTimelineFlags } from '../../../bot/hr/timeline-flags';
import type { CaseStore, HrLogEntry, TurnWrite } from '../../../bot/store/case-store';
import { parsePeriod } from '../../../flows/hr/aggregate';
import { postgresHarness, sqliteHarness } from '../store/fixtures/harness';
import type { HarnessFactory, StoreHarness } from '../store/fixtures/harness';
import { newKeys, turnFor } from '../store/fixtures/store';

const K = 10;
const SMALL = 'Toezicht';
const LARGE = 'Beleid';
const AT = '2026-11-03T09:00:00.000Z';
const DELETED_AT = '2026-11-20T09:00:00.000Z';

const row = (orgUnit: string, rung: string, transition: string, outcome: string): HrLogEntry => ({
  rung,
  route: 'ownTeam',
  transition,
  outcome,
  categories: ['insult'],
  source: 'affectedEmployee',
  orgUnit,
  isoWeek: '2026-W45',
  daysSinceSignal: 0,
  deadlineMet: null,
});

describe.each([
  ['SQLite', sqliteHarness],
  ['PostgreSQL', postgresHarness],
] as Array<[string, HarnessFactory]>)('padding against the timelines on %s', (_, newHarness) => {
  let harness: StoreHarness;
  let store: CaseStore;
  let service: HrService;
  let serial = 0;

  beforeAll(async () => {
    harness = await newHarness('padding');
    store = await harness.open(newKeys());
    service = new HrService(store, { orgUnits: [LARGE, SMALL], minGroupSize: K, timelineFlags: storeTimelineFlags(store, K) });
    for (const owner of ['real-1', 'real-2', 'real-3']) await recordCase(owner, SMALL, 2);
    for (let m = 1; m <= 5; m += 1) for (let i = 0; i < 3; i += 1) await recordCase(`large-${m}`, LARGE, 2);
  });
  afterAll(async () => {
    await store.close();
    await harness.dispose();
  });

  /** A case of `owner`: its signal, and with `steps` 2 a conversation too. */
  async function recordCase(owner: string, orgUnit: string, steps: 1 | 2): Promise<{ id: string; revision: number }> {
    serial += 1;
    const id = `padding-case-${serial}`;
    const turn = (expected: number | null, hr: HrLogEntry): TurnWrite => ({
      ...turnFor(id, expected, { ownerId: owner, orgUnit, at: AT }),
      notes: [],
      hrLog: [hr],
      audit: [{ actor: owner, action: expected === null ? 'create' : 'transition', detail: 'RECORD_SIGNAL' }],
    });
    await store.commit(turn(null, row(orgUnit, 'signal', 'signalRecorded', 'regular')));
    if (steps === 2) await store.commit(turn(1, row(orgUnit, 'address', 'conversationRecorded', 'listened')));
    return { id, revision: steps };
  }

  const readable = async () => {
    const page = await service.timelines(parsePeriod('2026')!, null, undefined, 500);
    return [...new Set(page.cases.map((c) => c.orgUnit))];
  };
  /** The store's flags for 2026-Q4, as the HR service gets them: which of the two units may be read. */
  const flagged = async () => {
    const flag = await storeTimelineFlags(store, K)(['2026-Q4']);
    return [LARGE, SMALL].filter((unit) => flag(unit, '2026-Q4'));
  };

  it('flags the large unit of many managers, not the small one', async () => {
    expect(await flagged()).toEqual([LARGE]);
    expect(await readable()).not.toContain(SMALL);
  });

  it('1 account × 7 padding cases: the 3 real cases stay unreadable, also after `verwijder` (HR rows stay)', async () => {
    const padding = [];
    for (let i = 0; i < 7; i += 1) padding.push(await recordCase('padder-1', SMALL, 1));
    expect((await store.hrLog()).filter((r) => r.orgUnit === SMALL && r.transition === 'signalRecorded')).toHaveLength(10);
    expect(await flagged()).toEqual([LARGE]);
    expect(await readable()).not.toContain(SMALL);
    for (const c of padding) expect(await store.deleteCase(c.id, 'padder-1', c.revision, DELETED_AT)).toEqual({ ok: true });
    expect((await store.hrLog()).filter((r) => r.orgUnit === SMALL && r.transition === 'signalRecorded')).toHaveLength(10);
    expect(await flagged()).toEqual([LARGE]);
    expect(await readable()).not.toContain(SMALL);
  });

  it('3 accounts × 3 padding cases: still unreadable, also after `verwijder`', async () => {
    const padding: Array<[string, { id: string; revision: number }]> = [];
    for (const owner of ['padder-2', 'padder-3', 'padder-4']) for (let i = 0; i < 3; i += 1) padding.push([owner, await recordCase(owner, SMALL, 1)]);
    expect(await flagged()).toEqual([LARGE]);
    expect(await readable()).not.toContain(SMALL);
    for (const [owner, c] of padding) expect(await store.deleteCase(c.id, owner, c.revision, DELETED_AT)).toEqual({ ok: true });
    expect(await flagged()).toEqual([LARGE]);
    expect(await readable()).not.toContain(SMALL);
  });
});
