/**
 * docs/sources.md lists every legal or policy source the content cites, with its status. A source
 * added to the content without a row there fails here, so no reference goes unchecked.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOCALES, loadContent } from '../../content/load';
import { loadSituationsContent } from '../../content/situations';
import { codeSpans, tableRows } from './markdown';

const ROOT = resolve(__dirname, '../..');
const markdown = readFileSync(join(ROOT, 'docs/sources.md'), 'utf8');
const listedIds = new Set(
  tableRows(markdown)
    .filter((row) => 'id' in row.cells)
    .flatMap((row) => codeSpans(row.cells.id!).map((span) => span.text)),
);

describe('docs/sources.md', () => {
  it.each(LOCALES)('has a row for every source the %s content cites', (locale) => {
    const cited = [...Object.keys(loadContent(locale).sources), ...Object.keys(loadSituationsContent(locale, loadContent(locale)).sources)];
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((id) => !listedIds.has(id))).toEqual([]);
  });

  it('lists no source the content does not know', () => {
    const known = new Set(Object.keys(loadContent('nl').sources));
    expect([...listedIds].filter((id) => !known.has(id))).toEqual([]);
  });
});
