/**
 * The test titles a test file declares, read from its syntax tree without running it: every
 * `describe`/`it`/`test` call (also `.each`, `.only`, `.skip`, `.concurrent`) with the titles of
 * the `describe` blocks around it. Titles built at run time keep their fixed text; each part filled
 * in at run time (`${…}`, `%s`, `$name`) becomes a wildcard, written `…`.
 *
 * Contract files (`tests/bot/store/contract/*.ts`) declare their tests inside an exported function;
 * their paths start at the function's outermost `describe`.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** A title as written, with `…` for every part filled in at run time. */
export interface TitlePattern {
  text: string;
  matches(title: string): boolean;
}

export interface DeclaredTest {
  /** The enclosing `describe` titles, outermost first, then the test's (or block's) own. */
  path: TitlePattern[];
  kind: 'describe' | 'test';
}

const WILDCARD = '…';
const KINDS: Record<string, DeclaredTest['kind']> = { describe: 'describe', it: 'test', test: 'test' };
const MODIFIERS = new Set(['each', 'only', 'skip', 'concurrent', 'failing', 'todo']);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pattern(parts: string[]): TitlePattern {
  const text = parts.join(WILDCARD);
  const regex = new RegExp(`^${parts.map(escapeRegExp).join('.+')}$`, 's');
  return { text, matches: (title) => title === text || regex.test(title) };
}

/** jest's `.each` placeholders (`%s`, `%d`, `%p`, `$name`) are filled in at run time too. */
function splitPlaceholders(text: string): string[] {
  return text.split(/%[sdifjop#]|\$[A-Za-z_][\w.]*/);
}

/** The title's fixed parts, or null when the whole title is computed (a variable, a call). */
function titleParts(node: ts.Expression, each: boolean): string[] | null {
  const placeholders = (text: string) => (each ? splitPlaceholders(text) : [text]);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return placeholders(node.text);
  if (ts.isTemplateExpression(node)) {
    const parts = placeholders(node.head.text);
    for (const span of node.templateSpans) {
      const [first, ...rest] = placeholders(span.literal.text);
      parts.push(first!, ...rest);
    }
    return parts;
  }
  return null;
}

/** `describe`, `it.each(table)`, `test.only`… → the kind and whether it is an `.each`. */
function calleeKind(callee: ts.Expression): { kind: DeclaredTest['kind']; each: boolean } | null {
  let each = false;
  let node = callee;
  // `(condition ? describe : describe.skip)(title, fn)`: either way the same tests are declared.
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isConditionalExpression(node)) node = node.whenTrue;
  // `it.each(table)(title, fn)`: the title belongs to the outer call.
  if (ts.isCallExpression(node)) {
    node = node.expression;
    each = true;
  }
  while (ts.isPropertyAccessExpression(node) && MODIFIERS.has(node.name.text)) {
    if (node.name.text === 'each') each = true;
    node = node.expression;
  }
  return ts.isIdentifier(node) && node.text in KINDS ? { kind: KINDS[node.text]!, each } : null;
}

export function declaredTests(file: string): DeclaredTest[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: DeclaredTest[] = [];
  const visit = (node: ts.Node, enclosing: TitlePattern[]): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = calleeKind(node.expression);
      const parts = callee ? titleParts(node.arguments[0]!, callee.each) : null;
      if (callee && parts) {
        const path = [...enclosing, pattern(parts)];
        found.push({ path, kind: callee.kind });
        node.arguments.slice(1).forEach((argument) => visit(argument, callee.kind === 'describe' ? path : enclosing));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, enclosing));
  };
  visit(source, []);
  return found;
}

/**
 * Whether `cited` (titles as a document names them, outermost first) names a declared test or
 * block: the last title is its own, the others are enclosing `describe` titles in order (a
 * document may leave out levels in between).
 */
export function namesDeclaredTest(cited: string[], declared: DeclaredTest): boolean {
  const own = declared.path[declared.path.length - 1]!;
  if (cited.length === 0 || !own.matches(cited[cited.length - 1]!)) return false;
  let level = 0;
  for (const title of cited.slice(0, -1)) {
    while (level < declared.path.length - 1 && !declared.path[level]!.matches(title)) level++;
    if (level === declared.path.length - 1) return false;
    level++;
  }
  return true;
}
