/**
 * docs/security.md and docs/privacy.md name the test that proves each mitigation, so a reviewer can
 * run it. These tests keep those names true: a renamed, moved or deleted test, an unfinished section
 * or a mitigation without a test fails here instead of rotting in the documents.
 *
 * A citation is an inline code span `tests/<file> › <describe> › … › <it>`: the file must exist
 * and declare a test (or block) with that title inside those blocks. `tests/<file>` alone cites a
 * whole file; any other span with `›` is an incomplete citation.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { codeSpans, headingAnchors, relativeLinks, tableRows } from './markdown';
import { declaredTests, namesDeclaredTest } from './test-titles';
import type { DeclaredTest } from './test-titles';

const ROOT = resolve(__dirname, '../..');
const CITING_DOCUMENTS = ['docs/security.md', 'docs/privacy.md'];
const SEPARATOR = ' › ';
/** What a mitigation without a test must say instead, in its test cell. */
const NOT_PROVEN = 'not proven';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const declared = new Map<string, DeclaredTest[]>();
function testsIn(file: string): DeclaredTest[] {
  if (!declared.has(file)) declared.set(file, declaredTests(join(ROOT, file)));
  return declared.get(file)!;
}

/** Why a citation does not hold, or null when it does. */
function citationProblem(citation: string): string | null {
  const [file, ...titles] = citation.split(SEPARATOR).map((part) => part.trim());
  if (!file!.startsWith('tests/')) return 'cite the test file from tests/';
  const path = join(ROOT, file!);
  if (!existsSync(path)) return `${file} does not exist`;
  if (titles.length === 0) return null;
  if (!statSync(path).isFile() || !file!.endsWith('.ts')) return `${file} is not a test file`;
  if (testsIn(file!).some((test) => namesDeclaredTest(titles, test))) return null;
  const blocks = titles.slice(0, -1);
  return `${file} declares no test “${titles[titles.length - 1]}”${blocks.length ? ` in “${blocks.join(SEPARATOR)}”` : ''}`;
}

const citationsIn = (markdown: string) =>
  codeSpans(markdown).filter((span) => span.text.startsWith('tests/') || span.text.includes(SEPARATOR.trim()));

describe.each(CITING_DOCUMENTS)('%s', (document) => {
  const markdown = read(document);

  it('cites only tests that exist, by file and title', () => {
    const citations = citationsIn(markdown);
    expect(citations.length).toBeGreaterThan(20);
    const broken = citations.flatMap((span) => {
      const problem = citationProblem(span.text);
      return problem ? [`line ${span.line}: ${problem}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('names a test for every mitigation in its tables, or says plainly that it is not proven', () => {
    const rows = tableRows(markdown).filter((row) => 'test' in row.cells);
    expect(rows.length).toBeGreaterThan(10);
    const untested = rows.filter((row) => !citationsIn(row.cells.test!).length && !row.cells.test!.includes(NOT_PROVEN));
    expect(untested.map((row) => `line ${row.line}: ${Object.values(row.cells).slice(0, 3).join(' | ').slice(0, 120)}`)).toEqual([]);
  });

  it('has no section or test left to be completed on merge', () => {
    const placeholders = markdown.split('\n').flatMap((line, index) => (/to be (completed|named)|on merge/i.test(line) ? [`line ${index + 1}: ${line.trim()}`] : []));
    expect(placeholders).toEqual([]);
  });
});

describe('the documentation links and commands', () => {
  const documents = ['README.md', ...CITING_DOCUMENTS, 'docs/operations.md', 'docs/hr-data-dictionary.md'];

  it.each(documents)('%s links only to files and headings that exist', (document) => {
    const broken = relativeLinks(read(document)).flatMap(({ target, line }) => {
      const [file, anchor] = target.split('#');
      const linked = file ? join(dirname(document), file) : document;
      if (!existsSync(join(ROOT, linked))) return [`line ${line}: ${linked} does not exist`];
      if (anchor && linked.endsWith('.md') && !headingAnchors(read(linked)).has(anchor)) return [`line ${line}: ${linked} has no heading #${anchor}`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it('README offers only npm scripts that package.json defines, and documents every one a user runs', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const readme = read('README.md');
    const mentioned = [...readme.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]!);
    expect(mentioned.filter((name) => !scripts.includes(name))).toEqual([]);
    // build and prestart run inside `npm start`; nobody types them.
    const internal = new Set(['build', 'prestart', 'start', 'test']);
    expect(scripts.filter((name) => !internal.has(name) && !mentioned.includes(name))).toEqual([]);
  });
});

describe('the citation check itself', () => {
  it('accepts a real test by file, describe and it, and by file and it alone', () => {
    expect(citationProblem('tests/bot/server.test.ts › starting the bot › refuses a malformed key')).toBeNull();
    expect(citationProblem('tests/bot/server.test.ts › refuses a malformed key')).toBeNull();
    // A title filled in at run time is cited as `…` or with a value it takes.
    expect(citationProblem('tests/flows/escalation/machine.test.ts › signaleren › routes the manager away when … did it, and never continues')).toBeNull();
    expect(citationProblem('tests/flows/escalation/machine.test.ts › signaleren › routes the manager away when self did it, and never continues')).toBeNull();
  });

  it('refuses a wrong title, a title under the wrong describe, a missing file and a citation without its file', () => {
    expect(citationProblem('tests/bot/server.test.ts › starting the bot › refuses a malformed keys')).toMatch(/declares no test/);
    expect(citationProblem('tests/bot/server.test.ts › the bot over HTTP › refuses a malformed key')).toMatch(/declares no test/);
    expect(citationProblem('tests/bot/no-such.test.ts › refuses a malformed key')).toMatch(/does not exist/);
    expect(citationProblem('server.test.ts › refuses a malformed key')).toMatch(/cite the test file/);
  });
});
