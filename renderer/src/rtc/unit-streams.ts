/**
 * What arrives on the subscribe connection, put back together as the people who sent it. The unit
 * names each m-line in its offer's `tracks` table (mid → owner, stream id, kind); the tracks of one
 * person's stream are gathered into one MediaStream per (owner, stream id), so a tile finds a peer's
 * camera or screen by the stream id that peer announces in its media state, as in the mesh.
 */
import type { UnitTrack } from '../../../common/signaling/unit';

/** A receiving transceiver as far as the table needs it: its mid and the track it receives into. */
export interface ReceivingSlot {
  mid: string | null;
  track: MediaStreamTrack;
}

/** Creates an empty stream; a seam for tests where the DOM has no MediaStream. */
export type StreamFactory = () => MediaStream;

const keyOf = (owner: string, streamId: string): string => `${owner}\n${streamId}`;

export class UnitStreams {
  private readonly streams = new Map<string, MediaStream>();
  private byMid = new Map<string, UnitTrack>();
  /** Whether a table was applied: before the unit's first offer nobody is known to send. */
  private tabled = false;

  constructor(private readonly createStream: StreamFactory = () => new MediaStream()) {}

  /**
   * Applies the table of the offer just answered to the receivers it set up. A stream keeps its
   * identity while its owner sends (its video element plays on through a renegotiation); a track
   * whose m-line now carries someone else's leaves the old stream; a stream left empty is dropped.
   * True when any stream gained or lost a track.
   */
  apply(table: readonly UnitTrack[], slots: readonly ReceivingSlot[]): boolean {
    this.byMid = new Map(table.map((entry) => [entry.mid, entry]));
    this.tabled = true;
    const wanted = new Map<string, MediaStreamTrack[]>();
    for (const slot of slots) {
      const entry = slot.mid === null ? undefined : this.byMid.get(slot.mid);
      if (!entry || entry.kind !== slot.track.kind) continue;
      const key = keyOf(entry.owner, entry.streamId);
      wanted.set(key, [...(wanted.get(key) ?? []), slot.track]);
    }
    let changed = false;
    for (const [key, stream] of this.streams) {
      const tracks = wanted.get(key) ?? [];
      for (const track of stream.getTracks()) {
        if (tracks.includes(track)) continue;
        stream.removeTrack(track);
        changed = true;
      }
      if (tracks.length === 0) {
        this.streams.delete(key);
        changed = true;
      }
    }
    for (const [key, tracks] of wanted) {
      let stream = this.streams.get(key);
      if (!stream) {
        stream = this.createStream();
        this.streams.set(key, stream);
      }
      const present = stream.getTracks();
      for (const track of tracks) {
        if (present.includes(track)) continue;
        stream.addTrack(track);
        changed = true;
      }
    }
    return changed;
  }

  /** The stream a peer announced under `streamId`, as the unit forwards it; null when none arrives. */
  stream(owner: string, streamId: string): MediaStream | null {
    return this.streams.get(keyOf(owner, streamId)) ?? null;
  }

  /** Who sends what the m-line `mid` carries, by the last table. */
  entry(mid: string | null): UnitTrack | null {
    return mid === null ? null : (this.byMid.get(mid) ?? null);
  }

  /** The people whose tracks the unit forwards to us: those who send media in this room now. */
  senders(): Set<string> {
    return new Set([...this.byMid.values()].map((entry) => entry.owner));
  }

  /** How many people send, by the unit's last table; null before its first one. */
  sendersKnown(): number | null {
    return this.tabled ? this.senders().size : null;
  }

  clear(): void {
    this.streams.clear();
    this.byMid.clear();
    this.tabled = false;
  }
}

/** The kinds of a stream's tracks that have received media (a received track starts muted until then). */
export function flowingKinds(stream: MediaStream | null): Set<string> {
  return new Set(stream?.getTracks().flatMap((track) => (track.muted === false ? [track.kind] : [])) ?? []);
}
