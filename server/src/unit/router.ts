/**
 * One forwarded room in the unit: each member's publish connection (its tracks, received once) and
 * subscribe connection (everyone else's tracks). A track that appears is added to every other
 * member's subscribe connection; one that ends leaves them all.
 */
import type { UnitPc, UnitRequestData, UnitSignal } from '../../../common/signaling/unit';
import type { MediaEngine, PublishConnection } from './engine';
import type { Clock } from './clock';
import { PublishedTrack } from './published-track';
import { addPlis, noPlis, type KeyframeDrop } from './pli-counts';
import type { ForwardStats } from './forwarding-unit';
import { Subscriber } from './subscriber';

/** What a room needs from the worker: the engine, the sender limit, a way out for signals and warnings. */
export interface RouterOptions {
  engine: MediaEngine;
  /** Members who may send media at once; a further sender's m-lines are refused (port 0). */
  maxSenders: number;
  send(peerId: string, signal: UnitSignal): void;
  warn(message: string, details: Record<string, unknown>): void;
  /** Keyframe pacing and layer choice run on it; tests pass a fake one. */
  clock?: Clock;
}

interface Member {
  publish: PublishConnection;
  subscriber: Subscriber;
  tracks: Map<string, PublishedTrack>;
  /** Publish offers are answered one at a time, in order. */
  queue: Promise<void>;
}

/** A room's figures, summed by the worker into `UnitStats`. */
export interface RouterStats {
  publishers: number;
  subscribers: number;
  packetsForwarded: number;
  keyframeRequests: number;
  keyframeRequestsDropped: Record<KeyframeDrop, number>;
  keyframeRequestsReceived: number;
  retransmissions: number;
  stalePackets: number;
  subscriptions: (ForwardStats & { subscriber: string })[];
}

/** One per forwarded room, made on the first join and dropped when the room empties. */
export class Router {
  private readonly members = new Map<string, Member>();
  /** Keyframe requests of tracks that ended, so the totals never go back. */
  private readonly keyframeRequestsPast = noPlis();
  /** Stale packets of tracks that ended, likewise. */
  private stalePacketsPast = 0;
  /** Keyframe requests from members who left, likewise. */
  private keyframeRequestsReceivedPast = 0;

  constructor(private readonly options: RouterOptions) {}

  get size(): number {
    return this.members.size;
  }

  join(peerId: string): void {
    if (this.members.has(peerId)) return;
    const { engine, send, warn } = this.options;
    const subscriber = new Subscriber(peerId, engine.createSubscribe(), this.options.clock, {
      offer: (sdp, tracks) =>
        send(peerId, {
          pc: 'subscribe',
          data: { kind: 'description', description: { type: 'offer', sdp } },
          tracks,
        }),
      error: (error) => warn('subscribe offer failed', { peerId, error: String(error) }),
    });
    const member: Member = {
      publish: engine.createPublish(peerId),
      subscriber,
      tracks: new Map(),
      queue: Promise.resolve(),
    };
    this.members.set(peerId, member);
    member.publish.onTrack((incoming) => {
      const track = new PublishedTrack(peerId, incoming, this.options.clock);
      member.tracks.set(track.mid, track);
      for (const [other, { subscriber: viewer }] of this.members) if (other !== peerId) viewer.add(track);
    });
    member.publish.onTrackEnded((mid) => this.endTrack(member, mid));
    // The publisher's ICE restarted: its viewers lost what it sent meanwhile and need a keyframe.
    member.publish.onReconnected(() => {
      const tracks = new Set(member.tracks.values());
      for (const [other, { subscriber: viewer }] of this.members) if (other !== peerId) viewer.resume(tracks);
    });
    for (const [other, { tracks }] of this.members) {
      if (other === peerId) continue;
      for (const track of tracks.values()) subscriber.add(track);
    }
  }

