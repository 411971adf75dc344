/**
 * Schemas for the workspace features layered on rooms: presence (who is connected), direct calls,
 * room administration (PIN, lock, remove) and ICE server configuration. Kept apart from schemas.ts so
 * the v0 room contract the renderer relies on stays small and unchanged.
 */
import { z } from 'zod';
import {
  MAX_ACCESS_CODE_LENGTH,
  MAX_CALL_INVITEES,
  MAX_DEVICE_ID_LENGTH,
  MAX_ROOM_PIN_LENGTH,
  MIN_ROOM_PIN_LENGTH,
} from './limits';
import { displayNameSchema, joinRequestSchema, peerIdSchema, peerInfoSchema } from './schemas';

/** Client-generated and stable across restarts (a UUID fits); ids end up in logs, so no free text. */
export const deviceIdSchema = z
  .string()
  .min(8, 'A device id has at least 8 characters.')
  .max(MAX_DEVICE_ID_LENGTH, `A device id has at most ${MAX_DEVICE_ID_LENGTH} characters.`)
  .regex(/^[A-Za-z0-9_-]+$/, 'A device id uses letters, digits, dashes and underscores.');

/** `in-call` is also set by the server while the device is in a call, whatever the client chose. */
export const presenceStatusSchema = z.enum(['available', 'busy', 'in-call']);
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;

export const presenceRegisterSchema = z.object({
  deviceId: deviceIdSchema,
  name: displayNameSchema,
  status: presenceStatusSchema.default('available'),
});
export type PresenceRegister = z.input<typeof presenceRegisterSchema>;

/** One row of the directory, as every connected client sees it. Socket ids are not exposed. */
export const directoryEntrySchema = z.object({
  deviceId: deviceIdSchema,
  name: displayNameSchema,
  status: presenceStatusSchema,
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const presenceLeftSchema = z.object({ deviceId: deviceIdSchema });
export type PresenceLeft = z.infer<typeof presenceLeftSchema>;

/** What a client may put in `socket.handshake.auth`; unknown fields are ignored. */
export const handshakeAuthSchema = z.object({
  accessCode: z.string().max(MAX_ACCESS_CODE_LENGTH).optional(),
  presence: presenceRegisterSchema.optional(),
});

export const callIdSchema = z.uuid({ error: 'A call id is a UUID.' });

export const callInviteSchema = z.object({
  to: z
    .array(deviceIdSchema)
    .min(1, 'Invite at least one person.')
    .max(MAX_CALL_INVITEES, `Invite at most ${MAX_CALL_INVITEES} people at once.`),
  /** Present to invite more people into a call you are in; absent to start a new call. */
  callId: callIdSchema.optional(),
});
export type CallInvite = z.input<typeof callInviteSchema>;

export const callInvitedSchema = z.object({ callId: callIdSchema, ringing: z.array(deviceIdSchema) });
export type CallInvited = z.infer<typeof callInvitedSchema>;

export const callRefSchema = z.object({ callId: callIdSchema });
export type CallRef = z.infer<typeof callRefSchema>;

export const callRingingSchema = z.object({
  callId: callIdSchema,
  from: z.object({ deviceId: deviceIdSchema, name: displayNameSchema }),
});
export type CallRinging = z.infer<typeof callRingingSchema>;

/** Answer to `call:accept`: the private call room, shaped like a room join so negotiation is the same. */
export const callJoinedSchema = z.object({
  callId: callIdSchema,
  self: peerInfoSchema,
  peers: z.array(peerInfoSchema),
});
export type CallJoined = z.infer<typeof callJoinedSchema>;

export const callDeclinedSchema = z.object({ callId: callIdSchema, deviceId: deviceIdSchema });
export type CallDeclined = z.infer<typeof callDeclinedSchema>;

/**
 * Why a call or a ring ended: `timeout` nobody answered in time, `declined` every callee declined,
 * `cancelled` the caller withdrew, `hung-up` only one participant was left, `unreachable` the caller
 * disconnected while ringing.
 */
export const callEndReasonSchema = z.enum(['timeout', 'declined', 'cancelled', 'hung-up', 'unreachable']);
export type CallEndReason = z.infer<typeof callEndReasonSchema>;

export const callEndedSchema = z.object({ callId: callIdSchema, reason: callEndReasonSchema });
export type CallEnded = z.infer<typeof callEndedSchema>;

export const roomPinSchema = z
  .string()
  .min(MIN_ROOM_PIN_LENGTH, `A room PIN has at least ${MIN_ROOM_PIN_LENGTH} characters.`)
  .max(MAX_ROOM_PIN_LENGTH, `A room PIN has at most ${MAX_ROOM_PIN_LENGTH} characters.`);

/** `room:join` with the optional PIN: the first joiner sets it, everyone after must give it. */
export const roomJoinRequestSchema = joinRequestSchema.extend({ pin: roomPinSchema.optional() });
export type RoomJoinRequest = z.input<typeof roomJoinRequestSchema>;

export const roomLockSchema = z.object({ locked: z.boolean() });
export type RoomLock = z.infer<typeof roomLockSchema>;

export const roomRemoveSchema = z.object({ peerId: peerIdSchema });
export type RoomRemove = z.infer<typeof roomRemoveSchema>;

export const roomRemovedSchema = z.object({ room: z.string() });
export type RoomRemoved = z.infer<typeof roomRemovedSchema>;

/** The subset of RTCIceServer the server hands out; URLs are `stun:`, `turn:` or `turns:`. */
export const iceServerSchema = z.object({
  urls: z.array(z.string().regex(/^(stun|turns?):/, 'An ICE server URL starts with stun:, turn: or turns:.')),
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

export const serverShutdownSchema = z.object({ reason: z.literal('shutdown') });
export type ServerShutdown = z.infer<typeof serverShutdownSchema>;

/** Sent first when connection state recovery is on, so the client holds an offset to resume from. */
export const sessionWelcomeSchema = z.object({
  peerId: z.string(),
  recoveryWindowMs: z.number().int().nonnegative(),
});
export type SessionWelcome = z.infer<typeof sessionWelcomeSchema>;
