/**
 * The parts of a Markdown document the documentation tests read: inline code spans (where tests
 * are cited), table rows by column, links and heading anchors. Fenced code blocks are left out of
 * all of them: they hold commands, not citations.
 */

/** The document without its fenced code blocks (``` … ```), line numbers kept. */
function withoutFences(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

export interface CodeSpan {
  text: string;
  line: number;
}

/**
 * Inline code spans as CommonMark reads them: a run of n backticks up to the next run of exactly
 * n, so a title that contains `code` is cited as `` `tests/… › … `code` …` ``.
 */
export function codeSpans(markdown: string): CodeSpan[] {
  const spans: CodeSpan[] = [];
  withoutFences(markdown).forEach((line, index) => {
    const runs = /`+/g;
    let open: RegExpExecArray | null;
    while ((open = runs.exec(line))) {
      const fence = open[0];
      const close = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
      close.lastIndex = open.index + fence.length;
      const end = close.exec(line);
      if (!end) continue;
      const raw = line.slice(open.index + fence.length, end.index);
      spans.push({ text: /^ .* $/.test(raw) ? raw.slice(1, -1) : raw, line: index + 1 });
      runs.lastIndex = end.index + fence.length;
    }
  });
  return spans;
}

export interface TableRow {
  /** Cells by the header's column names. */
  cells: Record<string, string>;
  line: number;
}

/** Splits a table line at pipes that are not inside a code span. */
function cellsOf(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  let fence = '';
  for (let i = 0; i < line.length; i++) {
    const run = /^`+/.exec(line.slice(i))?.[0];
    if (run) {
      if (!fence) fence = run;
      else if (run === fence) fence = '';
      current += run;
      i += run.length - 1;
    } else if (line[i] === '|' && !fence) {
      cells.push(current.trim());
      current = '';
    } else current += line[i];
  }
  cells.push(current.trim());
  return cells.slice(1, -1);
}

/** Every body row of every table, keyed by its header. */
export function tableRows(markdown: string): TableRow[] {
  const lines = withoutFences(markdown);
  const rows: TableRow[] = [];
  let header: string[] | null = null;
  lines.forEach((line, index) => {
    if (!line.trim().startsWith('|')) {
      header = null;
      return;
    }
    const cells = cellsOf(line.trim());
    if (header === null) header = cells;
    else if (!cells.every((cell) => /^:?-+:?$/.test(cell))) {
      rows.push({ cells: Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])), line: index + 1 });
    }
  });
  return rows;
}

/** Relative link targets `[text](target)`, without web addresses. */
export function relativeLinks(markdown: string): Array<{ target: string; line: number }> {
  const links: Array<{ target: string; line: number }> = [];
  withoutFences(markdown).forEach((line, index) => {
    for (const match of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/i.test(match[1]!)) links.push({ target: match[1]!, line: index + 1 });
    }
  });
  return links;
}

/** The anchors GitHub gives the document's headings. */
export function headingAnchors(markdown: string): Set<string> {
  return new Set(
    withoutFences(markdown)
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) =>
        line
          .replace(/^#+ /, '')
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      ),
  );
}
