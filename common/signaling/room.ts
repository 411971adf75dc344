/** Rooms: joining (with an optional PIN), who is in them, and the owner's lock and remove. */
import { z } from 'zod';
import { issueKey } from '../issues';
import {
  MAX_REJOIN_PASS_LENGTH,
  MAX_ROOM_PIN_LENGTH,
  MIN_REJOIN_PASS_LENGTH,
  MIN_ROOM_PIN_LENGTH,
} from '../limits';
import { displayNameSchema, peerIdSchema, roomNameSchema } from './names';
import { roomModeSchema } from './unit';

export const joinRequestSchema = z.object({
  room: roomNameSchema,
  name: displayNameSchema,
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;

export const roomPinSchema = z
  .string()
  .min(MIN_ROOM_PIN_LENGTH, issueKey('roomPin.tooShort'))
  .max(MAX_ROOM_PIN_LENGTH, issueKey('roomPin.tooLong'));

/**
 * The secret a `room:join` ack gives its member: presented by the member's next socket after a signaling
 * drop, it lets them back into the same room past its lock and PIN, once (docs/PROTOCOL.md).
 */
export const rejoinPassSchema = z
  .string()
  .min(MIN_REJOIN_PASS_LENGTH)
  .max(MAX_REJOIN_PASS_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/);

/** `room:join` with the optional PIN: the first joiner sets it, everyone after must give it. */
export const roomJoinRequestSchema = joinRequestSchema.extend({
  pin: roomPinSchema.optional(),
  /**
   * A presentation room: media goes through the forwarding unit from the start. Only the joiner who
   * creates the room decides; later joiners' flag is ignored.
   */
  present: z.boolean().optional(),
  /** Coming back after a signaling drop: the pass the last join's ack gave (see {@link rejoinPassSchema}). */
  rejoinPass: rejoinPassSchema.optional(),
});
export type RoomJoinRequest = z.input<typeof roomJoinRequestSchema>;

export const peerInfoSchema = z.object({ id: peerIdSchema, name: displayNameSchema });
export type PeerInfo = z.infer<typeof peerInfoSchema>;

export const peerLeftSchema = z.object({ id: peerIdSchema });
export type PeerLeft = z.infer<typeof peerLeftSchema>;

/** What a successful `room:join` answers. Clients validate it like any other incoming payload. */
export const joinedRoomSchema = z.object({
  room: roomNameSchema,
  self: peerInfoSchema,
  /** Peers already in the room when you joined, oldest first. */
  peers: z.array(peerInfoSchema),
  /**
   * Who may lock the room, remove people and ask them to unmute (see {@link roomStateSchema}); null
   * in a call. Defaults for a server that predates it: nobody hosts, nothing is locked.
   */
  host: peerIdSchema.nullable().default(null),
  locked: z.boolean().default(false),
  /** How the room carries media now; `room:mode` tells of a switch. A server that predates it: mesh. */
  mode: roomModeSchema.default('mesh'),
  /** For coming back after a signaling drop; kept in memory only. A server that predates it: none. */
  rejoinPass: rejoinPassSchema.optional(),
});
export type JoinedRoom = z.infer<typeof joinedRoomSchema>;

export const roomLockSchema = z.object({ locked: z.boolean() });
export type RoomLock = z.infer<typeof roomLockSchema>;

/**
 * `room:updated`, to every member when the host or the lock changes. The host is the room's creator,
 * then the oldest member once the creator has left; null in a call, which nobody hosts.
 */
export const roomStateSchema = z.object({ host: peerIdSchema.nullable(), locked: z.boolean() });
export type RoomState = z.infer<typeof roomStateSchema>;

/** `room:ask-unmute`: the host asks one member to turn their microphone on. */
export const roomAskUnmuteSchema = z.object({ peerId: peerIdSchema });
export type RoomAskUnmute = z.infer<typeof roomAskUnmuteSchema>;

/** `room:unmute-asked`: the host (stamped by the server) asks you to unmute; only a click of yours does. */
export const unmuteAskedSchema = z.object({ from: peerIdSchema });
export type UnmuteAsked = z.infer<typeof unmuteAskedSchema>;

export const roomRemoveSchema = z.object({ peerId: peerIdSchema });
export type RoomRemove = z.infer<typeof roomRemoveSchema>;

export const roomRemovedSchema = z.object({ room: z.string() });
export type RoomRemoved = z.infer<typeof roomRemovedSchema>;

/** To a room's creator: someone gave a wrong PIN for it; `count` wrong PINs lately, all joiners. */
export const roomPinFailuresSchema = z.object({ room: z.string(), count: z.number().int().positive() });
export type RoomPinFailures = z.infer<typeof roomPinFailuresSchema>;
