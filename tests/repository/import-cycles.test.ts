/**
 * No import cycles in the product's code, type-only imports included (issue 20 §2). ESLint's
 * `import-x/no-cycle` looks only at imports that load code; a cycle through types still ties two
 * modules together (neither can be read or moved without the other), so this test counts every
 * relative `import … from` and `export … from` and fails on any strongly connected group of files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const FOLDERS = ['bot', 'cards', 'flows', 'content', 'scripts', 'tab', 'bench'];
const RELATIVE_IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/g;

function sourceFiles(folder: string): string[] {
  const dir = path.join(ROOT, folder);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.split(path.sep).includes('node_modules'))
    .map((file) => path.join(folder, file));
}

/** Each file and the files of the product it imports. */
function importGraph(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const targets = [...read(file).matchAll(RELATIVE_IMPORT)].flatMap(([, specifier]) => {
        const base = path.normalize(path.join(path.dirname(file), specifier!));
        return [`${base}.ts`, path.join(base, 'index.ts')].filter((candidate) => known.has(candidate)).slice(0, 1);
      });
      return [file, targets];
    }),
  );
}

/** The groups of two or more files that import each other, directly or around a ring (Tarjan). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return groups;
}

describe('the import graph', () => {
  it('has no cycles, type-only imports included', () => {
    const files = FOLDERS.flatMap(sourceFiles);
    const graph = importGraph(files, (file) => fs.readFileSync(path.join(ROOT, file), 'utf8'));
    expect(cyclesOf(graph)).toEqual([]);
    // It did read the product: the conversation imports its turn types.
    expect(graph.get(path.join('bot', 'conversation.ts'))).toContain(path.join('bot', 'turn.ts'));
  });

  it('finds a cycle through type imports, and one around a ring of three', () => {
    const sources: Record<string, string> = {
      'a.ts': "import type { B } from './b';",
      'b.ts': "import { a } from './a';\nexport type B = 1;",
      'c.ts': "export { d } from './d';",
      'd.ts': "import type {\n  E,\n} from './e';",
      'e.ts': "import './c';\nimport type { C } from './c';",
      'f.ts': "import { a } from './a';",
    };
    const graph = importGraph(Object.keys(sources), (file) => sources[file]!);
    expect(cyclesOf(graph).sort()).toEqual([['a.ts', 'b.ts'], ['c.ts', 'd.ts', 'e.ts']]);
  });
});
