/**
 * Draws build/icon.png (512x512, the size electron-builder derives every platform's icon from): a
 * blue rounded square with a white "cast" glyph — a dot and two arcs spreading from it, for screens
 * shared nearby. Generated rather than drawn so it needs no image tools: shapes are signed distances,
 * antialiased by supersampling, and the PNG is written by hand with node:zlib.
 *
 * Run: node build/make-icon.mjs  (writes build/icon.png next to this script)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
/** Samples per pixel along each axis; 4x4 gives smooth edges at this size. */
const SUPERSAMPLE = 4;

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

function renderPixels() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < SIZE; py++) {
    const t = py / (SIZE - 1);
    const background = TOP.map((start, i) => start + (BOTTOM[i] - start) * t);
    for (let px = 0; px < SIZE; px++) {
      let covered = 0;
      let glyph = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = px + (sx + 0.5) / SUPERSAMPLE;
          const y = py + (sy + 0.5) / SUPERSAMPLE;
          if (roundedSquareDistance(x, y) > 0) continue;
          covered++;
          if (onGlyph(x, y)) glyph++;
        }
      }
      const offset = (py * SIZE + px) * 4;
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

function encodePng(rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // bytes 10-12: compression, filter method, interlace — all 0
  const stride = SIZE * 4;
  const scanlines = Buffer.alloc((stride + 1) * SIZE);
  for (let y = 0; y < SIZE; y++) {
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

const target = fileURLToPath(new URL('./icon.png', import.meta.url));
writeFileSync(target, encodePng(renderPixels()));
process.stdout.write(`wrote ${target}\n`);
