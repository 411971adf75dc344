/**
 * The signaling half of a light viewer, whatever receives its media (werift in light-viewer.ts,
 * node-datachannel in ndc-viewer.ts), written from docs/PROTOCOL.md's forwarding mode: it joins with
 * socket.io-client, follows the room's mode, the members' names and `media` states, and hands the
 * unit's `unit:signal` messages one at a time to the receiver. It opens no peer-to-peer links (a
 * browser that offers it one gets no answer); a light sender (light-sender.ts) is a viewer that also
 * publishes.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { readFrameStart } from './video-frames';

/** What one m-line of the subscribe connection has carried so far. Times are `performance.now()`. */
export interface TrackCount {
  mid: string;
  owner: string;
  streamId: string;
  kind: 'audio' | 'video';
  packets: number;
  frames: number;
  keyframes: number;
  firstPacketAt: number | null;
  firstKeyframeAt: number | null;
  /** Coded size of the latest keyframe that carried one (VP8, VP9): which simulcast layer arrives. */
  keyframeSize: { width: number; height: number } | null;
}

/** A description or candidate of one of a member's two connections to the unit (docs/PROTOCOL.md). */
export type UnitSignalData =
  | { kind: 'description'; description: { type: 'offer' | 'answer'; sdp: string } }
  | { kind: 'candidate'; candidate: { candidate: string; sdpMid?: string | null } | null };

export interface UnitSignal {
  pc: 'publish' | 'subscribe';
  data: UnitSignalData;
  tracks?: { mid: string; owner: string; streamId: string; kind: 'audio' | 'video' }[];
}

/** A candidate werift gathered (null: the last one), as `unit:signal` carries it for connection `pc`. */
export function candidateSignal(
  pc: UnitSignal['pc'],
  candidate: { candidate?: string; sdpMid?: string | null } | null | undefined,
): UnitSignal {
  const line = candidate?.candidate;
  return {
    pc,
    data: {
      kind: 'candidate',
      candidate: line ? { candidate: line, sdpMid: candidate?.sdpMid ?? null } : null,
    },
  };
}

