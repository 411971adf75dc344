/**
 * What peers send each other through the server to connect: descriptions, ICE candidates and the
 * media state that labels their streams, plus the ICE servers the server hands out.
 */
import { z } from 'zod';
import { issueKey } from '../issues';
import { MAX_CANDIDATE_LENGTH, MAX_SDP_LENGTH, MAX_STREAM_ID_LENGTH } from '../limits';
import { resultErrorSchema } from '../result';
import { peerIdSchema } from './names';

export const sessionDescriptionSchema = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(MAX_SDP_LENGTH),
});
export type SessionDescription = z.infer<typeof sessionDescriptionSchema>;

export const iceCandidateSchema = z.object({
  candidate: z.string().max(MAX_CANDIDATE_LENGTH),
  sdpMid: z.string().max(32).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});
export type IceCandidate = z.infer<typeof iceCandidateSchema>;

export const streamIdSchema = z.string().min(1).max(MAX_STREAM_ID_LENGTH);

/** What a peer tells the others about its outgoing media, so tiles can label and badge tracks. */
export const mediaStateSchema = z.object({
  micMuted: z.boolean(),
  cameraOff: z.boolean(),
  /** MediaStream id (msid) carrying camera and microphone, null when none is sent. */
  cameraStreamId: streamIdSchema.nullable(),
  /** MediaStream id carrying the shared screen, null when not sharing. */
  screenStreamId: streamIdSchema.nullable(),
  /**
   * The person raised their hand. State of the person like `micMuted`, so it travels with it: every
   * new link (a later joiner, a reconnect) is told at once. Absent from older clients: not raised.
   */
  handRaised: z.boolean().optional(),
});
export type MediaState = z.infer<typeof mediaStateSchema>;

export const signalDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('description'), description: sessionDescriptionSchema }),
  /** A null candidate marks the end of gathering. */
  z.object({ kind: z.literal('candidate'), candidate: iceCandidateSchema.nullable() }),
  z.object({ kind: z.literal('media'), state: mediaStateSchema }),
]);
export type SignalData = z.infer<typeof signalDataSchema>;

export const signalRequestSchema = z.object({
  to: peerIdSchema,
  data: signalDataSchema,
});
export type SignalRequest = z.infer<typeof signalRequestSchema>;

/** What a client receives: the relayed data with the sender id stamped by the server. */
export const relayedSignalSchema = z.object({ from: peerIdSchema, data: signalDataSchema });
export type RelayedSignal = z.infer<typeof relayedSignalSchema>;

/**
 * The refusal of a `signal` sent without an ack: the error it would have been acked with, and the
 * `to` it named (null when the request was too malformed to have one).
 */
export const signalRefusedSchema = z.object({
  to: peerIdSchema.nullable(),
  error: resultErrorSchema,
});
export type SignalRefused = z.infer<typeof signalRefusedSchema>;

/** The subset of RTCIceServer the server hands out; URLs are `stun:`, `turn:` or `turns:`. */
export const iceServerSchema = z.object({
  urls: z.array(z.string().regex(/^(stun|turns?):/, issueKey('iceServer.scheme'))),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const iceServersSchema = z.object({
  iceServers: z.array(iceServerSchema),
  /** Unix time (seconds) after which TURN credentials stop working; null when none were issued. */
  expiresAt: z.number().int().nullable(),
});
export type IceServers = z.infer<typeof iceServersSchema>;
