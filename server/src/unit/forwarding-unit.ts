/**
 * The signaling server's view of a forwarding unit (SFU): a room's members connect their media to it
 * instead of to each other. The implementation runs the media engine in its own worker so that
 * forwarding never delays signaling; the server only relays `unit:signal` both ways and tells it who
 * is in which forwarded room. Any engine that keeps this contract can replace it (docs/ARCHITECTURE.md,
 * "Forwarding unit").
 */
import type { UnitPc, UnitRequestData, UnitSignal } from '../../../common/signaling/unit';
import type { KeyframeDrop } from './pli-counts';

/** A signal from the unit to one member, as `unit:signal` carries it. */
export interface UnitOutgoing {
  room: string;
  peerId: string;
  signal: UnitSignal;
}

/** What the forwarding unit measured, for `/metrics` and the bench. */
export interface UnitStats {
  rooms: number;
  publishers: number;
  subscribers: number;
  /** RTP packets forwarded to subscribers since start, retransmissions excluded. */
  packetsForwarded: number;
  /**
   * Keyframe requests passed on to senders after throttling, counted as PLIs written to their
   * publish connections: what the senders' browsers count as received (`pliCount`).
   */
  keyframeRequests: number;
  /**
   * Keyframe requests the throttle let through that no PLI carried, by why (pli-counts.ts). Absent
   * from units that do not report it.
   */
  keyframeRequestsDropped?: Record<KeyframeDrop, number>;
  /** Keyframe requests (PLI/FIR) subscribers sent the unit, before collapsing and pacing. */
  keyframeRequestsReceived: number;
  /** Packets resent from the cache in answer to a subscriber's NACK. */
  retransmissions: number;
  /**
   * Packets publishers sent that the unit read too late to forward to anyone (queue-probe.ts): a
   * growing count means the unit's machine cannot keep up with its rooms.
   */
  stalePackets: number;
  /**
   * Every forwarded track, per subscriber: which layer it gets (`l`, `m`, `h`; `''` without
   * simulcast; null before its first keyframe). Absent from units that do not report it.
   */
  subscriptions?: UnitSubscription[];
}

/** What a test or `/metrics` sees of one forwarded track. */
export interface ForwardStats {
  owner: string;
  streamId: string;
  kind: 'audio' | 'video';
  mid: string | null;
  /** The layer being sent (`''` without simulcast), null before its first keyframe. */
  layer: string | null;
  packets: number;
}

/** One forwarded track of one viewer, across the unit's rooms. */
export interface UnitSubscription extends ForwardStats {
  room: string;
  subscriber: string;
}

/** The unit as the signaling server drives it (`createForwardingUnit` makes the real one). */
export interface ForwardingUnit {
  /**
   * SHA-256 fingerprint of the unit's DTLS certificate (`sha-256 AB:CD:…`, as in SDP), the same for
   * every connection of this unit; its short code is what members compare with the host's screen.
   */
  readonly fingerprint: string;
  /**
   * A member of a forwarded room: the unit expects its publish offer, and offers it a subscribe
   * connection as soon as another member's track is there to receive.
   */
  join(room: string, peerId: string): void;
  /** The member left or was removed: its connections close and its tracks leave every subscriber. */
  leave(room: string, peerId: string): void;
  /** A `unit:signal` from a member, already validated and known to be in `room`. */
  signal(room: string, peerId: string, pc: UnitPc, data: UnitRequestData): void;
  /** Registers the one listener for the unit's signals to members; returns a function removing it. */
  onSignal(listener: (outgoing: UnitOutgoing) => void): () => void;
  stats(): Promise<UnitStats>;
  /** Stops the worker and closes every connection. */
  close(): Promise<void>;
}
