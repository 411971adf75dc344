import { describe, expect, it } from 'vitest';
import type { RtpHeaderFields } from '../../../server/src/unit/engine';
import { mapExtensions, seqNewer, StreamRewriter } from '../../../server/src/unit/rewriter';

function header(ssrc: number, sequenceNumber: number, timestamp: number): RtpHeaderFields {
  return { ssrc, sequenceNumber, timestamp, marker: false, payloadType: 96, extensions: [] };
}

describe('stream rewriter', () => {
  it('sends one SSRC whose sequence numbers and timestamps continue across a layer switch', () => {
    const rewriter = new StreamRewriter(777, 90000);
    rewriter.switchTo(1);
    const out = [rewriter.rewrite(header(1, 100, 10_000)), rewriter.rewrite(header(1, 101, 13_000))];
    rewriter.switchTo(2);
    // Layer 1 goes on until layer 2's keyframe arrives.
    out.push(rewriter.rewrite(header(1, 102, 16_000)));
    out.push(rewriter.rewrite(header(2, 50_000, 900_000)));
    out.push(rewriter.rewrite(header(2, 50_001, 903_000)));
    expect(out.map((h) => [h?.ssrc, h?.sequenceNumber, h?.timestamp])).toEqual([
      [777, 100, 10_000],
      [777, 101, 13_000],
      [777, 102, 16_000],
      [777, 103, 19_000],
      [777, 104, 22_000],
    ]);
    // The old layer's late packets are not sent any more.
    expect(rewriter.rewrite(header(1, 103, 19_000))).toBeNull();
  });

  it('after packets left out (stale), runs the sequence numbers on and lets the time that passed show', () => {
    const rewriter = new StreamRewriter(777, 90000);
    rewriter.switchTo(1);
    rewriter.rewrite(header(1, 100, 10_000));
    // Packets 101 to 399 (three seconds) were not forwarded.
    rewriter.resync();
    const next = [rewriter.rewrite(header(1, 400, 280_000)), rewriter.rewrite(header(1, 401, 283_000))];
    expect(next.map((h) => [h?.sequenceNumber, h?.timestamp])).toEqual([
      [101, 280_000],
      [102, 283_000],
    ]);
  });

  it('wraps sequence numbers and timestamps', () => {
    const rewriter = new StreamRewriter(5, 90000);
    rewriter.switchTo(1);
    rewriter.rewrite(header(1, 65_535, 0xffff_ffff - 1000));
    rewriter.switchTo(2);
    const next = rewriter.rewrite(header(2, 10, 50));
    expect(next?.sequenceNumber).toBe(0);
    expect(next?.timestamp).toBe(2000 - 1);
  });

  it('sends nothing before its first source', () => {
    const rewriter = new StreamRewriter(5, 48000);
    expect(rewriter.rewrite(header(1, 1, 1))).toBeNull();
  });

  it('keeps a reordered packet of the same source in its place', () => {
    const rewriter = new StreamRewriter(5, 90000);
    rewriter.switchTo(1);
    rewriter.rewrite(header(1, 10, 100));
    rewriter.rewrite(header(1, 12, 100));
    expect(rewriter.rewrite(header(1, 11, 100))?.sequenceNumber).toBe(11);
  });

  it('orders 16-bit sequence numbers across the wrap', () => {
    expect(seqNewer(1, 65_535)).toBe(true);
    expect(seqNewer(65_535, 1)).toBe(false);
  });
});

describe('header extension mapping', () => {
  it('keeps the audio level, renumbered, and drops the publisher’s transport extensions', () => {
    const level = Buffer.from([0x80 | 30]);
    const mapped = mapExtensions(
      [
        { id: 1, payload: level },
        { id: 3, payload: Buffer.from([0, 7]) },
      ],
      new Map([
        ['urn:ietf:params:rtp-hdrext:ssrc-audio-level', 1],
        ['transport-cc', 3],
      ]),
      new Map([['urn:ietf:params:rtp-hdrext:ssrc-audio-level', 2]]),
      ['urn:ietf:params:rtp-hdrext:ssrc-audio-level'],
    );
    expect(mapped).toEqual([{ id: 2, payload: level }]);
  });
});
