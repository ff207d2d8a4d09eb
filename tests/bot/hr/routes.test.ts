/**
 * The HR API over HTTP on cases walked through the real bot: what HR gets to see, filtered,
 * suppressed and exported — and what it never gets to see.
 */
import { loadHrContent } from '../../../content/hr';
import type { HrSummary } from '../../../flows/hr/aggregate';
import type { HrTimelinePage } from '../../../bot/hr/service';
import type { HrExportJson } from '../../../bot/hr/export';
import { HR_TABLES, HR_INTERVALS, HR_THEMES } from '../../../flows/hr/measures';
import { startHrServer } from './helpers/hr-server';
import type { HrServer } from './helpers/hr-server';
import { HR_DEMO_CASES, walkCases } from './helpers/walk-cases';
import { HR_DEMO_APPRAISALS, walkAppraisals } from './helpers/walk-appraisals';

let server: HrServer;
let token: string;

beforeAll(async () => {
  // The first HR request audits the year's figures in a worker; on a loaded machine that outlasts the default 15 s.
  server = await startHrServer({ HR_MIN_GROUP_SIZE: '5', REQUEST_TIMEOUT_MS: '120000' }, async (bot) => {
    await walkCases(bot, HR_DEMO_CASES);
    await walkAppraisals(bot, HR_DEMO_APPRAISALS);
  });
  token = ((await (await server.get('/api/hr/dev/token?role=hr')).json()) as { token: string }).token;
});
afterAll(async () => server.close());

const getJson = async <T>(path: string): Promise<T> => {
  const res = await server.get(path, token);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as T;
};
const scopeOf = (summary: HrSummary, table: string) => {
  const view = summary.tables.find((t) => t.id === table)!;
  return Object.fromEntries([['total', view.scope.total.value], ...view.scope.categories.map((c) => [c.code, c.cell.value])]);
};
/** A table's rows as `key: total / share`: the selected scope (`*`) first, then the breakdown. */
const sharesOf = (summary: HrSummary, table: string) => {
  const view = summary.tables.find((t) => t.id === table)!;
  return Object.fromEntries([view.scope, ...view.breakdown].map((row) => [row.key ?? '*', [row.total.value, row.share]]));
};

describe('the summary', () => {
  it('shows what the walked cases did in a large unit, with small cells suppressed', async () => {
    const summary = await getJson<HrSummary>('/api/hr/summary?period=2026-Q4&orgUnit=Beleid');
    expect(summary.cases).toEqual({ value: 12, suppressed: false });
    // Beleid's 6 at addressing are hidden beside Uitvoering's 6: all units minus the units shown must
    // not give what Toezicht and Staf hold, which the operational store does not flag (issue 19 §2).
    expect(scopeOf(summary, 'highestRung')).toEqual({ total: 12, routedAway: null, signal: null, address: null, sanction: null, formalReport: null });
    // 12 held or not, 10 held would give 2 not held by subtraction: both parts are hidden (issue 19).
    expect(scopeOf(summary, 'addressHeld')).toEqual({ total: 12, held: null, notHeld: null });
    expect(scopeOf(summary, 'addressDeadline')).toEqual({ total: null, met: 7, missed: null });
    // Whether the manager listened is no measure (issue 18): an unticked box said nothing about it.
    expect(summary.tables.map((t) => t.id)).not.toContain('listened');
    expect(summary.intervals.find((i) => i.id === 'signalToConversation')).toMatchObject({ suppressed: false, median: 3 });
    expect(summary.intervals.find((i) => i.id === 'reportFiledToConcluded')).toMatchObject({ suppressed: true, median: null });
  });

  it('hides small units entirely but keeps all units visible when the small ones together are large enough', async () => {
    const year = await getJson<HrSummary>('/api/hr/summary?period=2026&by=orgUnit');
    expect(year.cases.value).toBe(25);
    const highest = year.tables.find((t) => t.id === 'highestRung')!;
    const byUnit = Object.fromEntries(highest.breakdown.map((row) => [row.key, row.total.value]));
    expect(byUnit).toEqual({ Beleid: 12, Uitvoering: 6, Bedrijfsvoering: null, Toezicht: null, Staf: null });
    // All units' 18 at addressing show: the small units' share in them is hidden in every unit's row.
    expect(highest.scope.categories.find((c) => c.code === 'address')!.cell).toEqual({ value: 18, suppressed: false });
    const toezicht = await getJson<HrSummary>('/api/hr/summary?period=2026&orgUnit=Toezicht');
    expect(toezicht.cases).toEqual({ value: null, suppressed: true });
    expect(JSON.stringify(toezicht)).not.toMatch(/"value":[1-4]\b/);
  });

  it('refuses a filter that does not exist with 400 and the field, and changes nothing', async () => {
    for (const [query, field] of [
      ['period=2026-Q5', 'period'],
      ['period=last-year', 'period'],
      ['period=2026&orgUnit=Onbekend', 'orgUnit'],
      ['period=2026&by=person', 'by'],
    ]) {
      const res = await server.get(`/api/hr/summary?${query}`, token);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'invalidFilter', field });
    }
  });
});

