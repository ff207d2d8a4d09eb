import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { drawColorIcon, drawOutlineIcon, iconProblems, manifestDir } from '../../scripts/manifest/icons';

const read = (name: string) => PNG.sync.read(fs.readFileSync(path.join(manifestDir(), name)));
const pixels = (png: PNG) => Array.from({ length: png.width * png.height }, (_, i) => [...png.data.subarray(i * 4, i * 4 + 4)]);
const encode = (png: PNG) => PNG.sync.write(png);

describe('the app icons', () => {
  it('color.png is a 192×192 full-colour icon', () => {
    const png = read('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(pixels(png).every(([, , , alpha]) => alpha === 255)).toBe(true);
    expect(new Set(pixels(png).map((p) => p.join())).size).toBeGreaterThan(1);
  });

  it('outline.png is a 32×32 white glyph on a transparent background', () => {
    const png = read('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    const all = pixels(png);
    const [corner] = all;
    expect(corner![3]).toBe(0);
    const drawn = all.filter(([, , , alpha]) => alpha! > 0);
    expect(drawn.length).toBeGreaterThan(32);
    expect(drawn.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });

  it('are what `npm run icons` draws', () => {
    expect(read('color.png').data.equals(drawColorIcon().data)).toBe(true);
    expect(read('outline.png').data.equals(drawOutlineIcon().data)).toBe(true);
  });

  it('packaging refuses icons Teams would reject', () => {
    expect(iconProblems('color', encode(drawColorIcon()))).toEqual([]);
    expect(iconProblems('outline', encode(drawOutlineIcon()))).toEqual([]);
    expect(iconProblems('outline', encode(drawColorIcon()))).toEqual(['outline.png must be 32×32 pixels, not 192×192']);
    const opaque = drawOutlineIcon();
    opaque.data.fill(255);
    expect(iconProblems('outline', encode(opaque))).toEqual(['outline.png needs a transparent background']);
    const coloured = drawOutlineIcon();
    coloured.data.set([21, 66, 115, 255], (10 * 32 + 8) * 4);
    expect(iconProblems('outline', encode(coloured))).toEqual(['outline.png may only hold white on transparent']);
    const seeThrough = drawColorIcon();
    seeThrough.data[3] = 0;
    expect(iconProblems('color', encode(seeThrough))).toEqual(['color.png must be fully opaque (full colour)']);
    expect(iconProblems('color', Buffer.from('not a png'))).toEqual(['color.png is not a readable PNG']);
  });
});
