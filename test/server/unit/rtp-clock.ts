/**
 * RTP timestamps from the wall clock, as a real sender stamps a frame's capture time: the unit judges
 * how late it reads a packet by its timestamp (staleness.ts), so a synthetic sender whose timestamps
 * ran ahead of or behind real time would see its packets dropped after any pause of the test.
 */

/** The timestamp for now at `clockRate`, after `previous` (two frames never share one). */
export function rtpNow(clockRate: number, previous = -1): number {
  return Math.max(Math.floor((performance.now() * clockRate) / 1000), previous + 1) % 0x1_0000_0000;
}
