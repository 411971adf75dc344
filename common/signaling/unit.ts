/**
 * Forwarding mode: media through the room's forwarding unit (SFU) instead of a full mesh. Each member
 * holds two connections to the unit, named by `pc`: `publish` (the member offers, sends its tracks once,
 * simulcast for video) and `subscribe` (the unit offers, and sends everyone else's tracks). Each has a
 * single offerer, so offers never collide. The unit is not a peer of the room: its signals travel as
 * `unit:signal`, never as `signal`. See docs/PROTOCOL.md, "Forwarding mode".
 */
import { z } from 'zod';
import { peerIdSchema } from './names';
import { iceCandidateSchema, sessionDescriptionSchema, streamIdSchema } from './signal';

/** How a room carries media: every pair connected (`mesh`) or everything through the unit (`forwarded`). */
export const roomModeSchema = z.enum(['mesh', 'forwarded']);
export type RoomMode = z.infer<typeof roomModeSchema>;

/** Which of a member's two connections to the unit a signal belongs to. */
export const unitPcSchema = z.enum(['publish', 'subscribe']);
export type UnitPc = z.infer<typeof unitPcSchema>;

/** Descriptions and candidates only: mute and stream roles still travel peer to peer as `media`. */
export const unitSignalDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('description'), description: sessionDescriptionSchema }),
  /** A null candidate marks the end of gathering. */
  z.object({ kind: z.literal('candidate'), candidate: iceCandidateSchema.nullable() }),
]);
export type UnitSignalData = z.infer<typeof unitSignalDataSchema>;

/**
 * What a member may send: a description or candidate, or on `subscribe` only, `restart`: its ICE broke
 * there (new address, another access point) and the unit, the only offerer on that connection, is
 * asked to offer again with new ICE credentials. On `publish` the member restarts by offering itself.
 */
export const unitRequestDataSchema = z.discriminatedUnion('kind', [
  ...unitSignalDataSchema.options,
  z.object({ kind: z.literal('restart') }),
]);
export type UnitRequestData = z.infer<typeof unitRequestDataSchema>;

/** `unit:signal`, client → server: a description or candidate for one of the member's connections. */
export const unitSignalRequestSchema = z
  .object({ pc: unitPcSchema, data: unitRequestDataSchema })
  .refine((request) => request.data.kind !== 'restart' || request.pc === 'subscribe', {
    message: 'only the subscribe connection is restarted on request',
  });
export type UnitSignalRequest = z.infer<typeof unitSignalRequestSchema>;

/**
 * What one m-line of a subscribe offer carries: whose track, in which of their streams (the stream id
 * that member announces in its `media` state), and its kind. The unit assigns the mids.
 */
export const unitTrackSchema = z.object({
  mid: z.string().min(1).max(32),
  owner: peerIdSchema,
  streamId: streamIdSchema,
  kind: z.enum(['audio', 'video']),
});
export type UnitTrack = z.infer<typeof unitTrackSchema>;

/**
 * `unit:signal`, server → client. A subscribe offer comes with `tracks`: the table of every m-line
 * that carries a track at the time of the offer (an m-line absent from it is inactive).
 */
export const unitSignalSchema = z.object({
  pc: unitPcSchema,
  data: unitSignalDataSchema,
  tracks: z.array(unitTrackSchema).max(512).optional(),
});
export type UnitSignal = z.infer<typeof unitSignalSchema>;

/**
 * `room:mode`, to every member when the room switches to the forwarding unit. A room switches once and
 * stays forwarded until it empties (docs/PROTOCOL.md, "Forwarding mode").
 */
export const roomModeChangedSchema = z.object({ mode: roomModeSchema });
export type RoomModeChanged = z.infer<typeof roomModeChangedSchema>;
