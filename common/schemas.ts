/**
 * Schemas for every payload that crosses a socket or the IPC bridge. Anything received is `unknown`
 * until one of these accepts it; the inferred types are the contract both sides compile against.
 */
import { z } from 'zod';
import {
  MAX_CANDIDATE_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PEER_ID_LENGTH,
  MAX_ROOM_NAME_LENGTH,
  MAX_SDP_LENGTH,
  MAX_STREAM_ID_LENGTH,
} from './limits';

// Control, bidi-override and zero-width characters would let a name spoof layout or impersonate
// someone in other users' lists and logs ("Ada" and "Ada\u200b" must not both exist).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a display name.')
  .max(MAX_DISPLAY_NAME_LENGTH, `A display name has at most ${MAX_DISPLAY_NAME_LENGTH} characters.`)
  .refine((s) => !CONTROL_CHARS.test(s), 'A display name cannot contain control or invisible characters.');

/** Room names end up in shareable links, so they keep to letters, digits, space, dot, dash, underscore. */
export const roomNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a room name.')
  .max(MAX_ROOM_NAME_LENGTH, `A room name has at most ${MAX_ROOM_NAME_LENGTH} characters.`)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u,
    'A room name uses letters, digits, spaces, dots, dashes and underscores.',
  );

export const peerIdSchema = z.string().min(1).max(MAX_PEER_ID_LENGTH);

export const joinRequestSchema = z.object({
  room: roomNameSchema,
  name: displayNameSchema,
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;

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

const streamIdSchema = z.string().min(1).max(MAX_STREAM_ID_LENGTH);

/** What a peer tells the others about its outgoing media, so tiles can label and badge tracks. */
export const mediaStateSchema = z.object({
  micMuted: z.boolean(),
  cameraOff: z.boolean(),
  /** MediaStream id (msid) carrying camera and microphone, null when none is sent. */
  cameraStreamId: streamIdSchema.nullable(),
  /** MediaStream id carrying the shared screen, null when not sharing. */
  screenStreamId: streamIdSchema.nullable(),
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

export const peerInfoSchema = z.object({ id: peerIdSchema, name: displayNameSchema });
export type PeerInfo = z.infer<typeof peerInfoSchema>;

export const peerLeftSchema = z.object({ id: peerIdSchema });
export type PeerLeft = z.infer<typeof peerLeftSchema>;

/** What a client receives: the relayed data with the sender id stamped by the server. */
export const relayedSignalSchema = z.object({ from: peerIdSchema, data: signalDataSchema });
export type RelayedSignal = z.infer<typeof relayedSignalSchema>;

/**
 * Sent once right after every connection: what this server supports beyond v0, so a newer client
 * can use it and still talk to an older server (which never sends this event).
 */
export const sessionFeaturesSchema = z.object({
  /** `signal` may be sent without an ack: success is silent, a refusal arrives as `signal:refused`. */
  signalWithoutAck: z.boolean(),
});
export type SessionFeatures = z.infer<typeof sessionFeaturesSchema>;

/** First message of a zod error, for a human-readable refusal without internals. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
