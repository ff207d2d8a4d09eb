/**
 * Small DOM helpers for the HR tab. Everything is built with createElement and textContent: no
 * innerHTML, no inline styles or handlers, so the page runs under a strict Content-Security-Policy.
 */

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) if (child) element.append(child);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** Replaces a container's content. */
export function show(container: HTMLElement, ...children: Child[]): void {
  container.replaceChildren(...children.filter((c): c is Node | string => Boolean(c)));
}

/** `{k}`-style placeholders filled in. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

export interface TableSpec {
  caption: string;
  /** Column headings; the first is the row heading column. */
  headers: string[];
  rows: Array<{ heading: string; cells: Array<Node | string> }>;
}

/** An accessible data table in a keyboard-scrollable region (wide tables stay usable). */
export function dataTable(spec: TableSpec): HTMLElement {
  const head = el('thead', {}, el('tr', {}, ...spec.headers.map((h) => el('th', { scope: 'col' }, h))));
  const body = el(
    'tbody',
    {},
    ...spec.rows.map((row) => el('tr', {}, el('th', { scope: 'row' }, row.heading), ...row.cells.map((cell) => el('td', {}, cell)))),
  );
  const table = el('table', {}, el('caption', {}, spec.caption), head, body);
  return el('div', { class: 'table-scroll', role: 'region', 'aria-label': spec.caption, tabindex: '0' }, table);
}
