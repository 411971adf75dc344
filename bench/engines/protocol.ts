/**
 * What the benchmark asks of a forwarder, whichever engine runs it, and the messages that carry those
 * requests between the benchmark and the forwarder's own process (Node's IPC channel, structured data).
 */

/** The engines measured. */
export const ENGINES = ['werift', 'node-datachannel'] as const;
export type EngineName = (typeof ENGINES)[number];

/** Packets the forwarder took in from the publisher and handed to its subscribers' connections. */
export interface ForwarderCounts {
  received: number;
  sent: number;
  /** Keyframe requests from subscribers passed on to the publisher. */
  keyframeRequests: number;
}

/**
 * A minimal forwarding unit: one publisher connection in, N subscriber connections out, every RTP
 * packet re-sent to every subscriber without decoding. SDP is complete (candidates included).
 */
export interface Forwarder {
  /** Answers the publisher's offer. */
  publish(offer: string): Promise<string>;
  /** Opens a subscriber connection and returns its offer. */
  subscribe(id: number): Promise<string>;
  /** Completes a subscriber connection with the viewer's answer. */
  accept(id: number, answer: string): Promise<void>;
  counts(): ForwarderCounts;
}

/** What the benchmark asks its forwarder process. */
export type RequestBody =
  | { op: 'publish'; sdp: string }
  | { op: 'subscribe'; id: number }
  | { op: 'accept'; id: number; sdp: string }
  | { op: 'counts' };

/** A request on the wire: numbered, so its reply finds it. */
export type Request = RequestBody & { seq: number };

/** The forwarder process's reply: to request `seq`, or `ready` once its engine is loaded. */
export type Reply =
  | { seq: number; ok: true; sdp?: string; counts?: ForwarderCounts }
  | { seq: number; ok: false; error: string }
  | { ready: true };
