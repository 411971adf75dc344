/**
 * The frame code of bench/media.ts, installed in both pages before the app loads (context.addInitScript)
 * as window.__benchCode, for the fake screen and the probe (media-page.ts). Serialized into the page, so
 * self-contained: no imports, no helpers outside its body.
 *
 * Every frame of the fake screen carries its send time as a 64-bit block code: 32 bits of wall time in
 * ms (modulo 2^32), a 16-bit frame number and a CRC-16 of both, as 32 x 2 black or white squares, each
 * 1/40 of the frame width (32 px at 1280x720), larger than the codecs' transform blocks, so the code
 * survives lossy compression and downscaling to a quarter. Geometry is in fractions of the frame, so a
 * frame decodes at whatever size it arrives. The code is drawn three times (top, middle, bottom): VP9 and
 * AV1 were seen to leave a 64 px block of a frame showing an earlier frame (docs/PERFORMANCE.md, Media),
 * which a single copy can only report as unreadable; with three, such a frame still reads, and is counted.
 */
import type { DisplayConfig } from './media-page';

declare global {
  interface Window {
    __benchCode: FrameCode;
  }
}

export interface FrameCodeRead {
  sent: number;
  seq: number;
  /** Some copy was older or unreadable. */
  stale: boolean;
}

export interface FrameCode {
  /** Wall time in ms, shared by all pages of this machine: timeOrigin + performance.now(). */
  wall(t?: number): number;
  /** Draws the code for (time mod 2^32, seq) onto a frame of width w. */
  drawCode(ctx: CanvasRenderingContext2D, w: number, time: number, seq: number): void;
  /** Reads the code from a frame (video or canvas) shown at wall time `now`; null when no copy reads. */
  readCode(source: CanvasImageSource, now: number): FrameCodeRead | null;
  /** One frame of content: small text with a changing bottom line, or large shapes moving everywhere. */
  drawContent(ctx: CanvasRenderingContext2D, config: DisplayConfig, seq: number): void;
}

