/**
 * Draws every icon the app ships from one design: a blue rounded square with a white "cast" glyph — a
 * dot and two arcs spreading from it, for screens shared nearby. Generated rather than drawn so it
 * needs no image tools: shapes are signed distances on a 512-unit canvas, scaled to each size,
 * antialiased by supersampling, and the PNG is written by hand with node:zlib.
 *
 * - `build/icon.png`, 1024x1024: macOS and Windows (electron-builder makes the .icns and .ico from it).
 * - `build/icons/<n>x<n>.png`, 16 to 512: the Linux icon theme sizes (deb and AppImage).
 * - `build/tray/tray.png` (+ `@2x`): the tray icon on Windows and Linux, the full-colour icon at 16 px.
 * - `build/tray/trayTemplate.png` (+ `@2x`): macOS's menu-bar icon, the glyph alone in black on
 *   transparency (a template image: the system tints it for light and dark menu bars).
 *
 * Run: node build/make-icon.mjs  (writes next to this script)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

/** The design's canvas; every size is drawn by scaling it. */
const SIZE = 512;
/** Samples per pixel along each axis. */
const SUPERSAMPLE = 4;
/** Linux icon theme sizes. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

const TOP = [0x3b, 0x82, 0xf6]; // gradient start (top)
const BOTTOM = [0x1d, 0x4e, 0xd8]; // gradient end (bottom)
const GLYPH = [0xff, 0xff, 0xff];

/** Rounded square filling the canvas minus a margin, as macOS and most Linux themes expect. */
const BACKGROUND = { margin: 32, radius: 104 };
/** The glyph radiates up and to the right from this point. */
const ORIGIN = { x: 168, y: 344 };
const DOT_RADIUS = 42;
const STROKE = 40;
const ARC_RADII = [128, 212];

/** Signed distance to a rounded square centred on the canvas; negative inside. */
function roundedSquareDistance(x, y) {
  const half = SIZE / 2 - BACKGROUND.margin;
  const dx = Math.abs(x - SIZE / 2) - (half - BACKGROUND.radius);
  const dy = Math.abs(y - SIZE / 2) - (half - BACKGROUND.radius);
  const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
  return outside + Math.min(Math.max(dx, dy), 0) - BACKGROUND.radius;
}

/** Whether a point is on the glyph: the dot, or a quarter-ring with round caps. */
function onGlyph(x, y) {
  const dx = x - ORIGIN.x;
  const dy = ORIGIN.y - y; // up is positive
  const r = Math.hypot(dx, dy);
  if (r <= DOT_RADIUS) return true;
  for (const radius of ARC_RADII) {
    const inRing = Math.abs(r - radius) <= STROKE / 2;
    if (inRing && dx >= 0 && dy >= 0) return true;
    const capUp = Math.hypot(dx, dy - radius) <= STROKE / 2;
    const capRight = Math.hypot(dx - radius, dy) <= STROKE / 2;
    if (capUp || capRight) return true;
  }
  return false;
}

/**
 * The icon at `size` pixels. `template`: the glyph alone, black, its coverage as alpha (macOS
 * menu-bar template); otherwise the square with the white glyph.
 */
function renderPixels(size, template = false) {
  const rgba = Buffer.alloc(size * size * 4);
  const scale = SIZE / size;
  // Small sizes get more samples per pixel, so the arcs stay smooth.
  const steps = Math.max(SUPERSAMPLE, Math.ceil(SUPERSAMPLE * scale ** 0.5));
  const samples = steps * steps;
  for (let py = 0; py < size; py++) {
    const t = py / Math.max(1, size - 1);
    const background = TOP.map((start, i) => start + (BOTTOM[i] - start) * t);
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let glyph = 0;
      for (let sy = 0; sy < steps; sy++) {
        for (let sx = 0; sx < steps; sx++) {
          const x = (px + (sx + 0.5) / steps) * scale;
          const y = (py + (sy + 0.5) / steps) * scale;
          if (!template && roundedSquareDistance(x, y) > 0) continue;
          covered++;
          if (onGlyph(x, y)) glyph++;
        }
      }
      const offset = (py * size + px) * 4;
      if (template) {
        rgba[offset + 3] = Math.round((glyph / samples) * 255);
        continue;
      }
      const mix = covered === 0 ? 0 : glyph / covered;
      for (let i = 0; i < 3; i++) {
        rgba[offset + i] = Math.round(background[i] * (1 - mix) + GLYPH[i] * mix);
      }
      rgba[offset + 3] = Math.round((covered / samples) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function encodePng(rgba, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // bytes 10-12: compression, filter method, interlace — all 0
  const stride = size * 4;
  const scanlines = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    scanlines[y * (stride + 1)] = 0; // filter: none
    rgba.copy(scanlines, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(relative, size, template = false) {
  const target = fileURLToPath(new URL(relative, import.meta.url));
  mkdirSync(fileURLToPath(new URL('.', new URL(relative, import.meta.url))), { recursive: true });
  writeFileSync(target, encodePng(renderPixels(size, template), size));
  process.stdout.write(`wrote ${target}\n`);
}

write('./icon.png', 1024);
for (const size of LINUX_SIZES) write(`./icons/${size}x${size}.png`, size);
write('./tray/tray.png', 16);
write('./tray/tray@2x.png', 32);
write('./tray/trayTemplate.png', 16, true);
write('./tray/trayTemplate@2x.png', 32, true);
