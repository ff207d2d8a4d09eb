import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HR_INTERVALS, HR_TABLES, HR_THEMES } from '../../../flows/hr/measures';
import { loadHrContent } from '../../../content/hr';

const dictionary = readFileSync(join(__dirname, '../../../docs/hr-data-dictionary.md'), 'utf8');
const mentions = (code: string) => dictionary.includes(`\`${code}\``);

describe('the HR data dictionary', () => {
  it('names every theme, table, category, share, interval and export column HR publishes', () => {
    const missing = [
      ...HR_THEMES.filter((theme) => !mentions(theme)),
      ...HR_TABLES.flatMap((table) => [table.id, table.population, ...table.categories.map((c) => c.code), ...(table.share ? ['share'] : [])]).filter(
        (code) => !mentions(code),
      ),
      ...HR_INTERVALS.map((interval) => interval.id).filter((id) => !mentions(id)),
      ...(['nl', 'en'] as const).flatMap((locale) => Object.values(loadHrContent(locale).export.columns)).filter((column) => !mentions(column)),
    ];
    expect(missing).toEqual([]);
  });
});
