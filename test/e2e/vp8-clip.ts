/**
 * A short VP8 clip for light senders (test/support/light-sender.ts), encoded once per test run by Chromium's own
 * encoder (WebCodecs) in a page the test already has: real VP8 that a browser viewer decodes, with no
 * video file in the repository and no encoder in Node. Small frames at a low rate keep forwarding it to
 * a whole room cheap.
 */
import type { Page } from 'playwright-core';
import type { Vp8Frame } from '../support/light-sender';

export interface Vp8ClipOptions {
  width: number;
  height: number;
  /** Frames in the clip; a sender loops it. */
  frames: number;
  /** A keyframe every this many frames (the first is always one), so a loop restarts cleanly. */
  keyframeEvery: number;
  fps: number;
  bitrate: number;
}

const DEFAULTS: Vp8ClipOptions = {
  width: 160,
  height: 120,
  frames: 30,
  keyframeEvery: 10,
  fps: 10,
  bitrate: 60_000,
};

/**
 * Encodes a clip of a moving bar with `page`'s VideoEncoder (the page must be a secure context:
 * loopback http is one). The frame count is a multiple of `keyframeEvery` so the loop's last group
 * is whole.
 */
export async function encodeVp8Clip(page: Page, options: Partial<Vp8ClipOptions> = {}): Promise<Vp8Frame[]> {
  const settings = { ...DEFAULTS, ...options };
  const encoded = await page.evaluate(async ({ width, height, frames, keyframeEvery, fps, bitrate }) => {
    const chunks: { data: string; keyframe: boolean }[] = [];
    let failure: unknown = null;
    const encoder = new VideoEncoder({
      output(chunk) {
        const bytes = new Uint8Array(chunk.byteLength);
        chunk.copyTo(bytes);
        let text = '';
        for (const byte of bytes) text += String.fromCharCode(byte);
        chunks.push({ data: btoa(text), keyframe: chunk.type === 'key' });
      },
      error(error) {
        failure = error;
      },
    });
    encoder.configure({ codec: 'vp8', width, height, bitrate, framerate: fps });
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d')!;
    for (let i = 0; i < frames; i++) {
      context.fillStyle = '#203040';
      context.fillRect(0, 0, width, height);
      context.fillStyle = '#e0c040';
      context.fillRect(((i * width) / frames) | 0, 0, width / 8, height);
      const frame = new VideoFrame(canvas, { timestamp: Math.round((i * 1_000_000) / fps) });
      encoder.encode(frame, { keyFrame: i % keyframeEvery === 0 });
      frame.close();
    }
    await encoder.flush();
    encoder.close();
    if (failure) throw new Error(`VP8 encoding failed: ${String(failure)}`);
    return chunks;
  }, settings);
  if (encoded.length !== settings.frames || !encoded[0]?.keyframe) {
    throw new Error(
      `the VP8 clip came out as ${encoded.length} frames, not ${settings.frames} from a keyframe`,
    );
  }
  return encoded.map(({ data, keyframe }) => ({ data: Buffer.from(data, 'base64'), keyframe }));
}
