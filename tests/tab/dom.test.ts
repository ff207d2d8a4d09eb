/**
 * The HR tab puts what the API answers (unit names, codes, numbers) on the page as text, never as
 * HTML: its code builds elements and text nodes (tab/dom.ts). This keeps it that way for every
 * module of the tab, so data can never become markup or script even where the CSP would allow it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TAB = join(__dirname, '..', '..', 'tab');
/** Every way browser code turns a string into markup or code. */
const HTML_SINKS = /\.(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|srcdoc)\b|document\.write|DOMParser|\beval\(|new Function\(|setTimeout\(\s*['"`]/;

describe('the HR tab’s code', () => {
  const modules = readdirSync(TAB).filter((file) => file.endsWith('.ts'));

  it('builds the page from elements and text only: nothing it shows is parsed as HTML or code', () => {
    expect(modules).toEqual(expect.arrayContaining(['dom.ts', 'hr.ts', 'charts.ts', 'api.ts']));
    const sinks = modules.flatMap((file) =>
      readFileSync(join(TAB, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (HTML_SINKS.test(line.replace(/^\s*(\*|\/\/).*$/, '')) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(sinks).toEqual([]);
  });

  it('recognises each of those sinks', () => {
    for (const line of ['el.innerHTML = data', 'node.insertAdjacentHTML("beforeend", x)', 'document.write(x)', 'new DOMParser()', 'eval(x)', "setTimeout('go()')"]) {
      expect(line).toMatch(HTML_SINKS);
    }
    expect('element.textContent = data').not.toMatch(HTML_SINKS);
  });
});
