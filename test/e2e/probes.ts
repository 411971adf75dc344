/**
 * What a person would check on screen, measured inside the page: is a tile's video decoding new
 * frames, is sound arriving. Tiles are found by their accessible name.
 */
import type { Page } from 'playwright-core';

export interface VideoSample {
  width: number;
  height: number;
  frames: number;
}

export function tileVideo(label: string): string {
  return `figure[aria-label="${label}"] video`;
}

/** Width, height and decoded frame count of the video in the tile, or null when there is no tile. */
export async function sampleVideo(page: Page, label: string): Promise<VideoSample | null> {
  return page.evaluate((selector) => {
    const video = document.querySelector<HTMLVideoElement>(selector);
    if (!video) return null;
    return {
      width: video.videoWidth,
      height: video.videoHeight,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
    };
  }, tileVideo(label));
}

/**
 * Waits until the tile shows real, moving video: a decoded size and a frame count that keeps
 * increasing. Returns the last sample.
 */
export async function waitForDecodingVideo(
  page: Page,
  label: string,
  timeoutMs = 30_000,
): Promise<VideoSample> {
  const deadline = Date.now() + timeoutMs;
  let last: VideoSample | null = null;
  while (Date.now() < deadline) {
    const first = await sampleVideo(page, label);
    await page.waitForTimeout(700);
    const second = await sampleVideo(page, label);
    last = second;
    if (first && second && second.width > 0 && second.frames > first.frames) return second;
  }
  // What the person would read on the tile (its name, a link state such as "Connecting…"), to tell
  // a link that never connected from one whose video stopped.
  const says = await page
    .locator(`figure[aria-label="${label}"]`)
    .first()
    .innerText({ timeout: 1_000 })
    .catch(() => '(no tile)');
  throw new Error(
    `"${label}" never showed decoding video; last sample: ${JSON.stringify(last)}; the tile reads: ${JSON.stringify(says.replace(/\s+/g, ' ').trim())}`,
  );
}

/**
 * Peak amplitude (0..1) of the audio in the tile's stream, read through Web Audio: the fake microphone
 * beeps, so a connected call yields a clearly non-zero peak. Listens until the peak reaches `enough`
 * (returned at once) or `limitMs` passes: a loaded machine that delivers the first beep late still
 * passes, and a silent tile fails only after the limit (a fixed 2.5 s window once failed under load).
 */
export async function peakAudioLevel(
  page: Page,
  label: string,
  { enough = 0.05, limitMs = 20_000 }: { enough?: number; limitMs?: number } = {},
): Promise<number> {
  return page.evaluate(
    async ({ selector, enough, limitMs }) => {
      const video = document.querySelector<HTMLVideoElement>(selector);
      const stream = video?.srcObject;
      if (!(stream instanceof MediaStream) || stream.getAudioTracks().length === 0) return 0;
      const context = new AudioContext();
      await context.resume();
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      const buffer = new Float32Array(analyser.fftSize);
      let peak = 0;
      const end = performance.now() + limitMs;
      while (peak < enough && performance.now() < end) {
        analyser.getFloatTimeDomainData(buffer);
        for (const value of buffer) peak = Math.max(peak, Math.abs(value));
        await new Promise((r) => setTimeout(r, 50));
      }
      await context.close();
      return peak;
    },
    { selector: tileVideo(label), enough, limitMs },
  );
}
