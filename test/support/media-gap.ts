/**
 * The media gap a viewer sees, measured on the sender's own clock so that it holds under load: every
 * frame of the sender's fake screen carries its capture time (bench/media-frame-code.ts), the sender
 * lists the frames it drew, and the viewer lists the frames it showed. A frame the sender drew and the
 * viewer never showed is lost; the gap is the longest span of capture time lost at once, from the first
 * frame of a lost run to the next frame the viewer showed. A sender whose capture slows under load
 * (fewer frames drawn) opens no gap by this measure: only frames that existed and did not arrive count.
 */

/** One frame the viewer showed: its capture time on the sender's clock (ms), in the order shown. */
export interface ShownFrame {
  sent: number;
  /**
   * Frames the video element had presented by then (requestVideoFrameCallback's `presentedFrames`,
   * counted from 1 again when the element gets a new stream). A busy page misses callbacks for frames
   * the compositor did present; the count says how many were shown unread.
   */
  presented?: number;
}

export interface MediaGap {
  /** The longest span of capture time lost at once (ms); 0 when nothing was lost. */
  lostMs: number;
  /** Capture time of the last frame shown before that span, and of the first frame shown after it. */
  from: number | null;
  to: number | null;
  /** Frames lost in that span. */
  frames: number;
  /** The longest span of capture time between two frames shown one after the other (ms). */
  spanMs: number;
}

/**
 * Compares what the viewer showed (`shown`, in display order) with what the sender drew (`drawn`,
 * capture times in ms) between the first and the last frame shown. Frames shown again or out of order
 * (an older frame after a newer one) are skipped: they add nothing new to the picture. Frames shown
 * but not read (see {@link ShownFrame.presented}) are taken to be the lost frames nearest to the next
 * frame read, which leaves the longest run lost that the counts allow.
 */
export function mediaGap(shown: readonly ShownFrame[], drawn: readonly number[]): MediaGap {
  const frames: ShownFrame[] = [];
  for (const frame of shown) if (frames.length === 0 || frame.sent > frames.at(-1)!.sent) frames.push(frame);
  const draws = drawn.map((time) => Math.round(time)).sort((a, b) => a - b);
  const gap: MediaGap = { lostMs: 0, from: null, to: null, frames: 0, spanMs: 0 };
  let next = 0;
  for (let i = 1; i < frames.length; i++) {
    const [before, after] = [frames[i - 1]!, frames[i]!];
    gap.spanMs = Math.max(gap.spanMs, after.sent - before.sent);
    while (next < draws.length && draws[next]! <= before.sent) next++;
    const missing: number[] = [];
    for (; next < draws.length && draws[next]! < after.sent; next++) missing.push(draws[next]!);
    const lost = missing.length - unread(before, after);
    if (lost <= 0) continue;
    // The run lost ends where the first frame shown after it (read or not) begins.
    const end = lost < missing.length ? missing[lost]! : after.sent;
    if (end - missing[0]! > gap.lostMs) {
      Object.assign(gap, { lostMs: end - missing[0]!, from: before.sent, to: after.sent, frames: lost });
    }
  }
  return gap;
}

/** Frames presented between two frames read, by the element's count; 0 when it is not known. */
function unread(before: ShownFrame, after: ShownFrame): number {
  if (before.presented === undefined || after.presented === undefined) return 0;
  // A count that went back started again with a new stream: `after` is its `after.presented`th frame.
  const since = after.presented > before.presented ? after.presented - before.presented : after.presented;
  return Math.max(0, since - 1);
}