describe('the appraisal question in the summary', () => {
  it('shows, per unit, the conversations recorded through the bot and the shares asked and signalled', async () => {
    const year = await getJson<HrSummary>('/api/hr/summary?period=2026&by=orgUnit');
    // 33 conversations: Beleid 23 (16 asked), Toezicht 5, Staf 5; 21 asked in all, 6 with a signal.
    // The units without conversations are hidden zeros, which need no complement. Toezicht and Staf
    // show none of their 5: the operational store flags none of their quarters (too few cases), and
    // a unit × quarter it does not flag has every figure hidden, since padding could have made it
    // (issue 19 §2). The shares asked are hidden: whole, non-negative counts behind them would
    // narrow a small count.
    expect(sharesOf(year, 'appraisalAsked')).toEqual({
      '*': [33, null],
      Beleid: [23, null],
      Uitvoering: [null, null],
      Bedrijfsvoering: [null, null],
      Toezicht: [null, null],
      Staf: [null, null],
    });
    expect(scopeOf(year, 'appraisalSignalled')).toEqual({ total: null, signalled: null, nothingSignalled: null });
    expect(sharesOf(year, 'appraisalSignalled')['*']).toEqual([null, null]);
    expect(scopeOf(year, 'appraisalNotAskedReason')).toEqual({ total: null, noTime: null, notSuitable: null, discussedRecently: null, forgot: null, other: null });
  });

  it('per quarter: a quarter that, beside its year, would reveal a small one is suppressed with its share', async () => {
    const beleid = await getJson<HrSummary>('/api/hr/summary?period=2026&orgUnit=Beleid&by=quarter');
    // Beleid recorded 6 in Q3 and 17 in Q4. It had no cases in Q3, so the store does not flag that
    // quarter and its 6 are hidden (issue 19 §2); Q4 is hidden with it, since the year minus Q4 would
    // give them. The year shows.
    expect(sharesOf(beleid, 'appraisalAsked')).toEqual({ '*': [23, null], '2026-Q1': [null, null], '2026-Q2': [null, null], '2026-Q3': [null, null], '2026-Q4': [null, null] });
    const q4 = await getJson<HrSummary>('/api/hr/summary?period=2026-Q4&orgUnit=Beleid');
    expect(scopeOf(q4, 'appraisalAsked')).toEqual({ total: null, asked: null, notAsked: null });
  });

  it('never shows fewer than k conversations, nor a share of them, for a small unit', async () => {
    const staf = await getJson<HrSummary>('/api/hr/summary?period=2026-Q4&orgUnit=Staf');
    for (const id of ['appraisalAsked', 'appraisalSignalled', 'appraisalNotAskedReason']) {
      const view = staf.tables.find((t) => t.id === id)!;
      expect([view.scope.total, ...view.scope.categories.map((c) => c.cell)].every((cell) => cell.value === null || cell.value >= 5)).toBe(true);
      expect(view.scope.share ?? null).toBeNull();
    }
  });
});

describe('the timelines', () => {
  it('are pseudonymous, dated only by the quarter of the signal, and only for a unit and quarter whose k or more cases the tables show', async () => {
    const page = await getJson<HrTimelinePage>('/api/hr/timelines?period=2026');
    expect(page.eligible).toEqual([{ orgUnit: 'Beleid', quarter: '2026-Q4' }]);
    expect(page.cases).toHaveLength(12);
    for (const timeline of page.cases) {
      expect(timeline.case).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(timeline).sort()).toEqual(['case', 'events', 'orgUnit', 'quarter']);
      expect(timeline).toMatchObject({ orgUnit: 'Beleid', quarter: '2026-Q4' });
      expect(timeline.events[0]).toMatchObject({ transition: 'signalRecorded', rung: 'signal' });
      for (const event of timeline.events) expect(Object.keys(event).sort()).toEqual(['daysSinceSignal', 'deadlineMet', 'outcome', 'rung', 'transition']);
    }
    expect(JSON.stringify(page)).not.toMatch(/aad-hr-walk|categories|source|\d{4}-\d\d-\d\d|-W\d\d/);
  });

  it('give nothing for a small unit', async () => {
    const page = await getJson<HrTimelinePage>('/api/hr/timelines?period=2026&orgUnit=Toezicht');
    expect(page.cases).toEqual([]);
  });

  it('page with a cursor', async () => {
    const first = await getJson<HrTimelinePage>('/api/hr/timelines?period=2026-Q4&limit=4');
    expect(first.cases).toHaveLength(4);
    const second = await getJson<HrTimelinePage>(`/api/hr/timelines?period=2026-Q4&limit=4&after=${first.next}`);
    expect(second.cases[0]!.case > first.cases[3]!.case).toBe(true);
    expect((await server.get('/api/hr/timelines?period=2026&after=xyz', token)).status).toBe(400);
  });

  it("show the conversation without a 'listened' outcome: the card's box measures nothing (issue 18)", async () => {
    const page = await getJson<HrTimelinePage>('/api/hr/timelines?period=2026');
    const conversations = page.cases.flatMap((timeline) => timeline.events).filter((event) => event.transition === 'conversationRecorded');
    expect(conversations.length).toBeGreaterThan(0);
    expect(conversations.map((event) => event.outcome)).toEqual(conversations.map(() => null));
  });
});

