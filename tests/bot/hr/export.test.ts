import { HrCube, parsePeriod, tableRow } from '../../../flows/hr/aggregate';
import type { AppraisalCounter } from '../../../flows/hr/appraisal-cells';
import { addCase, emptyAggregate } from '../../../flows/hr/cells';
import { exportCsv, exportJson } from '../../../bot/hr/export';
import { HR_TABLES } from '../../../flows/hr/measures';
import { projectHrCase } from '../../../flows/hr/projection';
import type { HrExportData } from '../../../bot/hr/service';
import { loadHrContent } from '../../../content/hr';
import { sample } from '../../flows/escalation/walk';
import { hrEntriesOf } from './helpers/hr-entries';
import { everyUnitEligible } from '../../flows/hr/helpers/every-unit-eligible';

const period = parsePeriod('2026-Q4')!;

/** The export data of one unit: `cases` walked cases in Q4 and some appraisal counters, for a period. */
function dataOf(cases: number, appraisals: AppraisalCounter[] = [], of = period): HrExportData {
  const row = emptyAggregate('2026-Q4', 'Beleid');
  for (let i = 0; i < cases; i += 1) {
    addCase(row, projectHrCase(null, i.toString(16).padStart(64, '0'), hrEntriesOf([sample('RECORD_SIGNAL'), sample('RECORD_CONVERSATION')]))!, 1);
  }
  const cube = new HrCube([row], { year: 2026, units: ['Beleid'], k: 10, eligible: everyUnitEligible(['Beleid']) }, appraisals);
  return {
    period: of,
    k: 10,
    orgUnits: cube.units,
    tables: HR_TABLES.map((table) => ({
      id: table.id,
      theme: table.theme,
      population: table.population,
      ...(table.share ? { share: table.share } : {}),
      rows: [tableRow(cube, table, null, null, of.quarter)],
    })),
    intervals: [],
  };
}

const counter = (asked: boolean, signalled: boolean, notAskedReason: string | null, count: number): AppraisalCounter => ({
  orgUnit: 'Beleid',
  quarter: '2026-Q4',
  asked,
  signalled,
  notAskedReason,
  count,
});
/** 36 conversations: 25 asked (11 with something signalled), 11 not asked. */
const APPRAISALS = [counter(true, false, null, 14), counter(true, true, null, 11), counter(false, false, 'noTime', 6), counter(false, false, 'forgot', 5)];
const YEAR = parsePeriod('2026')!;
const csvRows = (csv: string) => csv.split('\r\n').map((line) => line.split(';'));

describe('the export files', () => {
  it('quote separators and quotes, and defuse what a spreadsheet would run as a formula', () => {
    const texts = structuredClone(loadHrContent('nl'));
    texts.tables.addressHeld!.title = '=HYPERLINK("https://evil.example")';
    texts.tables.addressHeld!.categories.held = 'Gevoerd; "echt"';
    const csv = exportCsv(dataOf(12), texts);
    expect(csv).toContain(`;"'=HYPERLINK(""https://evil.example"")";`);
    expect(csv).toContain(';"Gevoerd; ""echt""";');
    expect(csv.split('\r\n').every((line) => line === '' || !/^[=+\-@]/.test(line))).toBe(true);
  });

  it('write a suppressed count as no value with the status, never as a number', () => {
    const csv = exportCsv(dataOf(3), loadHrContent('en'));
    const total = csv.split('\r\n').find((line) => line.startsWith('handhaving;') && line.includes(';highestRung;') && line.includes(';total;'))!;
    expect(total.split(';').slice(-2)).toEqual(['', 'suppressed']);
    const json = exportJson(dataOf(3), loadHrContent('en'));
    expect(json.themes[3]!.tables.find((t) => t.code === 'highestRung')!.rows[0]!.total).toEqual({ code: 'total', label: 'All cases', value: null, suppressed: true });
  });

  it('add the share asked and the share signalled as rows in percent, with the language\'s decimal separator', () => {
    const nl = loadHrContent('nl');
    const dutch = csvRows(exportCsv(dataOf(0, APPRAISALS, YEAR), nl));
    const theme = ['handelingsvaardigheid', nl.themes.handelingsvaardigheid.title];
    expect(dutch).toContainEqual([...theme, 'appraisalAsked', nl.tables.appraisalAsked!.title, 'share', nl.tables.appraisalAsked!.share, '2026', nl.export.allUnits, '69,4', 'getoond']);
    expect(dutch).toContainEqual([...theme, 'appraisalAsked', nl.tables.appraisalAsked!.title, 'total', nl.tables.appraisalAsked!.total, '2026', nl.export.allUnits, '36', 'getoond']);
    expect(dutch).toContainEqual([...theme, 'appraisalSignalled', nl.tables.appraisalSignalled!.title, 'share', nl.tables.appraisalSignalled!.share, '2026', nl.export.allUnits, '44', 'getoond']);
    expect(dutch.filter((row) => row[2] === 'appraisalNotAskedReason' && row[4] === 'share')).toEqual([]);
    const english = csvRows(exportCsv(dataOf(0, APPRAISALS, YEAR), loadHrContent('en')));
    expect(english.find((row) => row[2] === 'appraisalAsked' && row[4] === 'share')!.slice(-2)).toEqual(['69.4', 'shown']);
  });

  it('write a share that rests on a suppressed count as no value with the status', () => {
    // 3 conversations without the question among 33: neither they nor the share may show.
    const appraisals = [counter(true, false, null, 30), counter(false, false, 'noTime', 3)];
    const row = csvRows(exportCsv(dataOf(0, appraisals, YEAR), loadHrContent('en'))).find((r) => r[2] === 'appraisalAsked' && r[4] === 'share')!;
    expect(row.slice(-2)).toEqual(['', 'suppressed']);
    const json = exportJson(dataOf(0, appraisals, YEAR), loadHrContent('en'));
    const asked = json.themes[1]!.tables.find((t) => t.code === 'appraisalAsked')!;
    expect(asked.rows[0]!.share).toEqual({ code: 'share', of: 'asked', label: 'Share asked (%)', percent: null, suppressed: true });
  });

  it('put the appraisal tables under handelingsvaardigheid in the JSON, with the share on the rows of tables that have one', () => {
    const json = exportJson(dataOf(0, APPRAISALS, YEAR), loadHrContent('en'));
    const theme = json.themes.find((t) => t.code === 'handelingsvaardigheid')!;
    const appraisal = theme.tables.filter((t) => t.code.startsWith('appraisal'));
    expect(appraisal.map((t) => [t.code, t.population])).toEqual([
      ['appraisalAsked', 'appraisals'],
      ['appraisalSignalled', 'appraisalAsked.asked'],
      ['appraisalNotAskedReason', 'appraisalAsked.notAsked'],
    ]);
    expect(appraisal[0]!.rows[0]!.share).toEqual({ code: 'share', of: 'asked', label: 'Share asked (%)', percent: 69.4, suppressed: false });
    expect(appraisal[1]!.rows[0]!.share).toMatchObject({ of: 'signalled', percent: 44 });
    expect(appraisal[2]!.rows[0]).not.toHaveProperty('share');
    expect(appraisal[0]!.rows[0]!.categories).toEqual([
      { code: 'asked', label: 'Question asked', value: 25, suppressed: false },
      { code: 'notAsked', label: 'Question not asked', value: 11, suppressed: false },
    ]);
  });
});