/** A watching member; subclasses answer the unit's subscribe offers with their own media stack. */
export abstract class LightMember {
  /** Counts per mid of the subscribe connection. */
  readonly tracks = new Map<string, TrackCount>();
  /** Latest `media` state of each peer (PROTOCOL: it keeps travelling peer to peer as `signal`). */
  readonly mediaStates = new Map<string, { screenStreamId: string | null; cameraStreamId: string | null }>();
  id: string | null = null;
  /** Names of the other members by peer id, from the join ack and `peer:joined`. */
  readonly peers = new Map<string, string>();
  mode: 'mesh' | 'forwarded' | null = null;
  joinedAt: number | null = null;
  /** When the first subscribe answer was sent. */
  answeredAt: number | null = null;
  /** When the subscribe connection first reached `connected`. */
  connectedAt: number | null = null;
  /** Why the signaling connection dropped, if it did (a light member does not rejoin). */
  disconnected: string | null = null;
  protected readonly socket: Socket;
  private readonly waiters = new Set<() => void>();
  /** The RTP timestamp of the last frame and of the last keyframe counted, per mid. */
  private readonly last = new Map<string, { frame: number | null; keyframe: number | null }>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    url: string,
    readonly name: string,
  ) {
    this.socket = io(url, { transports: ['websocket'], forceNew: true });
    this.socket.on('disconnect', (reason) => {
      this.disconnected = reason;
      this.notify();
    });
    this.socket.on('unit:signal', (signal: UnitSignal) => this.enqueue(() => this.onUnitSignal(signal)));
    this.socket.on('peer:joined', ({ id, name }: { id: string; name: string }) => this.peers.set(id, name));
    this.socket.on('room:mode', ({ mode }: { mode: 'mesh' | 'forwarded' }) => {
      this.mode = mode;
      this.notify();
    });
    this.socket.on('signal', ({ from, data }: { from: string; data: { kind: string; state?: unknown } }) => {
      if (data.kind !== 'media') return;
      const state = data.state as { screenStreamId: string | null; cameraStreamId: string | null };
      this.mediaStates.set(from, state);
      this.notify();
    });
  }

  /** The unit's signal for the subscribe connection (the only one a watcher has). */
  protected abstract onSubscribeSignal(data: UnitSignalData): Promise<void>;
  /** The subscribe connection's state, for `describe`. */
  protected abstract connectionState(): string;
  protected abstract closeMedia(): Promise<void>;

  /** Joins `room`; `present` asks for a presentation room (forwarded from the start) when creating it. */
  async join(room: string, { present = false }: { present?: boolean } = {}): Promise<void> {
    const result = (await this.socket.emitWithAck('room:join', {
      room,
      name: this.name,
      ...(present ? { present: true } : {}),
    })) as {
      ok: boolean;
      data: { self: { id: string }; peers: { id: string; name: string }[]; mode?: 'mesh' | 'forwarded' };
    };
    if (!result.ok) throw new Error(`${this.name}: join refused: ${JSON.stringify(result)}`);
    this.id = result.data.self.id;
    for (const peer of result.data.peers) this.peers.set(peer.id, peer.name);
    this.mode = result.data.mode ?? 'mesh';
    this.joinedAt = performance.now();
  }

  /** The peer id of the member called `name`, or null. */
  peerNamed(name: string): string | null {
    return [...this.peers.entries()].find(([, peerName]) => peerName === name)?.[0] ?? null;
  }

  /** The video track of `owner`'s shared screen, once the unit sends it and the owner announced it. */
  screenOf(owner: string): TrackCount | null {
    const streamId = this.mediaStates.get(owner)?.screenStreamId;
    const tracks = [...this.tracks.values()].filter((t) => t.owner === owner && t.kind === 'video');
    return tracks.find((t) => t.streamId === streamId) ?? (streamId ? null : (tracks[0] ?? null));
  }

  /**
   * Resolves when `check` holds, re-checked on every keyframe and state change (and at least every
   * 200 ms for plain counts); rejects with `what` and this viewer's state after `limitMs`.
   */
  until(check: () => boolean, what: string, limitMs = 60_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const poll = setInterval(() => waiter(), 200);
      const limit = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: never happened: ${what} (${this.describe()})`));
      }, limitMs);
      const done = () => {
        clearInterval(poll);
        clearTimeout(limit);
        this.waiters.delete(waiter);
      };
      const waiter = () => {
        if (!check()) return;
        done();
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  describe(): string {
    const tracks = [...this.tracks.values()].map(
      (t) =>
        `${t.mid} ${t.kind} of ${t.owner}: ${t.packets} packets, ${t.frames} frames, ${t.keyframes} keyframes` +
        (t.keyframeSize ? ` ${t.keyframeSize.width}x${t.keyframeSize.height}` : ''),
    );
    const dropped = this.disconnected ? `disconnected (${this.disconnected}), ` : '';
    return `${dropped}mode ${this.mode}, subscribe ${this.connectionState()}; ${tracks.join('; ') || 'no tracks'}`;
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.closeMedia();
  }

  /** Counts of a track the unit's offer names: kept when it is the same track, started otherwise. */
  protected noteOffer(tracks: UnitSignal['tracks']): void {
    for (const track of tracks ?? []) {
      const known = this.tracks.get(track.mid);
      if (known && known.owner === track.owner && known.streamId === track.streamId) continue;
      this.tracks.set(track.mid, {
        ...track,
        packets: 0,
        frames: 0,
        keyframes: 0,
        firstPacketAt: null,
        firstKeyframeAt: null,
        keyframeSize: null,
      });
    }
    const live = new Set((tracks ?? []).map((track) => track.mid));
    for (const mid of this.tracks.keys()) if (!live.has(mid)) this.tracks.delete(mid);
  }

  /** Counts one RTP packet of `mid` (its payload in `mimeType`): a frame per timestamp, keyframes apart. */
  protected count(mid: string, timestamp: number, mimeType: string, payload: Buffer): void {
    const count = this.tracks.get(mid);
    if (!count) return;
    count.packets += 1;
    count.firstPacketAt ??= performance.now();
    if (count.kind !== 'video') return;
    let last = this.last.get(mid);
    if (!last) this.last.set(mid, (last = { frame: null, keyframe: null }));
    if (timestamp !== last.frame) {
      last.frame = timestamp;
      count.frames += 1;
    }
    const start = readFrameStart(mimeType, payload);
    if (start?.keyframe && timestamp !== last.keyframe) {
      last.keyframe = timestamp;
      count.keyframes += 1;
      count.firstKeyframeAt ??= performance.now();
      if (start.size) count.keyframeSize = start.size;
      this.notify();
    }
  }

  protected send(signal: UnitSignal): void {
    this.socket.emit('unit:signal', { pc: signal.pc, data: signal.data }, () => undefined);
  }

  protected notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** A viewer never publishes: the unit's signals for a publish connection do not concern it. */
  protected onPublishSignal(_data: UnitSignalData): Promise<void> {
    return Promise.resolve();
  }

  private async onUnitSignal({ pc, data, tracks }: UnitSignal): Promise<void> {
    if (pc !== 'subscribe') return this.onPublishSignal(data);
    if (data.kind === 'description' && data.description.type === 'offer') this.noteOffer(tracks);
    await this.onSubscribeSignal(data);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      process.stderr.write(`${this.name}: ${String(error)}\n`);
    });
  }
}
