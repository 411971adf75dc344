/**
 * What a media engine must give the forwarding unit. The forwarding logic (router, rewriter, layer
 * choice, keyframe throttle) speaks only these types, so another engine (node-datachannel, or a
 * larger SFU's transport) can replace werift by implementing them; docs/ARCHITECTURE.md,
 * "Forwarding unit", lists what each side does.
 */
import type { PliCounts } from './pli-counts';

/** One RTP header extension element, with the id negotiated on the connection it travels on. */
export interface RtpExtension {
  id: number;
  payload: Buffer;
}

/** The RTP fields the unit reads or rewrites; payload bytes are never decoded beyond keyframe flags. */
export interface RtpHeaderFields {
  ssrc: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payloadType: number;
  extensions: RtpExtension[];
}

/** A packet as the forwarding logic handles it: header fields and the untouched payload. */
export interface RtpPacketView {
  header: RtpHeaderFields;
  payload: Buffer;
}

/** A codec as negotiated on a publish m-line; the subscribe side offers exactly this one. */
export interface EngineCodec {
  mimeType: string;
  clockRate: number;
  channels?: number;
  /** The fmtp line's parameters (`profile-id=0`, `packetization-mode=1;…`), if any. */
  parameters?: string;
}

/** One RTP stream arriving on a publish m-line: a simulcast layer (by rid) or the only stream. */
export interface IncomingLayer {
  /** `l`, `m`, `h` for simulcast, undefined without it. */
  readonly rid: string | undefined;
  onPacket(listener: (packet: RtpPacketView) => void): void;
  /** Sends a PLI to the publisher for this stream (the caller throttles); `plis` says if it went. */
  requestKeyframe(): void;
  /** The PLIs this stream's requests became, and those that could not be sent. */
  readonly plis: PliCounts;
}

/** A track a member publishes: one m-line of its publish connection. */
export interface IncomingTrack {
  readonly mid: string;
  readonly kind: 'audio' | 'video';
  /** The stream id of the publisher's `a=msid` line: how viewers match the member's `media` state. */
  readonly streamId: string;
  readonly codec: EngineCodec;
  /** Header extension ids by URI, as negotiated on this m-line. */
  readonly extensions: ReadonlyMap<string, number>;
  /** The rids the publisher offered, lowest first (empty without simulcast). */
  readonly rids: readonly string[];
  /**
   * Whether what the track's connection reads now waited too long in the unit's own receive queue to
   * be worth forwarding (the unit fell behind; queue-probe.ts). A sender's or network's delay does
   * not count.
   */
  behind(): boolean;
  /** Fires once per RTP stream when its first packet arrives. */
  onLayer(listener: (layer: IncomingLayer) => void): void;
}

/** What a member's publish offer asks for, m-line by m-line, before the unit answers. */
export interface OfferedMedia {
  mid: string;
  kind: 'audio' | 'video';
  /** True when the m-line already carried media before this offer (a renegotiation keeps it). */
  known: boolean;
  sending: boolean;
}

/** Congestion feedback from a subscriber on one outgoing track. */
export interface ReceiverFeedback {
  /** REMB, in bits per second, for the whole subscribe connection, when this report carried one. */
  estimatedBitrate?: number;
  /** Fraction of packets lost (0 to 1) since the last receiver report, when it carried one. */
  fractionLost?: number;
}

/** One track the unit sends on a subscribe connection. */
export interface OutgoingTrack {
  /** Set once the offer carrying it is created. */
  readonly mid: string | null;
  /** Header extension ids by URI, as negotiated on this m-line (empty before the answer). */
  readonly extensions: ReadonlyMap<string, number>;
  send(packet: RtpPacketView): void;
  onKeyframeRequest(listener: () => void): void;
  /** Fires once, when the m-line is negotiated and the connection can carry its packets. */
  onReady(listener: () => void): void;
  onFeedback(listener: (feedback: ReceiverFeedback) => void): void;
  /** Packets resent from the engine's cache in answer to NACKs, since the start. */
  readonly retransmissions: number;
}

/** Description and candidate plumbing shared by both connections. */
export interface EngineConnection {
  addCandidate(candidate: EngineCandidate | null): Promise<void>;
  onFailed(listener: () => void): void;
  /**
   * ICE has a path again after a restart: what was sent while it had none is lost, so video needs a
   * keyframe to show again at once.
   */
  onReconnected(listener: () => void): void;
  close(): Promise<void>;
}

/** An ICE candidate as `unit:signal` carries it. */
export interface EngineCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/** A member's publish connection: the member offers, the unit answers receive-only. */
export interface PublishConnection extends EngineConnection {
  /**
   * Applies the member's offer and returns the answer (candidates included). `accept` decides for each
   * new sending m-line; a refused one is answered with port 0.
   */
  answer(sdp: string, accept: (media: OfferedMedia) => boolean): Promise<string>;
  onTrack(listener: (track: IncomingTrack) => void): void;
  /** The member stopped sending on an m-line (removed track or closed connection). */
  onTrackEnded(listener: (mid: string) => void): void;
}

/** A member's subscribe connection: the unit offers send-only m-lines, the member answers. */
export interface SubscribeConnection extends EngineConnection {
  addTrack(kind: 'audio' | 'video', codec: EngineCodec): OutgoingTrack;
  /** The m-line goes inactive at the next offer; the engine may reuse it later. */
  removeTrack(track: OutgoingTrack): void;
  /**
   * Creates and applies the next offer (candidates included); with `iceRestart`, new ICE credentials,
   * as the member's ICE broke (it asked, or the connection failed).
   */
  offer(options?: { iceRestart?: boolean }): Promise<string>;
  acceptAnswer(sdp: string): Promise<void>;
}

/** The engine as the unit's worker holds it: one per worker, connections made per member. */
export interface MediaEngine {
  /** `sha-256 AB:CD:…` of the one DTLS certificate every connection presents. */
  readonly fingerprint: string;
  /** `peerId` names the member in the engine's debug log only. */
  createPublish(peerId: string): PublishConnection;
  createSubscribe(): SubscribeConnection;
}
