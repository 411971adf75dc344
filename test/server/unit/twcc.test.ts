import { RtcpHeader, TransportWideCC } from 'werift';
import { describe, expect, it } from 'vitest';
import { TwccReporter } from '../../../server/src/unit/twcc';

function parse(packet: Buffer) {
  const header = RtcpHeader.deSerialize(packet);
  expect(packet.length).toBe((header.length + 1) * 4);
  return TransportWideCC.deSerialize(packet.subarray(4), header);
}

describe('transport-wide congestion feedback', () => {
  it('reports each arrival, and a gap as not received', () => {
    const reporter = new TwccReporter(1);
    reporter.received(10, 1_000_000);
    reporter.received(11, 1_002_000);
    reporter.received(13, 1_010_000);
    const feedback = parse(reporter.feedback(42) as Buffer);
    expect(feedback.baseSequenceNumber).toBe(10);
    expect(feedback.packetStatusCount).toBe(4);
    expect(feedback.mediaSourceSsrc).toBe(42);
    // Run-length chunks: two received (small delta), one not received, one received.
    expect(
      feedback.packetChunks.map((chunk) => [
        (chunk as { packetStatus: number }).packetStatus,
        (chunk as { runLength: number }).runLength,
      ]),
    ).toEqual([
      [1, 2],
      [0, 1],
      [1, 1],
    ]);
    // Deltas in microseconds, exact to the 250 µs tick: 2 ms, then 8 ms.
    expect(feedback.recvDeltas.slice(1).map((d) => d.delta)).toEqual([2000, 8000]);
  });

  it('continues where the last feedback ended, across the sequence wrap', () => {
    const reporter = new TwccReporter(1);
    reporter.received(65_534, 0);
    reporter.received(65_535, 1000);
    expect(parse(reporter.feedback(0) as Buffer).packetStatusCount).toBe(2);
    expect(reporter.feedback(0)).toBeNull();
    reporter.received(0, 2000);
    reporter.received(1, 300_000);
    const next = parse(reporter.feedback(0) as Buffer);
    expect(next.baseSequenceNumber).toBe(0);
    expect(next.packetStatusCount).toBe(2);
  });

  it('does not report a loss at the end before a later packet shows it', () => {
    const reporter = new TwccReporter(1);
    reporter.received(5, 0);
    reporter.received(7, 1000);
    reporter.feedback(0);
    reporter.received(8, 2000);
    const next = parse(reporter.feedback(0) as Buffer);
    expect(next.baseSequenceNumber).toBe(8);
  });
});