  leave(peerId: string): void {
    const member = this.members.get(peerId);
    if (!member) return;
    this.members.delete(peerId);
    for (const mid of [...member.tracks.keys()]) this.endTrack(member, mid);
    this.keyframeRequestsReceivedPast += member.subscriber.keyframeRequests;
    member.subscriber.close();
    void member.publish.close();
  }

  signal(peerId: string, pc: UnitPc, data: UnitRequestData): void {
    const member = this.members.get(peerId);
    if (!member) return;
    const { warn } = this.options;
    if (data.kind === 'restart') {
      // Only on subscribe (the schema says so): on publish the member restarts by offering.
      if (pc === 'subscribe') member.subscriber.restartIce();
      return;
    }
    if (data.kind === 'candidate') {
      const connection = pc === 'publish' ? member.publish : member.subscriber.connection;
      connection.addCandidate(data.candidate).catch((error: unknown) => {
        warn('candidate refused', { peerId, pc, error: String(error) });
      });
      return;
    }
    const { description } = data;
    if (pc === 'publish' && description.type === 'offer') {
      member.queue = member.queue.then(() => this.answerPublish(peerId, member, description.sdp));
    } else if (pc === 'subscribe' && description.type === 'answer') {
      member.subscriber.answer(description.sdp).catch((error: unknown) => {
        warn('subscribe answer refused', { peerId, error: String(error) });
      });
    } else {
      warn('unexpected description', { peerId, pc, type: description.type });
    }
  }

  stats(): RouterStats {
    const plis = noPlis();
    addPlis(plis, this.keyframeRequestsPast);
    let stalePackets = this.stalePacketsPast;
    for (const member of this.members.values()) {
      for (const track of member.tracks.values()) {
        addPlis(plis, track.keyframeRequests);
        stalePackets += track.stalePackets;
      }
    }
    const stats: RouterStats = {
      publishers: 0,
      subscribers: this.members.size,
      packetsForwarded: 0,
      keyframeRequests: plis.sent,
      keyframeRequestsDropped: plis.dropped,
      keyframeRequestsReceived: this.keyframeRequestsReceivedPast,
      retransmissions: 0,
      stalePackets,
      subscriptions: [],
    };
    for (const [peerId, member] of this.members) {
      if (member.tracks.size > 0) stats.publishers += 1;
      stats.packetsForwarded += member.subscriber.packetsForwarded;
      stats.retransmissions += member.subscriber.retransmissions;
      stats.keyframeRequestsReceived += member.subscriber.keyframeRequests;
      for (const forward of member.subscriber.stats()) {
        stats.subscriptions.push({ ...forward, subscriber: peerId });
      }
    }
    return stats;
  }

  close(): void {
    for (const peerId of [...this.members.keys()]) this.leave(peerId);
  }

  private async answerPublish(peerId: string, member: Member, sdp: string): Promise<void> {
    try {
      const answer = await member.publish.answer(sdp, (media) => this.maySend(peerId, media.known));
      if (!this.members.has(peerId)) return;
      this.options.send(peerId, {
        pc: 'publish',
        data: { kind: 'description', description: { type: 'answer', sdp: answer } },
      });
    } catch (error) {
      this.options.warn('publish offer refused', { peerId, error: String(error) });
    }
  }

  /** A member already sending keeps sending; a new sender needs a free place among `maxSenders`. */
  private maySend(peerId: string, known: boolean): boolean {
    if (known || (this.members.get(peerId)?.tracks.size ?? 0) > 0) return true;
    let senders = 0;
    for (const member of this.members.values()) if (member.tracks.size > 0) senders += 1;
    return senders < this.options.maxSenders;
  }

  private endTrack(member: Member, mid: string): void {
    const track = member.tracks.get(mid);
    if (!track) return;
    member.tracks.delete(mid);
    addPlis(this.keyframeRequestsPast, track.keyframeRequests);
    this.stalePacketsPast += track.stalePackets;
    for (const { subscriber } of this.members.values()) subscriber.remove(track);
    track.close();
  }
}
