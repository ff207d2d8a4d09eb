/**
 * Horizontal bar charts as SVG, accessible: `role="img"` with a title and a description that
 * screen readers read, the same numbers in a data table beside every chart, and suppressed values
 * drawn as an outlined, hatched bar with the word "suppressed" — never only a colour.
 */
import { svg } from './dom';

export interface Bar {
  label: string;
  /** null: suppressed. */
  value: number | null;
}

export interface BarGroup {
  label: string;
  bars: Bar[];
}

export interface ChartSpec {
  id: string;
  title: string;
  description: string;
  groups: BarGroup[];
  /** How a value is written next to its bar (e.g. "42", "87 %", "12 dagen"). */
  formatValue: (value: number) => string;
  suppressedText: string;
  /** The axis maximum; defaults to the largest value. */
  max?: number;
}

const WIDTH = 640;
const LABEL_WIDTH = 280;
const VALUE_WIDTH = 100;
const BAR_HEIGHT = 18;
const BAR_GAP = 4;
const GROUP_GAP = 14;

/** Long labels are cut for the drawing; the full label is in the data table and the description. */
const shorten = (label: string) => (label.length > 36 ? `${label.slice(0, 35)}…` : label);

export function barChart(spec: ChartSpec): SVGSVGElement {
  const values = spec.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const max = Math.max(spec.max ?? 0, ...values, 1);
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const children: SVGElement[] = [];
  let y = 0;
  spec.groups.forEach((group, g) => {
    const multiple = group.bars.length > 1;
    children.push(svg('text', { x: 0, y: y + 13, class: 'chart-label' }, shorten(group.label)));
    if (multiple) y += BAR_HEIGHT;
    group.bars.forEach((bar, b) => {
      const barY = y + b * (BAR_HEIGHT + BAR_GAP);
      if (multiple) children.push(svg('text', { x: 12, y: barY + 13, class: 'chart-sublabel' }, bar.label));
      if (bar.value === null) {
        children.push(svg('rect', { x: LABEL_WIDTH, y: barY, width: plotWidth, height: BAR_HEIGHT, class: 'bar-suppressed' }));
        children.push(svg('text', { x: LABEL_WIDTH + 8, y: barY + 13, class: 'chart-value' }, spec.suppressedText));
      } else {
        const width = Math.max(1, (bar.value / max) * plotWidth);
        children.push(svg('rect', { x: LABEL_WIDTH, y: barY, width: width.toFixed(1), height: BAR_HEIGHT, class: `bar bar-${b}` }));
        children.push(svg('text', { x: LABEL_WIDTH + width + 6, y: barY + 13, class: 'chart-value' }, spec.formatValue(bar.value)));
      }
    });
    y += group.bars.length * (BAR_HEIGHT + BAR_GAP) + (g < spec.groups.length - 1 ? GROUP_GAP : 0);
  });
  const height = Math.max(y, BAR_HEIGHT);
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  const description = spec.groups
    .map((group) => `${group.label}: ${group.bars.map((bar) => `${group.bars.length > 1 ? `${bar.label} ` : ''}${bar.value === null ? spec.suppressedText : spec.formatValue(bar.value)}`).join(', ')}`)
    .join('; ');
  return svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart-svg', preserveAspectRatio: 'xMinYMin meet' },
    svg('title', { id: titleId }, spec.title),
    svg('desc', { id: descId }, `${spec.description} ${description}`),
    svg(
      'defs',
      {},
      svg(
        'pattern',
        { id: `${spec.id}-hatch`, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('line', { x1: 0, y1: 0, x2: 0, y2: 8, class: 'hatch-line' }),
      ),
    ),
    ...children.map((child) => {
      if (child.getAttribute('class') === 'bar-suppressed') child.setAttribute('fill', `url(#${spec.id}-hatch)`);
      return child;
    }),
  );
}
