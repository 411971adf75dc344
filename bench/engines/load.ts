/**
 * The benchmark's own peers, identical whichever engine forwards: a publisher sending the synthetic
 * VP8 stream on each of its links, and light receivers that count and time every packet. Both use
 * node-datachannel, the cheaper stack (its SRTP and sockets are native), and share one process and
 * one clock, so a packet's delay is its arrival minus the send time it carries.
 */
import { performance } from 'node:perf_hooks';
import type { PeerConnection, Track } from 'node-datachannel';
import { addSendTrack, createPeer, gatheredDescription, receiveWithReports, trackOpen } from './ndc';
import { buildPacket, frameSizes, isRtcp, packetLengths, readStamp, stamp, STREAM } from './rtp';

/** Packets a receiver can account for: 30 s of the stream at its keyframe peaks, with room to spare. */
const SLOTS = 1 << 15;

/** One of the publisher's connections: to the forwarder, or straight to a receiver. */
interface PublisherLink {
  pc: PeerConnection;
  track: Track;
}

/** Sends the stream on every link, each packet stamped with its send time right before it leaves. */
export class Publisher {
  private readonly links: PublisherLink[] = [];
  private readonly ssrc = 0x4e43_0001;
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;
  private sequence = 0;
  /** Index the next packet gets: the window of a measurement is a range of these. */
  nextIndex = 0;

  /** Opens a link: returns its offer; `accept` takes the answer. */
  async offer(name: string): Promise<{ sdp: string; accept: (answer: string) => Promise<void> }> {
    const pc = createPeer(name);
    const track = addSendTrack(pc, this.ssrc);
    pc.setLocalDescription();
    const sdp = await gatheredDescription(pc);
    return {
      sdp,
      accept: async (answer: string) => {
        try {
          pc.setRemoteDescription(answer, 'answer');
          await trackOpen(track);
          this.links.push({ pc, track });
        } catch (error) {
          pc.close();
          throw error;
        }
      },
    };
  }

  /** Starts sending a frame every 1/fps s, paced against the clock rather than timer ticks. */
  start(): void {
    const sizes = frameSizes();
    const interval = 1000 / STREAM.fps;
    const startedAt = performance.now();
    const tick = () => {
      const position = this.frame % sizes.length;
      this.sendFrame(sizes[position]!, position === 0);
      this.frame += 1;
      const due = startedAt + this.frame * interval;
      this.timer = setTimeout(tick, Math.max(0, due - performance.now()));
    };
    tick();
  }

  private sendFrame(bytes: number, keyframe: boolean): void {
    const lengths = packetLengths(bytes);
    const timestamp = (this.frame * 90_000) / STREAM.fps;
    lengths.forEach((payloadLength, i) => {
      const packet = buildPacket({
        ssrc: this.ssrc,
        sequenceNumber: this.sequence++,
        timestamp,
        marker: i === lengths.length - 1,
        start: i === 0,
        keyframe,
        index: this.nextIndex++,
        payloadLength,
      });
      for (const link of this.links) {
        stamp(packet, performance.now());
        link.track.sendMessageBinary(packet);
      }
    });
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  close(): void {
    this.stop();
    for (const link of this.links) link.pc.close();
    this.links.length = 0;
  }
}

/** Packets of a window a receiver got, and their one-way delays (ms). */
export interface Tally {
  received: number;
  expected: number;
  delays: number[];
}

/** A light viewer: answers an offer, then notes each packet's delay by its index. No decoding. */
export class Receiver {
  private readonly pc: PeerConnection;
  /** Delay (ms) of packet `index`, NaN until it arrives; a retransmitted copy does not count twice. */
  private readonly delays = new Float64Array(SLOTS).fill(Number.NaN);
  /** Settles once the offered track is open: libdatachannel reports the track on its own thread, at
   * a moment of its choosing relative to the end of ICE gathering, so this is set up before the offer. */
  private readonly opened: Promise<void>;

  constructor(name: string) {
    this.pc = createPeer(name);
    this.opened = new Promise<Track>((resolve) => this.pc.onTrack(resolve)).then((track) => {
      receiveWithReports(track);
      track.onMessage((message) => this.onPacket(message));
      return trackOpen(track);
    });
  }

  /** Takes an offer (from the forwarder or the publisher) and returns the answer with its candidates. */
  async answer(offer: string): Promise<string> {
    this.pc.setRemoteDescription(offer, 'offer');
    return gatheredDescription(this.pc);
  }

  /** Resolves once media can flow (DTLS-SRTP up on the received track). */
  open(): Promise<void> {
    return this.opened;
  }

  private onPacket(message: Buffer): void {
    const arrivedAt = performance.now();
    if (isRtcp(message)) return;
    const found = readStamp(message);
    if (!found || found.index >= SLOTS || !Number.isNaN(this.delays[found.index])) return;
    this.delays[found.index] = arrivedAt - found.sentAt;
  }

  /** What arrived of the packets numbered [from, to). */
  tally(from: number, to: number): Tally {
    const delays: number[] = [];
    for (let i = from; i < Math.min(to, SLOTS); i += 1) {
      const delay = this.delays[i]!;
      if (!Number.isNaN(delay)) delays.push(delay);
    }
    return { received: delays.length, expected: to - from, delays };
  }

  close(): void {
    this.pc.close();
  }
}
