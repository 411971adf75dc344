/**
 * `npm run screenshots` cannot rot unnoticed: its module renders a small part of the set (a 1:1
 * call and its connection details, on a small window, dark, in French) and every file is there,
 * listed in index.html, with real video in each tile in view: the pixels where the tile's video is
 * drawn are a picture (several colours, light and dark), not a black or empty box.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { takeScreenshots, type Picture, type Shot } from '../../scripts/screenshots/shoot';
import { launchChromium } from '../support/chromium';

const outDir = mkdtempSync(join(tmpdir(), 'nearcast-shots-'));
const lines: string[] = [];
let shots: Shot[];
let browser: Browser;

beforeAll(async () => {
  shots = await takeScreenshots({
    outDir,
    scenes: ['call-1to1', 'details'],
    sizes: [{ width: 800, height: 600 }],
    themes: ['dark'],
    locales: ['fr'],
    log: (line) => lines.push(line),
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(outDir, { recursive: true, force: true });
});

interface PixelStats {
  /** Distinct colours, 4 bits a channel. */
  colours: number;
  /** Standard deviation of the luminance, 0..255. */
  spread: number;
}

/** Decodes the PNG in Chromium and measures the pixels inside `box`, less a 10 % margin. */
async function pixelsIn(png: Buffer, box: Picture): Promise<PixelStats> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ url, box }) => {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const x = Math.round(box.x + box.w * 0.1);
        const y = Math.round(box.y + box.h * 0.1);
        const { data } = context.getImageData(x, y, Math.round(box.w * 0.8), Math.round(box.h * 0.8));
        const colours = new Set<number>();
        let sum = 0;
        let squares = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
          const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
          sum += luminance;
          squares += luminance * luminance;
        }
        const count = data.length / 4;
        const mean = sum / count;
        return { colours: colours.size, spread: Math.sqrt(squares / count - mean * mean) };
      },
      { url: `data:image/png;base64,${png.toString('base64')}`, box },
    );
  } finally {
    await page.close();
  }
}

describe('the screenshots module', () => {
  it('writes each screenshot asked for, reports progress, and lists them all in index.html', () => {
    expect(shots.map((shot) => shot.file)).toEqual([
      'call-1to1_800x600_dark_fr.png',
      'details_800x600_dark_fr.png',
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\[2\/2\] .*details_800x600_dark_fr\.png$/);
    const index = readFileSync(join(outDir, 'index.html'), 'utf8');
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Shot[];
    expect(manifest).toEqual(shots);
    for (const shot of shots) {
      expect(index).toContain(`<img src="${shot.file}"`);
      const png = readFileSync(join(outDir, shot.file));
      // A PNG of the window's size: width and height sit at bytes 16 and 20 of its header.
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([800, 600]);
    }
  });

  it('shows real video in every tile in view, in the language asked for', async () => {
    for (const shot of shots) {
      const inView = shot.pictures.filter((picture) => picture.visible);
      expect(inView.map((picture) => picture.label)).toContain('Caméra de Bob');
      const png = readFileSync(join(outDir, shot.file));
      for (const picture of inView) {
        expect(picture.w, `${picture.label} in ${shot.file}`).toBeGreaterThan(40);
        const stats = await pixelsIn(png, picture);
        expect(stats.colours, `colours of ${picture.label} in ${shot.file}`).toBeGreaterThanOrEqual(3);
        expect(stats.spread, `contrast of ${picture.label} in ${shot.file}`).toBeGreaterThan(8);
      }
    }
  });
});
