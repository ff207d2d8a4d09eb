/**
 * The repository stands alone: a clone in an empty folder must test, build and run, so no code,
 * test, script or configuration may read a folder beside the repository (the schemas once came from
 * a `shared` folder next to it; copies now live in `cards/schema/`).
 *
 * The needles are built from parts so that this file does not match itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED_FOLDERS = ['bot', 'cards', 'content', 'flows', 'scripts', 'tests', 'tab', 'bench', '.ci'];
const SCANNED_FILES = ['package.json', 'jest.config.js', 'tsconfig.json', 'tsconfig.build.json', 'README.md'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);

const UP = '..';
const BESIDE = 'sha' + 'red';
const quote = `['"\`]`;
const OUTSIDE_READS: readonly RegExp[] = [
  // The parent folder followed by the folder's name, one or more levels up, also with backslashes.
  new RegExp(`\\.\\.[/\\\\]+${BESIDE}\\b`),
  // The same as separate path parts, as given to path.join or path.resolve.
  new RegExp(`${quote}\\.\\.${quote}\\s*,\\s*${quote}${BESIDE}${quote}`),
  // The folder beside the repository on the machine where the project is developed.
  new RegExp(`/work/${BESIDE}\\b`),
];

/** The lines of a text that read outside the repository, as `line: text`. */
function outsideReads(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) => (OUTSIDE_READS.some((needle) => needle.test(line)) ? [`${i + 1}: ${line.trim()}`] : []));
}

function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

function scannedFiles(): string[] {
  return [
    ...SCANNED_FOLDERS.flatMap((folder) => filesUnder(path.join(ROOT, folder))),
    ...SCANNED_FILES.map((file) => path.join(ROOT, file)).filter((file) => fs.existsSync(file)),
  ];
}

describe('the repository stands alone', () => {
  it('recognises every way of reading the folder beside the repository', () => {
    const relative = `${UP}/${BESIDE}/schemas/x.json`;
    expect(outsideReads(`const a = '${relative}';`)).toHaveLength(1);
    expect(outsideReads(`const a = '${UP}/${UP}/${BESIDE}';`)).toHaveLength(1);
    expect(outsideReads(`fs.readFileSync('${UP}\\\\${BESIDE}\\\\x.json')`)).toHaveLength(1);
    expect(outsideReads(`path.resolve(__dirname, '${UP}', '${UP}', '${BESIDE}', 'schemas')`)).toHaveLength(1);
    expect(outsideReads(`path.join(root, "${UP}",  "${BESIDE}")`)).toHaveLength(1);
    expect(outsideReads(`cat /work/${BESIDE}/schemas/x.json`)).toHaveLength(1);
    expect(outsideReads(`line one\n'${UP}/${BESIDE}'`)).toEqual([`2: '${UP}/${BESIDE}'`]);
  });

  it('does not mistake ordinary uses of the word for a read outside', () => {
    expect(outsideReads(`// ${BESIDE} by every instance; see ../docs and '${UP}', 'content'`)).toEqual([]);
    expect(outsideReads(`const ${BESIDE}Key = path.join('${UP}', '${BESIDE}Things')`)).toEqual([]);
  });

  it('scans the code, tests, scripts and configuration, this file included', () => {
    const files = scannedFiles().map((file) => path.relative(ROOT, file));
    expect(files).toEqual(expect.arrayContaining(['package.json', '.ci/run', 'tests/repository/stands-alone.test.ts', 'scripts/gallery.ts']));
  });

  it('no file reads outside the repository', () => {
    const found = scannedFiles().flatMap((file) =>
      outsideReads(fs.readFileSync(file, 'utf8')).map((hit) => `${path.relative(ROOT, file)}:${hit}`),
    );
    expect(found).toEqual([]);
  });
});
