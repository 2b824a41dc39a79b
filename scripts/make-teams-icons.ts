/**
 * Draws the two Teams app icons once (they are committed under appPackage/):
 * - color.png, 192x192: two interlocking rings (white and gold) on the network's blue;
 * - outline.png, 32x32: the same rings in white on a transparent background.
 * Run: npx tsx scripts/make-teams-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type RGBA = [number, number, number, number];
type Shape = (x: number, y: number) => boolean;

const SAMPLES = 4; // 4x4 supersampling per pixel for smooth edges

function draw(size: number, layers: Array<{ shape: Shape; color: RGBA }>): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          // Sample in unit coordinates (0..1), so shapes are resolution independent.
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const { shape, color } of layers) {
            if (!shape(x, y)) continue;
            const la = color[3] / 255;
            cr = color[0] * la + cr * (1 - la);
            cg = color[1] * la + cg * (1 - la);
            cb = color[2] * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr; g += cg; b += cb; a += ca;
        }
      }
      const n = SAMPLES * SAMPLES;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      // Colours are premultiplied in the sums; un-premultiply for PNG.
      png.data[i] = alpha > 0 ? Math.round(r / n / alpha) : 0;
      png.data[i + 1] = alpha > 0 ? Math.round(g / n / alpha) : 0;
      png.data[i + 2] = alpha > 0 ? Math.round(b / n / alpha) : 0;
      png.data[i + 3] = Math.round(alpha * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

const ring = (cx: number, cy: number, radius: number, width: number): Shape => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= radius && d >= radius - width;
};
const roundedSquare = (radius: number): Shape => (x, y) => {
  const dx = Math.max(radius - x, 0, x - (1 - radius));
  const dy = Math.max(radius - y, 0, y - (1 - radius));
  return Math.hypot(dx, dy) <= radius;
};
/** The right ring passes over the left one at the top crossing only, so the rings interlock. */
const overTopCrossing = (shape: Shape): Shape => (x, y) => shape(x, y) && y < 0.5;

const BLUE: RGBA = [0x1f, 0x4e, 0x8c, 255];
const GOLD: RGBA = [0xf2, 0xb7, 0x05, 255];
const WHITE: RGBA = [255, 255, 255, 255];

const left = ring(0.39, 0.5, 0.25, 0.075);
const right = ring(0.61, 0.5, 0.25, 0.075);

const outDir = join(import.meta.dirname, '..', 'appPackage');
mkdirSync(outDir, { recursive: true });

writeFileSync(
  join(outDir, 'color.png'),
  draw(192, [
    { shape: roundedSquare(0.18), color: BLUE },
    { shape: right, color: GOLD },
    { shape: left, color: WHITE },
    { shape: overTopCrossing(right), color: GOLD },
  ]),
);

// Outline icon: white only, transparency everywhere else (Teams' rule); thicker strokes at 32 px.
const leftThick = ring(0.37, 0.5, 0.3, 0.11);
const rightThick = ring(0.63, 0.5, 0.3, 0.11);
writeFileSync(join(outDir, 'outline.png'), draw(32, [{ shape: leftThick, color: WHITE }, { shape: rightThick, color: WHITE }]));

console.log(`wrote ${join(outDir, 'color.png')} and ${join(outDir, 'outline.png')}`);
