import { exportJson } from '../../../../bot/hr/export';
import type { HrExportJson } from '../../../../bot/hr/export';
import type { HrExportData } from '../../../../bot/hr/service';
import { loadHrContent } from '../../../../content/hr';
import { loadReportContent } from '../../../../content/report';
import { HrCube, parsePeriod, tableRow } from '../../../../flows/hr/aggregate';
import type { HrPeriod } from '../../../../flows/hr/aggregate';
import { addCase, emptyAggregate } from '../../../../flows/hr/cells';
import { HR_TABLES, HR_THEMES } from '../../../../flows/hr/measures';
import { projectHrCase } from '../../../../flows/hr/projection';
import { buildReport } from '../../../../flows/hr/report/model';
import type { FullReport, ReportModel } from '../../../../flows/hr/report/model';
import { sample } from '../../escalation/walk';
import { hrEntriesOf } from '../../../bot/hr/helpers/hr-entries';
import { everyUnitEligible } from '../helpers/every-unit-eligible';

const hrTexts = loadHrContent('nl');
const texts = loadReportContent('nl');
const MARKER = 'niet getoond (kleine groep)';

/** Export data for a year: `cases` walked cases per unit (signal, conversation, and some addressed). */
function exportOf(year: number, cases: Record<string, number>): HrExportJson {
  const period: HrPeriod = parsePeriod(String(year))!;
  let n = 0;
  const rows = Object.entries(cases).map(([unit, count]) => {
    const row = emptyAggregate(`${year}-Q2`, unit);
    for (let i = 0; i < count; i += 1, n += 1) {
      const events = [sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION'), ...(i % 3 === 0 ? [sample('ADDRESS_PREPARED')] : [])];
      addCase(row, projectHrCase(null, (year * 1000 + n).toString(16).padStart(64, '0'), hrEntriesOf(events, unit))!, 1);
    }
    return row;
  });
  const units = Object.keys(cases);
  const cube = new HrCube(rows, { year, units, k: 10, eligible: everyUnitEligible(units, year) }, []);
  const data: HrExportData = {
    period,
    k: 10,
    orgUnits: cube.units,
    tables: HR_TABLES.map((table) => ({
      id: table.id,
      theme: table.theme,
      population: table.population,
      ...(table.share ? { share: table.share } : {}),
      rows: [null, ...units].map((unit) => tableRow(cube, table, unit, unit, null)),
    })),
    intervals: [],
  };
  return exportJson(data, hrTexts);
}

const current = exportOf(2026, { Beleid: 40, Uitvoering: 25, Toezicht: 8, Staf: 3 });
const previous = exportOf(2025, { Beleid: 30, Uitvoering: 6, Toezicht: 6, Staf: 12 });
const count = new Intl.NumberFormat('nl-NL');
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 });

function full(model: ReportModel): FullReport {
  if (model.kind !== 'full') throw new Error('expected a full report');
  return model;
}

/** Every published cell of the export, as the report must write it: [unit, ...total, categories, share]. */
function exportRows(json: HrExportJson, unit: string | null): Map<string, string[][]> {
  return new Map(
    json.themes.flatMap((theme) =>
      theme.tables.map((table) => [
        table.code,
        table.rows
          .filter((row) => unit === null || row.orgUnit === unit)
          .map((row) => [
            row.orgUnit ?? texts.allUnits,
            ...[row.total, ...row.categories].map((c) => (c.suppressed ? MARKER : count.format(c.value!))),
            ...(row.share ? [row.share.suppressed ? MARKER : percent.format(row.share.percent! / 100)] : []),
          ]),
      ]),
    ),
  );
}

describe('the rapportage model', () => {
  it('writes in its annex every cell exactly as the export publishes it, and a suppressed one only as the marker', () => {
    const model = full(buildReport({ current, unit: null, texts, hrTexts }));
    const expected = exportRows(current, null);
    let suppressed = 0;
    for (const [code, rows] of expected) {
      const annex = model.annex.tables.find((t) => t.id === `annex-${code}`)!;
      expect(annex.rows.map((row) => [row.heading, ...row.cells])).toEqual(rows);
      suppressed += rows.flat().filter((c) => c === MARKER).length;
    }
    // The fixture has suppressed cells (Staf is below k), so the check above is not vacuous.
    expect(suppressed).toBeGreaterThan(0);
  });

  it('draws a suppressed cell as a suppressed bar (null), never as zero, and has a text alternative per chart', () => {
    const model = full(buildReport({ current, compare: previous, unit: 'Uitvoering', texts, hrTexts }));
    const measures = model.chapters.flatMap((c) => [...c.measures, ...(c.appraisal?.measures ?? [])]);
    const source = new Map(current.themes.flatMap((t) => t.tables.map((table) => [table.code, table.rows.find((r) => r.orgUnit === 'Uitvoering')!])));
    let nullBars = 0;
    for (const m of measures) {
      const row = source.get(m.id)!;
      const cells = row.share ? [{ label: row.share.label, value: row.share.percent }] : row.categories;
      expect(m.chart.groups.map((g) => [g.label, g.bars[0]!.value])).toEqual(cells.map((c) => [c.label, c.value]));
      nullBars += m.chart.groups.filter((g) => g.bars[0]!.value === null).length;
      expect(m.chart.alt).toContain(m.title);
      for (const g of m.chart.groups) expect(m.chart.alt).toContain(g.label);
    }
    expect(nullBars).toBeGreaterThan(0);
  });

  it('has a chapter per theme in the letter’s order, the appraisal section, the methods with k in words, and every table in the annex', () => {
    const model = full(buildReport({ current, unit: null, texts, hrTexts }));
    expect(model.chapters.map((c) => c.id)).toEqual([...HR_THEMES]);
    expect(model.chapters.find((c) => c.id === 'handelingsvaardigheid')!.appraisal!.measures.map((m) => m.id)).toEqual([
      'appraisalAsked',
      'appraisalSignalled',
      'appraisalNotAskedReason',
    ]);
    expect(model.methods.sections.flatMap((s) => s.paragraphs).join(' ')).toContain('kleiner dan 10');
    expect(model.annex.tables.map((t) => t.id)).toEqual(expect.arrayContaining(HR_TABLES.map((t) => `annex-${t.id}`)));
  });

  it('gives the change against the comparison period only where both cells are published', () => {
    const model = full(buildReport({ current, compare: previous, unit: 'Beleid', texts, hrTexts }));
    const cases = model.chapters[0]!.measures.find((m) => m.id === 'signalCategories')!.table.rows[0]!;
    expect(cases.cells).toEqual(['40', '30', '+10']);
    const withHidden = model.chapters.flatMap((c) => c.measures).flatMap((m) => m.table.rows).filter((r) => r.cells[0] === MARKER || r.cells[1] === MARKER);
    expect(withHidden.length).toBeGreaterThan(0);
    for (const row of withHidden) expect(row.cells[2]).toBe(MARKER);
  });

  it('is one notice for a unit below k in the period, without a figure', () => {
    const model = buildReport({ current, compare: previous, unit: 'Staf', texts, hrTexts });
    expect(model.kind).toBe('belowK');
    // The only numbers are the period and k: no count of the unit.
    expect(new Set(JSON.stringify(model).match(/\d+/g))).toEqual(new Set(['2026', '10']));
    expect(buildReport({ current: previous, unit: 'Staf', texts, hrTexts }).kind).toBe('full');
  });
});
