/**
 * A room member that only watches: socket.io-client and werift (no browser), written from
 * docs/PROTOCOL.md's forwarding mode. It joins, answers the forwarding unit's subscribe offers
 * recvonly and counts what arrives on every track without decoding (packets, frames, keyframes and
 * their size), so a test or benchmark can fill a room to 30 with a few megabytes each. It advertises
 * its bandwidth with REMB, as a browser does, so a test can make the unit send it a lower layer.
 * It never publishes and opens no peer-to-peer links (a browser that offers it one gets no answer).
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import {
  ReceiverEstimatedMaxBitrate,
  RTCPeerConnection,
  RtcpPayloadSpecificFeedback,
  useH264,
  useOPUS,
  useVP8,
  useVP9,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import { resumeRestartedIce } from '../../server/src/unit/werift-ice-restart';
import { readFrameStart } from './video-frames';
import './werift-dtls-fix';

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

type UnitSignalData =
  | { kind: 'description'; description: { type: 'offer' | 'answer'; sdp: string } }
  | { kind: 'candidate'; candidate: { candidate: string; sdpMid?: string | null } | null };

interface UnitSignal {
  pc: 'publish' | 'subscribe';
  data: UnitSignalData;
  tracks?: { mid: string; owner: string; streamId: string; kind: 'audio' | 'video' }[];
}

/** Far above any layer: what a viewer with no limit advertises. */
const UNLIMITED_BPS = 50_000_000;
/** How often REMB is repeated, as a browser does, so the unit's estimate never goes stale. */
const REMB_INTERVAL_MS = 250;

export class LightViewer {
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
  private readonly socket: Socket;
  private readonly pc: RTCPeerConnection;
  private readonly transceivers = new Map<string, RTCRtpTransceiver>();
  private readonly waiters = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private readonly heldCandidates: UnitSignal[] = [];
  private bandwidth = UNLIMITED_BPS;
  private readonly remb: NodeJS.Timeout;

  constructor(
    url: string,
    private readonly name: string,
  ) {
    this.pc = new RTCPeerConnection({
      iceServers: [],
      // Tests and benchmarks run in a namespace whose only interface is loopback, which werift skips.
      iceAdditionalHostAddresses: ['127.0.0.1'],
      codecs: { video: [useVP8(), useVP9(), useH264()], audio: [useOPUS()] },
    });
    // werift gathers inside setLocalDescription, before the answer is sent: candidates wait for it.
    this.pc.onicecandidate = ({ candidate }) => {
      const signal: UnitSignal = {
        pc: 'subscribe',
        data: {
          kind: 'candidate',
          candidate: candidate?.candidate
            ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null }
            : null,
        },
      };
      if (this.answeredAt === null) this.heldCandidates.push(signal);
      else this.send(signal);
    };
    this.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.connectedAt === null) this.connectedAt = performance.now();
      this.notify();
    });
    this.pc.ontrack = ({ track, transceiver }) => {
      const mid = transceiver.mid;
      if (!mid) return;
      this.transceivers.set(mid, transceiver);
      let lastTimestamp: number | null = null;
      let lastKeyframe: number | null = null;
      track.onReceiveRtp.subscribe((rtp) => {
        const count = this.tracks.get(mid);
        if (!count) return;
        count.packets += 1;
        count.firstPacketAt ??= performance.now();
        if (count.kind !== 'video') return;
        const timestamp = rtp.header.timestamp;
        if (timestamp !== lastTimestamp) {
          lastTimestamp = timestamp;
          count.frames += 1;
        }
        const start = readFrameStart(this.mimeOf(transceiver, rtp), rtp.payload);
        if (start?.keyframe && timestamp !== lastKeyframe) {
          lastKeyframe = timestamp;
          count.keyframes += 1;
          count.firstKeyframeAt ??= performance.now();
          if (start.size) count.keyframeSize = start.size;
          this.notify();
        }
      });
    };
    this.socket = io(url, { transports: ['websocket'], forceNew: true });
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
    this.remb = setInterval(() => this.sendRemb(), REMB_INTERVAL_MS);
  }

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

  /** Advertises at most `bps` (REMB); null lifts the limit. Takes effect from the next REMB, at once. */
  limitBandwidth(bps: number | null): void {
    this.bandwidth = bps ?? UNLIMITED_BPS;
    this.sendRemb();
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
    return `mode ${this.mode}, subscribe ${this.pc.connectionState}; ${tracks.join('; ') || 'no tracks'}`;
  }

  async close(): Promise<void> {
    clearInterval(this.remb);
    this.socket.close();
    await this.pc.close();
  }

  private async onUnitSignal({ pc, data, tracks }: UnitSignal): Promise<void> {
    // It never publishes: only the unit's subscribe connection concerns it.
    if (pc !== 'subscribe') return;
    if (data.kind === 'candidate') {
      if (data.candidate) await this.pc.addIceCandidate(data.candidate).catch(() => undefined);
      return;
    }
    if (data.description.type !== 'offer') return;
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
    await this.pc.setRemoteDescription(data.description);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    // The unit restarts ICE when the connection fails; werift, unlike a browser, needs help with that.
    resumeRestartedIce(this.pc, () => undefined);
    const answer = this.pc.localDescription!;
    this.send({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'answer', sdp: answer.sdp } },
    });
    this.answeredAt ??= performance.now();
    for (const candidate of this.heldCandidates.splice(0)) this.send(candidate);
    this.notify();
  }

  private mimeOf(transceiver: RTCRtpTransceiver, rtp: RtpPacket): string {
    const codec = transceiver.codecs.find((c) => c.payloadType === rtp.header.payloadType);
    return codec?.mimeType ?? '';
  }

  /** One REMB for every video SSRC received so far, as Chromium sends it (media SSRC 0). */
  private sendRemb(): void {
    const video = [...this.transceivers.entries()].filter(([mid]) => this.tracks.get(mid)?.kind === 'video');
    const received = video.flatMap(([, t]) => Object.keys(t.receiver.trackBySSRC).map(Number));
    // Before the first packet, the SSRCs the offer announces: the unit may wait for an estimate.
    const ssrcs = received.length > 0 ? received : this.offeredSsrcs();
    const transport = video[0]?.[1].receiver.dtlsTransport;
    if (!transport || this.pc.connectionState !== 'connected') return;
    let mantissa = this.bandwidth;
    let exponent = 0;
    while (mantissa > 0x3ffff) {
      mantissa = Math.floor(mantissa / 2);
      exponent += 1;
    }
    const remb = new ReceiverEstimatedMaxBitrate({
      senderSsrc: video[0]![1].receiver.rtcpSsrc,
      mediaSsrc: 0,
      brExp: exponent,
      brMantissa: mantissa,
      ssrcNum: ssrcs.length,
      ssrcFeedbacks: ssrcs,
    });
    void transport.sendRtcp([new RtcpPayloadSpecificFeedback({ feedback: remb })]).catch(() => undefined);
  }

  private offeredSsrcs(): number[] {
    const sdp = this.pc.remoteDescription?.sdp ?? '';
    return [...new Set([...sdp.matchAll(/^a=ssrc:(\d+) /gm)].map((match) => Number(match[1])))];
  }

  private send(signal: UnitSignal): void {
    this.socket.emit('unit:signal', { pc: signal.pc, data: signal.data }, () => undefined);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      process.stderr.write(`${this.name}: ${String(error)}\n`);
    });
  }
}
