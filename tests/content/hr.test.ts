import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { hrContentFile, loadHrContent } from '../../content/hr';
import { HR_INTERVALS, HR_TABLES, HR_THEMES } from '../../flows/hr/measures';

/** The structure of a value with every text replaced by its type: equal across locales. */
const shape = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(shape)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shape(child)]))
      : typeof value;

describe('the HR texts', () => {
  it('are valid in both locales, with the same structure', () => {
    const raw = (locale: 'nl' | 'en') => parseYaml(fs.readFileSync(hrContentFile(locale), 'utf8'));
    expect(loadHrContent('nl').meta.locale).toBe('nl');
    expect(loadHrContent('en').meta.locale).toBe('en');
    expect(shape(raw('en'))).toEqual(shape(raw('nl')));
  });

  it('name every theme, table, category and interval HR publishes', () => {
    for (const locale of ['nl', 'en'] as const) {
      const texts = loadHrContent(locale);
      for (const theme of HR_THEMES) expect(texts.themes[theme].title).not.toBe('');
      for (const table of HR_TABLES) {
        expect(Object.keys(texts.tables[table.id]!.categories).sort()).toEqual(table.categories.map((c) => c.code).sort());
      }
      for (const interval of HR_INTERVALS) expect(texts.intervals[interval.id]).toBeTruthy();
    }
  });

  it('stop the bot with the path of a missing text', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-hr-content-'));
    try {
      const broken = fs.readFileSync(hrContentFile('nl'), 'utf8').replace(/^ {6}formalReport: Formele melding\n/m, '');
      fs.writeFileSync(path.join(dir, 'hr.nl.yaml'), broken);
      expect(() => loadHrContent('nl', dir)).toThrow(/tables\.highestRung\.categories\.formalReport/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
