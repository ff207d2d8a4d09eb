import { HrCube, parsePeriod, tableRow } from '../../../flows/hr/aggregate';
import { addCase, emptyAggregate } from '../../../flows/hr/cells';
import { exportCsv, exportJson } from '../../../bot/hr/export';
import { HR_TABLES } from '../../../flows/hr/measures';
import { projectHrCase } from '../../../flows/hr/projection';
import type { HrExportData } from '../../../bot/hr/service';
import { loadHrContent } from '../../../content/hr';
import { sample } from '../../flows/escalation/walk';
import { hrEntriesOf } from './helpers/hr-entries';

const period = parsePeriod('2026-Q4')!;

function dataOf(cases: number): HrExportData {
  const row = emptyAggregate('2026-Q4', 'Beleid');
  for (let i = 0; i < cases; i += 1) {
    addCase(row, projectHrCase(null, i.toString(16).padStart(64, '0'), hrEntriesOf([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION')]))!, 1);
  }
  const cube = new HrCube([row], { year: 2026, units: ['Beleid'], k: 10 });
  return {
    period,
    k: 10,
    orgUnits: cube.units,
    tables: HR_TABLES.map((table) => ({ id: table.id, theme: table.theme, population: table.population, rows: [tableRow(cube, table, null, null, '2026-Q4')] })),
    intervals: [],
  };
}

describe('the export files', () => {
  it('quote separators and quotes, and defuse what a spreadsheet would run as a formula', () => {
    const texts = structuredClone(loadHrContent('nl'));
    texts.tables.listened!.title = '=HYPERLINK("https://evil.example")';
    texts.tables.listened!.categories.listened = 'Geluisterd; "echt"';
    const csv = exportCsv(dataOf(12), texts);
    expect(csv).toContain(`;"'=HYPERLINK(""https://evil.example"")";`);
    expect(csv).toContain(';"Geluisterd; ""echt""";');
    expect(csv.split('\r\n').every((line) => line === '' || !/^[=+\-@]/.test(line))).toBe(true);
  });

  it('write a suppressed count as no value with the status, never as a number', () => {
    const csv = exportCsv(dataOf(3), loadHrContent('en'));
    const total = csv.split('\r\n').find((line) => line.startsWith('handhaving;') && line.includes(';highestRung;') && line.includes(';total;'))!;
    expect(total.split(';').slice(-2)).toEqual(['', 'suppressed']);
    const json = exportJson(dataOf(3), loadHrContent('en'));
    expect(json.themes[3]!.tables.find((t) => t.code === 'highestRung')!.rows[0]!.total).toEqual({ code: 'total', label: 'All cases', value: null, suppressed: true });
  });
});