export function installFrameCode(): void {
  const COLS = 32;
  const ROWS = 2;
  /** A block is 1/ACROSS of the frame width (16:9 frames: 22.5 blocks high); origins count blocks. */
  const ACROSS = 40;
  const ORIGIN_COL = 4;
  const COPY_ROWS = [1, 10, 19];
  const SAMPLE = 4;
  const wall = (t = performance.now()): number => performance.timeOrigin + t;

  const crc16 = (bytes: number[]): number => {
    let crc = 0xffff;
    for (const byte of bytes) {
      crc ^= byte << 8;
      for (let bit = 0; bit < 8; bit++)
        crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc;
  };

  /** Draws the code for (time, seq), three times, onto a frame of width w. */
  const drawCode = (ctx: CanvasRenderingContext2D, w: number, time: number, seq: number): void => {
    const bytes = [
      time >>> 24,
      (time >>> 16) & 0xff,
      (time >>> 8) & 0xff,
      time & 0xff,
      seq >>> 8,
      seq & 0xff,
    ];
    const crc = crc16(bytes);
    bytes.push(crc >>> 8, crc & 0xff);
    const b = w / ACROSS;
    for (const top of COPY_ROWS) {
      ctx.fillStyle = '#fff';
      ctx.fillRect(ORIGIN_COL * b - b / 2, top * b - b / 2, (COLS + 1) * b, (ROWS + 1) * b);
      ctx.fillStyle = '#000';
      for (let i = 0; i < COLS * ROWS; i++) {
        const bit = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
        if (bit) ctx.fillRect(ORIGIN_COL * b + (i % COLS) * b, top * b + Math.floor(i / COLS) * b, b, b);
      }
    }
  };

  // Frames are read at SAMPLE px per block, the whole frame in one drawImage: reading each copy with
  // its own drawImage could mix two frames when a new one arrives in between.
  const sampler = document.createElement('canvas');
  sampler.width = ACROSS * SAMPLE;
  sampler.height = (ACROSS * SAMPLE * 9) / 16;
  const sampleCtx = sampler.getContext('2d', { willReadFrequently: true })!;

  /** Reads the copy whose top row is block row `top`; null when its checksum fails. */
  const readCopy = (pixels: Uint8ClampedArray, top: number, now: number) => {
    const bytes = new Array<number>(8).fill(0);
    for (let i = 0; i < COLS * ROWS; i++) {
      // The mean of the 2x2 samples at the middle of the block, away from edges that compression smears.
      const x0 = (ORIGIN_COL + (i % COLS)) * SAMPLE + 1;
      const y0 = (top + Math.floor(i / COLS)) * SAMPLE + 1;
      let sum = 0;
      for (const at of [0, 1, sampler.width, sampler.width + 1].map((d) => (y0 * sampler.width + x0 + d) * 4))
        sum += pixels[at]! + pixels[at + 1]! + pixels[at + 2]!;
      if (sum / 12 < 128) bytes[i >> 3]! |= 1 << (7 - (i & 7));
    }
    if (crc16(bytes.slice(0, 6)) !== bytes[6]! * 256 + bytes[7]!) return null;
    const time = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    // Back to full wall time: the send time nearest to `now` with these low 32 bits.
    let behind = (Math.round(now) - time) % 2 ** 32;
    if (behind < 0) behind += 2 ** 32;
    if (behind > 2 ** 31) behind -= 2 ** 32;
    return { sent: Math.round(now) - behind, seq: bytes[4]! * 256 + bytes[5]! };
  };

  /**
   * Reads all copies. The frame's send time is that of its newest copy; it is `stale` when another copy
   * is older or unreadable: part of the picture still shows an earlier frame.
   */
  const readCode = (source: CanvasImageSource, now: number) => {
    sampleCtx.drawImage(source, 0, 0, sampler.width, sampler.height);
    const pixels = sampleCtx.getImageData(0, 0, sampler.width, sampler.height).data;
    const copies = COPY_ROWS.map((top) => readCopy(pixels, top, now));
    let newest: { sent: number; seq: number } | null = null;
    for (const copy of copies) if (copy && (!newest || copy.sent > newest.sent)) newest = copy;
    if (!newest) return null;
    const stale = copies.some((copy) => copy === null || copy.seq !== newest.seq);
    return { ...newest, stale };
  };

  // Deterministic code-like lines for the Text content.
  const WORDS = 'const return await frame width => if (peer) sender { } 0x1021 let'.split(' ');
  const line = (n: number): string =>
    Array.from({ length: 4 + ((n * 7) % 9) }, (_, k) => WORDS[(n * 31 + k * 17) % WORDS.length]).join(' ');

  /** Small text scrolling a line every two seconds with a bottom line that changes, or large moving shapes. */
  const drawContent = (ctx: CanvasRenderingContext2D, config: DisplayConfig, seq: number): void => {
    const { width: w, height: h } = config;
    if (config.content === 'text') {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#222';
      ctx.font = `${Math.round(h / 50)}px monospace`;
      const step = Math.round(h / 40);
      const scroll = Math.floor(seq / 60); // a line every two seconds, like reading a document
      for (let row = 4; row * step < h; row++) ctx.fillText(line(row + scroll), w * 0.05, row * step);
      // The bottom line changes every frame and grows, like output printed in a terminal.
      const printed = line(seq)
        .repeat(3)
        .slice(0, seq % 80);
      ctx.fillStyle = '#00c';
      ctx.fillText(`${printed}▌`, w * 0.05, h - step);
    } else {
      for (let band = 0; band < 16; band++) {
        ctx.fillStyle = `hsl(${(band * 23 + seq * 6) % 360} 70% 50%)`;
        ctx.fillRect(((band * w) / 16 + seq * 9) % w, 0, w / 16 + 1, h);
      }
      for (let ball = 0; ball < 12; ball++) {
        const x = (ball * 211 + seq * (6 + ball)) % w;
        const y = (ball * 97 + seq * (4 + (ball % 5))) % h;
        ctx.fillStyle = `hsl(${(ball * 30 + seq * 3) % 360} 90% ${ball % 2 ? 20 : 80}%)`;
        ctx.beginPath();
        ctx.arc(x, y, h / 10, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  };

  window.__benchCode = { wall, drawCode, readCode, drawContent };
}
