/**
 * Reads a PDF with pdfjs-dist, the reader Firefox uses: page sizes, each page's text, the headings
 * in its structure tree (present only in a tagged PDF) and the outline. pdfjs-dist is an ES module
 * only, which jest's CommonJS cannot load, so a child Node process reads the file and answers JSON.
 */
import { execFileSync } from 'node:child_process';

export interface PdfContents {
  pages: Array<{ width: number; height: number; text: string; headings: string[] }>;
  outline: string[];
}

const READER = `
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
const doc = await getDocument({ data: new Uint8Array(readFileSync(process.argv[1])), verbosity: 0 }).promise;
const textOf = (node, ids) => (node.children ?? []).flatMap((c) => (c.type === 'content' ? [ids.get(c.id) ?? ''] : textOf(c, ids))).join('');
function headings(node, ids, out) {
  if (/^H[1-6]$/.test(node.role ?? '')) out.push(node.role + ' ' + textOf(node, ids).replace(/\\s+/g, ' ').trim());
  for (const child of node.children ?? []) if (child.type !== 'content') headings(child, ids, out);
  return out;
}
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const [, , width, height] = page.view;
  const content = await page.getTextContent({ includeMarkedContent: true });
  const ids = new Map();
  let open = [];
  for (const item of content.items) {
    if (item.type === 'beginMarkedContentProps') open.push(item.id);
    else if (item.type === 'endMarkedContent') open.pop();
    else if (item.str !== undefined && open.length && open[open.length - 1]) ids.set(open[open.length - 1], (ids.get(open[open.length - 1]) ?? '') + item.str);
  }
  const text = content.items.filter((i) => i.str !== undefined).map((i) => i.str + (i.hasEOL ? '\\n' : '')).join('');
  const tree = await page.getStructTree();
  pages.push({ width, height, text, headings: tree ? headings(tree, ids, []) : [] });
}
const outline = ((await doc.getOutline()) ?? []).flatMap(function flat(item) { return [item.title, ...(item.items ?? []).flatMap(flat)]; });
process.stdout.write(JSON.stringify({ pages, outline }));
`;

export function readPdf(file: string): PdfContents {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', READER, file], { cwd: __dirname, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as PdfContents;
}