describe('the export for the rapportage', () => {
  it('is a CSV by theme that opens in a Dutch spreadsheet, with the suppression applied', async () => {
    const res = await server.get('/api/hr/export.csv?period=2026-Q4', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="escalatiewijzer-hr-2026-Q4-nl.csv"');
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(body.startsWith('\uFEFFthema_code;thema;tabel_code;tabel;categorie_code;categorie;periode;organisatieonderdeel;aantal;status\r\n')).toBe(true);
    const rows = body.slice(1).trim().split('\r\n').slice(1).map((line) => line.split(';'));
    const units = 6; // all units + five configured units
    const cells = HR_TABLES.reduce((sum, table) => sum + table.categories.length + 1 + (table.share ? 1 : 0), 0);
    expect(rows).toHaveLength((cells + HR_INTERVALS.length * 2) * units);
    expect([...new Set(rows.map((row) => row[0]))]).toEqual([...HR_THEMES]);
    const nl = loadHrContent('nl');
    expect(rows).toContainEqual(['handhaving', nl.themes.handhaving.title, 'highestRung', nl.tables.highestRung!.title, 'address', 'Aanspreken', '2026-Q4', 'Uitvoering', '6', 'getoond']);
    expect(rows).toContainEqual(['handhaving', nl.themes.handhaving.title, 'highestRung', nl.tables.highestRung!.title, 'total', 'Alle zaken', '2026-Q4', 'Toezicht', '', 'onderdrukt']);
    const counts = rows.filter((row) => !['median', 'p90', 'share'].includes(row[4]!) && row[8] !== '');
    for (const row of counts) expect(Number(row[8])).toBeGreaterThanOrEqual(5);
  });

  it('has the appraisal section under handelingsvaardigheid: conversations, share asked, share signalled, reasons', async () => {
    const res = await server.get('/api/hr/export.csv?period=2026', token);
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    const rows = body.slice(1).trim().split('\r\n').slice(1).map((line) => line.split(';'));
    const nl = loadHrContent('nl');
    const row = (table: string, category: string, unit: string) => rows.find((r) => r[2] === table && r[4] === category && r[7] === unit)!.slice(8);
    expect(new Set(rows.filter((r) => r[2]!.startsWith('appraisal')).map((r) => r[0]))).toEqual(new Set(['handelingsvaardigheid']));
    expect(row('appraisalAsked', 'total', nl.export.allUnits)).toEqual(['33', 'getoond']);
    expect(row('appraisalAsked', 'share', nl.export.allUnits)).toEqual(['', 'onderdrukt']);
    expect(row('appraisalAsked', 'share', 'Beleid')).toEqual(['', 'onderdrukt']);
    expect(row('appraisalAsked', 'share', 'Toezicht')).toEqual(['', 'onderdrukt']);
    expect(row('appraisalSignalled', 'share', nl.export.allUnits)).toEqual(['', 'onderdrukt']);
    expect(row('appraisalNotAskedReason', 'forgot', nl.export.allUnits)).toEqual(['', 'onderdrukt']);
    expect(row('appraisalNotAskedReason', 'noTime', 'Beleid')).toEqual(['', 'onderdrukt']);
  });

  it('is JSON by theme in English on request, with the same numbers', async () => {
    const res = await server.get('/api/hr/export.json?period=2026-Q4&lang=en', token);
    expect(res.headers.get('content-disposition')).toContain('escalatiewijzer-hr-2026-Q4-en.json');
    const json = (await res.json()) as HrExportJson;
    expect(json).toMatchObject({ format: 'escalatiewijzer-hr-export', version: 1, locale: 'en', period: '2026-Q4', k: 5 });
    expect(json.themes.map((t) => [t.code, t.title])).toEqual(HR_THEMES.map((code) => [code, loadHrContent('en').themes[code].title]));
    const highest = json.themes.find((t) => t.code === 'handhaving')!.tables.find((t) => t.code === 'highestRung')!;
    expect(highest.rows.map((r) => r.orgUnit)).toEqual([null, 'Beleid', 'Uitvoering', 'Bedrijfsvoering', 'Toezicht', 'Staf']);
    expect(highest.rows[2]!.categories.find((c) => c.code === 'address')).toEqual({ code: 'address', label: 'Address', value: 6, suppressed: false });
  });
});

describe('abuse limits', () => {
  it('limit each signed-in HR user per minute; refused sign-ins use up nobody\'s allowance', async () => {
    const limited = await startHrServer({ HR_MIN_GROUP_SIZE: '5', RATE_LIMIT_PER_USER_PER_MINUTE: '3' });
    try {
      const hr = ((await (await limited.get('/api/hr/dev/token?role=hr')).json()) as { token: string }).token;
      for (let i = 0; i < 5; i += 1) expect((await limited.get('/api/hr/summary?period=2026', 'not-a-token')).status).toBe(401);
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await limited.get('/api/hr/summary?period=2026', hr)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.get('/api/hr/export.csv?period=2026', hr);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
