/**
 * The two Teams app icons, drawn from one glyph: a ladder, the escalatieladder the bot walks a
 * manager up. `npm run icons` writes them to manifest/; the PNGs are committed and a test checks
 * they still match this drawing.
 *
 * | icon        | size    | what Teams requires                                  | here                                   |
 * |-------------|---------|------------------------------------------------------|----------------------------------------|
 * | color.png   | 192×192 | full colour; the symbol inside the central 96×96     | white ladder, top rung orange, on blue |
 * | outline.png | 32×32   | white on a transparent background, nothing else      | the same ladder in white               |
 *
 * The glyph lives on a 32×32 grid of whole pixels, so both icons are drawn at integer scales and
 * stay crisp without anti-aliasing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { projectRoot } from '../../content/load';

type Rgba = readonly [number, number, number, number];

interface GlyphRect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The top rung is the escalation's highest step: it gets the accent colour where there is colour. */
  part: 'rail' | 'rung' | 'topRung';
}

const GRID = 32;
const RUNG_TOPS = [5, 11, 17, 23];

/** Two rails and four rungs, centred on the 32×32 grid. */
export const LADDER: readonly GlyphRect[] = [
  { x: 7, y: 1, width: 4, height: 30, part: 'rail' },
  { x: 21, y: 1, width: 4, height: 30, part: 'rail' },
  ...RUNG_TOPS.map((y, index): GlyphRect => ({ x: 11, y, width: 10, height: 3, part: index === 0 ? 'topRung' : 'rung' })),
];

/** The app's accent colour (manifest `accentColor`) is the colour icon's background. */
export const ACCENT_COLOR = '#154273';
const WHITE: Rgba = [255, 255, 255, 255];
const ORANGE: Rgba = [225, 112, 0, 255];
const TRANSPARENT: Rgba = [0, 0, 0, 0];

function hexColor(hex: string): Rgba {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255, 255];
}

function canvas(size: number, background: Rgba): PNG {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set(background, i * 4);
  return png;
}

function drawGlyph(png: PNG, scale: number, offset: number, colorOf: (part: GlyphRect['part']) => Rgba): void {
  for (const rect of LADDER) {
    const color = colorOf(rect.part);
    for (let y = rect.y * scale; y < (rect.y + rect.height) * scale; y++) {
      for (let x = rect.x * scale; x < (rect.x + rect.width) * scale; x++) {
        png.data.set(color, ((offset + y) * png.width + offset + x) * 4);
      }
    }
  }
}

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

/** 192×192: the glyph at 3× fills the central 96×96, leaving the 48 px margin Teams may crop. */
export function drawColorIcon(): PNG {
  const png = canvas(COLOR_ICON_SIZE, hexColor(ACCENT_COLOR));
  const scale = 3;
  drawGlyph(png, scale, (COLOR_ICON_SIZE - GRID * scale) / 2, (part) => (part === 'topRung' ? ORANGE : WHITE));
  return png;
}

/** 32×32: white on transparent, as Teams requires for the outline icon. */
export function drawOutlineIcon(): PNG {
  const png = canvas(OUTLINE_ICON_SIZE, TRANSPARENT);
  drawGlyph(png, 1, 0, () => WHITE);
  return png;
}

export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

export function manifestDir(): string {
  return path.join(projectRoot(__dirname), 'manifest');
}

/**
 * What is wrong with an icon file for Teams, in words; empty when it is fine. The outline icon may
 * hold only white (at any opacity) and must be transparent somewhere; the colour icon must be opaque.
 */
export function iconProblems(kind: keyof typeof ICON_FILES, file: Buffer): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(file);
  } catch {
    return [`${ICON_FILES[kind]} is not a readable PNG`];
  }
  const size = kind === 'color' ? COLOR_ICON_SIZE : OUTLINE_ICON_SIZE;
  if (png.width !== size || png.height !== size) return [`${ICON_FILES[kind]} must be ${size}×${size} pixels, not ${png.width}×${png.height}`];
  const pixels = Array.from({ length: size * size }, (_, i) => png.data.subarray(i * 4, i * 4 + 4));
  if (kind === 'color') {
    return pixels.every((p) => p[3] === 255) ? [] : [`${ICON_FILES.color} must be fully opaque (full colour)`];
  }
  const problems: string[] = [];
  if (!pixels.some((p) => p[3] === 0)) problems.push(`${ICON_FILES.outline} needs a transparent background`);
  if (!pixels.every((p) => p[3] === 0 || (p[0] === 255 && p[1] === 255 && p[2] === 255))) {
    problems.push(`${ICON_FILES.outline} may only hold white on transparent`);
  }
  return problems;
}

/** `npm run icons`: redraws both icons into manifest/. */
export function writeIcons(dir: string = manifestDir()): string[] {
  const files = [
    [path.join(dir, ICON_FILES.color), drawColorIcon()],
    [path.join(dir, ICON_FILES.outline), drawOutlineIcon()],
  ] as const;
  for (const [file, png] of files) fs.writeFileSync(file, PNG.sync.write(png));
  return files.map(([file]) => file);
}

if (require.main === module) {
  for (const file of writeIcons()) process.stdout.write(`icons: wrote ${path.relative(process.cwd(), file)}\n`);
}
