/**
 * One continuous outgoing RTP stream made of whichever incoming stream (simulcast layer) feeds it at
 * the moment: one SSRC, sequence numbers without gaps or jumps at a switch, timestamps that keep going
 * forward. The viewer's jitter buffer and decoder then see one stream whose resolution changes on a
 * keyframe, never a second stream.
 */
import type { RtpExtension, RtpHeaderFields } from './engine';

const SEQ_MOD = 0x10000;
const TS_MOD = 0x1_0000_0000;

/** Timestamp advance at a switch: one 30 fps frame at 90 kHz, or 20 ms of audio at 48 kHz. */
function frameStep(clockRate: number): number {
  return clockRate === 90000 ? 3000 : Math.round(clockRate / 50);
}

interface Source {
  ssrc: number;
  seqOffset: number;
  tsOffset: number;
}

/** One per forward: the viewer's outgoing stream. */
export class StreamRewriter {
  private source: Source | null = null;
  private pendingSsrc: number | null = null;
  private resyncing = false;
  private lastSeq: number | null = null;
  private lastTs: number | null = null;

  constructor(
    /** The SSRC the viewer sees; constant across switches. */
    readonly ssrc: number,
    private readonly clockRate: number,
  ) {}

  /** The stream whose next packet (a keyframe, the caller checks) continues the output. */
  switchTo(ssrc: number): void {
    this.pendingSsrc = ssrc;
  }

  /**
   * Packets of the source were left out (too old to forward): its next packet (a keyframe, for video:
   * the caller waits for one) follows the last one sent without a gap, so the viewer asks for none of
   * them again (no NACK the cache could not answer). Timestamps keep their offset: the time that passed
   * shows, as after a sender's pause.
   */
  resync(): void {
    this.resyncing = true;
  }

  get currentSsrc(): number | null {
    return this.source?.ssrc ?? null;
  }

  /**
   * The header to send for `header`, or null when the packet belongs to a stream that is not (or no
   * longer) the source. The first packet of a new source fixes its offsets.
   */
  rewrite(header: RtpHeaderFields): RtpHeaderFields | null {
    if (this.pendingSsrc === header.ssrc) {
      this.pendingSsrc = null;
      this.source = {
        ssrc: header.ssrc,
        seqOffset: this.lastSeq === null ? 0 : mod(this.lastSeq + 1 - header.sequenceNumber, SEQ_MOD),
        tsOffset:
          this.lastTs === null ? 0 : mod(this.lastTs + frameStep(this.clockRate) - header.timestamp, TS_MOD),
      };
    }
    const source = this.source;
    if (!source || source.ssrc !== header.ssrc) return null;
    if (this.resyncing) {
      this.resyncing = false;
      if (this.lastSeq !== null) source.seqOffset = mod(this.lastSeq + 1 - header.sequenceNumber, SEQ_MOD);
    }
    const sequenceNumber = mod(header.sequenceNumber + source.seqOffset, SEQ_MOD);
    const timestamp = mod(header.timestamp + source.tsOffset, TS_MOD);
    if (this.lastSeq === null || seqNewer(sequenceNumber, this.lastSeq)) {
      this.lastSeq = sequenceNumber;
      this.lastTs = timestamp;
    }
    return { ...header, ssrc: this.ssrc, sequenceNumber, timestamp };
  }
}

function mod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

/** RFC 1982 serial number order for 16-bit sequence numbers. */
export function seqNewer(a: number, b: number): boolean {
  return a !== b && mod(a - b, SEQ_MOD) < SEQ_MOD / 2;
}

/**
 * The header extensions worth forwarding (`keep`, by URI), renumbered from the ids negotiated on the
 * publish m-line to those of the subscribe m-line; everything else (transport-cc, rid, mid) belongs
 * to the publisher's own connection and is dropped.
 */
export function mapExtensions(
  extensions: readonly RtpExtension[],
  from: ReadonlyMap<string, number>,
  to: ReadonlyMap<string, number>,
  keep: readonly string[],
): RtpExtension[] {
  const mapped: RtpExtension[] = [];
  for (const uri of keep) {
    const inId = from.get(uri);
    const outId = to.get(uri);
    if (inId === undefined || outId === undefined) continue;
    const found = extensions.find((ext) => ext.id === inId);
    if (found) mapped.push({ id: outId, payload: found.payload });
  }
  return mapped;
}
