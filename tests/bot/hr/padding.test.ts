/**
 * Padding does not make a small unit readable (issue 19 §2): one account with 7 padding cases, or 3
 * accounts with 3 each, lift a unit with 3 real cases to 10 in HR's rows, yet the store never flags
 * it and the HR service (built with the store's flags, as the HR routes build it) shows none of its
 * cases and none of its per-unit figures — in the summary in every grouping, the export (CSV and
 * JSON) and the timelines — before and after the padding is deleted (`verwijder`, which leaves the
 * HR rows). Units with enough cases of enough managers are flagged and keep their figures.
 * On SQLite and PostgreSQL.
 */
import { exportCsv, exportJson } from '../../../bot/hr/export';
import { HrService } from '../../../bot/hr/service';
import type { HrSummary } from '../../../flows/hr/aggregate';
import { loadHrContent } from '../../../content/hr';
import { storeTimelineFlags } from '../../../bot/hr/timeline-flags';
import type { CaseStore, HrLogEntry, TurnWrite } from '../../../bot/store/case-store';
import { parsePeriod } from '../../../flows/hr/aggregate';
import { postgresHarness, sqliteHarness } from '../store/fixtures/harness';
import type { HarnessFactory, StoreHarness } from '../store/fixtures/harness';
import { newKeys, turnFor } from '../store/fixtures/store';

const K = 10;
const SMALL = 'Toezicht';
const LARGE = 'Beleid';
const OTHER = 'Uitvoering';
const YEAR = parsePeriod('2026')!;
const Q4 = parsePeriod('2026-Q4')!;
const hrTexts = loadHrContent('nl');
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
    service = new HrService(store, { orgUnits: [LARGE, OTHER, SMALL], minGroupSize: K, timelineFlags: storeTimelineFlags(store, K) });
    for (const owner of ['real-1', 'real-2', 'real-3']) await recordCase(owner, SMALL, 2);
    for (let m = 1; m <= 5; m += 1) for (let i = 0; i < 3; i += 1) await recordCase(`large-${m}`, LARGE, 2);
    for (let m = 1; m <= 5; m += 1) for (let i = 0; i < 4; i += 1) await recordCase(`other-${m}`, OTHER, 2);
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
  /** The store's flags for 2026-Q4, as the HR service gets them: which of the units may be read. */
  const flagged = async () => {
    const flag = await storeTimelineFlags(store, K)(['2026-Q4']);
    return [LARGE, OTHER, SMALL].filter((unit) => flag(unit, '2026-Q4'));
  };

  /** Every number a summary publishes: its cases, each table's cells (scope and breakdown), each duration. */
  const numbersOf = (summary: HrSummary, rowKey?: string) => [
    ...(rowKey === undefined ? [summary.cases.value] : []),
    ...summary.tables.flatMap((t) =>
      [t.scope, ...t.breakdown].filter((row) => rowKey === undefined || row.key === rowKey).flatMap((row) => [row.total.value, ...row.categories.map((c) => c.cell.value), row.share ?? null]),
    ),
    ...(rowKey === undefined ? summary.intervals.flatMap((i) => [i.median, i.p90]) : []),
  ];
  /** What HR can publish of a unit, in every grouping: the summary by year, quarter and unit, the export in CSV and JSON. */
  const publishedOf = async (unit: string) => {
    const summaries = [
      ...numbersOf(await service.summary(YEAR, unit)),
      ...numbersOf(await service.summary(Q4, unit)),
      ...numbersOf(await service.summary(YEAR, unit, 'quarter')),
      ...numbersOf(await service.summary(YEAR, null, 'orgUnit'), unit),
      ...numbersOf(await service.summary(Q4, null, 'orgUnit'), unit),
    ];
    const exported = [];
    for (const period of [YEAR, Q4]) {
      const data = await service.exportData(period);
      const json = exportJson(data, hrTexts);
      for (const theme of json.themes) {
        for (const table of theme.tables) for (const row of table.rows.filter((r) => r.orgUnit === unit)) exported.push(row.total.value, ...row.categories.map((c) => c.value), row.share?.percent ?? null);
        for (const duration of theme.durations) for (const row of duration.rows.filter((r) => r.orgUnit === unit)) exported.push(row.medianDays, row.p90Days);
      }
      // The CSV's value column (the 9th) on the unit's lines.
      const lines = exportCsv(data, hrTexts).split('\r\n').map((line) => line.split(';'));
      exported.push(...lines.filter((line) => line[7] === unit).map((line) => (line[8] === '' ? null : line[8])));
    }
    return { summaries, exported, shown: [...summaries, ...exported].filter((value) => value !== null) };
  };
  /** No per-unit figure of the small unit anywhere, and no timeline of it. */
  const expectSmallUnreadable = async () => {
    const small = await publishedOf(SMALL);
    expect(small.exported.length).toBeGreaterThan(100);
    expect(small.shown).toEqual([]);
    expect(await readable()).not.toContain(SMALL);
  };

  it('flags the large units of many managers, not the small one, and shows figures of the large ones only', async () => {
    expect(await flagged()).toEqual([LARGE, OTHER]);
    await expectSmallUnreadable();
    expect((await service.summary(YEAR, OTHER)).cases).toEqual({ value: 20, suppressed: false });
    expect((await publishedOf(OTHER)).shown.length).toBeGreaterThan(20);
    // Beleid's count of Q4 is hidden as the complement of the small unit's (all units minus the
    // others would give it), so its timelines wait; Uitvoering's is published, and so are its timelines.
    expect(await readable()).toContain(OTHER);
  });

  it('1 account × 7 padding cases: the 3 real cases stay unreadable, also after `verwijder` (HR rows stay)', async () => {
    const padding = [];
    for (let i = 0; i < 7; i += 1) padding.push(await recordCase('padder-1', SMALL, 1));
    expect((await store.hrLog()).filter((r) => r.orgUnit === SMALL && r.transition === 'signalRecorded')).toHaveLength(10);
    expect(await flagged()).toEqual([LARGE, OTHER]);
    await expectSmallUnreadable();
    for (const c of padding) expect(await store.deleteCase(c.id, 'padder-1', c.revision, DELETED_AT)).toEqual({ ok: true });
    expect((await store.hrLog()).filter((r) => r.orgUnit === SMALL && r.transition === 'signalRecorded')).toHaveLength(10);
    expect(await flagged()).toEqual([LARGE, OTHER]);
    await expectSmallUnreadable();
  });

  it('3 accounts × 3 padding cases: still unreadable, also after `verwijder`', async () => {
    const padding: Array<[string, { id: string; revision: number }]> = [];
    for (const owner of ['padder-2', 'padder-3', 'padder-4']) for (let i = 0; i < 3; i += 1) padding.push([owner, await recordCase(owner, SMALL, 1)]);
    expect(await flagged()).toEqual([LARGE, OTHER]);
    await expectSmallUnreadable();
    for (const [owner, c] of padding) expect(await store.deleteCase(c.id, owner, c.revision, DELETED_AT)).toEqual({ ok: true });
    expect(await flagged()).toEqual([LARGE, OTHER]);
    await expectSmallUnreadable();
  });
});
