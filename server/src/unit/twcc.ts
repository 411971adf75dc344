/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) for
 * a publisher's connection: when each packet arrived, by its transport-wide sequence number. The
 * publisher's browser estimates its uplink from it; without correct feedback it stays near its start
 * rate (300 kbps) and never sends the upper simulcast layers. One reporter serves the whole connection,
 * since the sequence numbers count every packet of the transport.
 */

const SEQ_MOD = 0x10000;
const NOT_RECEIVED = 0;
const SMALL_DELTA = 1;
const LARGE_DELTA = 2;
/** Receive times are reported in 250 µs ticks; the reference time in 64 ms units (256 ticks). */
const TICK_US = 250;
const TICKS_PER_REFERENCE = 256;
const MAX_RUN = 0x1fff;

export class TwccReporter {
  /** Arrival in ticks by unwrapped sequence number, for packets not yet reported. */
  private readonly arrivals = new Map<number, number>();
  private highest: number | null = null;
  /** The first sequence number the next feedback covers. */
  private base: number | null = null;
  private count = 0;

  constructor(private readonly senderSsrc: number) {}

  /** Records packet `sequence` (the extension's 16-bit value) arriving at `arrivalUs`. */
  received(sequence: number, arrivalUs: number): void {
    const unwrapped = this.unwrap(sequence);
    if (this.base !== null && unwrapped < this.base) return;
    this.base ??= unwrapped;
    this.arrivals.set(unwrapped, Math.round(arrivalUs / TICK_US));
  }

  /** The RTCP packet reporting everything received since the last one, or null when nothing new. */
  feedback(mediaSsrc: number): Buffer | null {
    if (this.base === null || this.highest === null || this.arrivals.size === 0) return null;
    const first = this.arrivals.get(this.base) ?? [...this.arrivals.values()][0];
    if (first === undefined) return null;
    const reference = Math.floor(first / TICKS_PER_REFERENCE);
    let previous = reference * TICKS_PER_REFERENCE;
    const statuses: number[] = [];
    const deltas: Buffer[] = [];
    let end = this.base;
    for (let seq = this.base; seq <= this.highest && statuses.length < 0xffff; seq++) {
      const at = this.arrivals.get(seq);
      if (at === undefined) {
        statuses.push(NOT_RECEIVED);
      } else {
        const delta = at - previous;
        if (delta < -0x8000 || delta > 0x7fff) break;
        if (delta >= 0 && delta <= 0xff) {
          statuses.push(SMALL_DELTA);
          deltas.push(Buffer.from([delta]));
        } else {
          statuses.push(LARGE_DELTA);
          const large = Buffer.alloc(2);
          large.writeInt16BE(delta);
          deltas.push(large);
        }
        previous = at;
        this.arrivals.delete(seq);
      }
      end = seq + 1;
    }
    // Trailing losses are reported once later packets show them lost, not now.
    while (statuses.length > 0 && statuses.at(-1) === NOT_RECEIVED) {
      statuses.pop();
      end -= 1;
    }
    if (statuses.length === 0) return null;
    const packet = this.serialize(mediaSsrc, this.base, statuses, reference, deltas);
    this.base = end;
    for (const seq of this.arrivals.keys()) if (seq < end) this.arrivals.delete(seq);
    return packet;
  }

  private serialize(
    mediaSsrc: number,
    base: number,
    statuses: number[],
    reference: number,
    deltas: Buffer[],
  ): Buffer {
    const chunks: Buffer[] = [];
    for (let i = 0; i < statuses.length;) {
      const status = statuses[i] as number;
      let run = 1;
      while (i + run < statuses.length && statuses[i + run] === status && run < MAX_RUN) run += 1;
      const chunk = Buffer.alloc(2);
      chunk.writeUInt16BE((status << 13) | run);
      chunks.push(chunk);
      i += run;
    }
    const fixed = Buffer.alloc(16);
    fixed.writeUInt32BE(this.senderSsrc >>> 0, 0);
    fixed.writeUInt32BE(mediaSsrc >>> 0, 4);
    fixed.writeUInt16BE(base % SEQ_MOD, 8);
    fixed.writeUInt16BE(statuses.length, 10);
    fixed.writeUIntBE(reference & 0xffffff, 12, 3);
    fixed.writeUInt8(this.count & 0xff, 15);
    this.count += 1;
    const body = Buffer.concat([fixed, ...chunks, ...deltas]);
    const padding = (4 - (body.length % 4)) % 4;
    const header = Buffer.alloc(4);
    // V=2, P when padded, FMT=15 (transport-wide CC), PT=205 (RTPFB), length in words minus one.
    header.writeUInt8(0x80 | (padding ? 0x20 : 0) | 15, 0);
    header.writeUInt8(205, 1);
    header.writeUInt16BE((4 + body.length + padding) / 4 - 1, 2);
    const pad = Buffer.alloc(padding);
    if (padding) pad.writeUInt8(padding, padding - 1);
    return Buffer.concat([header, body, pad]);
  }

  private unwrap(sequence: number): number {
    if (this.highest === null) {
      this.highest = sequence;
      return sequence;
    }
    const last = this.highest % SEQ_MOD;
    let diff = sequence - last;
    if (diff > SEQ_MOD / 2) diff -= SEQ_MOD;
    else if (diff < -SEQ_MOD / 2) diff += SEQ_MOD;
    const unwrapped = this.highest + diff;
    if (unwrapped > this.highest) this.highest = unwrapped;
    return unwrapped;
  }
}
