/**
 * Socket.IO event maps. Requests are `domain:verb` imperatives answered by an ack carrying a Result;
 * notifications are past tense. See docs/PROTOCOL.md.
 */
import { z } from 'zod';
import { ERROR_CODES, type Result } from './result';
import {
  peerInfoSchema,
  roomNameSchema,
  type JoinRequest,
  type PeerInfo,
  type PeerLeft,
  type RelayedSignal,
  type SignalRequest,
} from './schemas';

/** What a successful `room:join` answers. Clients validate it like any other incoming payload. */
export const joinedRoomSchema = z.object({
  room: roomNameSchema,
  self: peerInfoSchema,
  /** Peers already in the room when you joined, oldest first. */
  peers: z.array(peerInfoSchema),
});
export type JoinedRoom = z.infer<typeof joinedRoomSchema>;

const resultErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string().max(500) });

/** Schema of a Result ack carrying `data`, for clients that validate what the server answers. */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: resultErrorSchema }),
  ]);
}

export type Ack<T> = (result: Result<T>) => void;

/** Events a client emits, typed for the client. The server receives them as `Untrusted`. */
export interface ClientToServerEvents {
  'room:join': (request: JoinRequest, ack: Ack<JoinedRoom>) => void;
  'room:leave': (ack: Ack<null>) => void;
  signal: (request: SignalRequest, ack: Ack<null>) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'peer:joined': (peer: PeerInfo) => void;
  'peer:left': (peer: PeerLeft) => void;
  signal: (signal: RelayedSignal) => void;
}

/** The server's view of client events: every argument is unknown until a schema accepts it. */
export type Untrusted<Events> = { [K in keyof Events]: (...args: unknown[]) => void };
