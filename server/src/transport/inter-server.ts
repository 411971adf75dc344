/**
 * What the processes of one cluster (`--redis`) send each other through the adapter's server-side
 * events: the `InterServerEvents` of the Socket.IO server, so `serverSideEmit` and its listeners are
 * typed. Every message is produced by this same code in another process; nothing a client sent
 * travels here before a schema accepted it.
 */
import type { Result } from '../../../common/result';
import type { ServerToClientEvents } from '../../../common/signaling/events';
import type { PresenceStatus } from '../../../common/signaling/presence';
import type { PeerInfo } from '../../../common/signaling/room';
import type { RejoinPassEntry } from '../state/rejoin-passes';

/** One event for clients with its arguments: checking `event` narrows `args`. */
export type OutgoingEvent<E extends keyof ServerToClientEvents = keyof ServerToClientEvents> = {
  [K in E]: { event: K; args: Parameters<ServerToClientEvents[K]> };
}[E];

/** Pairs an event with its arguments, as `emit` takes them, for a message to another process. */
export function outgoing<E extends keyof ServerToClientEvents>(
  event: E,
  args: Parameters<ServerToClientEvents[E]>,
): OutgoingEvent {
  // TypeScript cannot widen a generic event to the union of events (microsoft/TypeScript#30581);
  // the signature pairs them, as `emit`'s does.
  return { event, args } as OutgoingEvent;
}

/**
 * A room change: membership, lock and rejoin passes. `passDigest`: the digest of the rejoin pass the
 * joiner was given (absent from a process that predates passes); `revoke`: a member's pass opens
 * nothing any more (spent, or its member left on purpose or was removed).
 */
export type RoomOp =
  | {
      op: 'join';
      room: string;
      peer: PeerInfo;
      pinDigest: string | null;
      joinedAt: number;
      passDigest?: string | null;
    }
  | { op: 'leave'; peerId: string }
  | { op: 'lock'; room: string; locked: boolean }
  | { op: 'revoke'; peerId: string };

/** A directory change. */
export type DirectoryOp =
  | {
      op: 'register';
      socketId: string;
      deviceId: string;
      name: string;
      status: PresenceStatus;
      since: number;
    }
  | { op: 'unregister'; socketId: string }
  /** The device registered again elsewhere: tell and close this socket. */
  | { op: 'replace'; socketId: string; deviceId: string };

/** Events for clients of another process. */
export type DeliveryOp =
  /** An event for one socket of another process (relay, ring, peer:joined...). */
  | ({ op: 'deliver'; to: string } & OutgoingEvent)
  /** An event for every socket of every process (presence changes). */
  | ({ op: 'broadcast' } & OutgoingEvent);

/**
 * A change to the shared state, applied locally and, in a cluster, published to every other process
 * so each keeps a full replica. Digests travel as hex: adapters serialise messages.
 */
export type StateOp = RoomOp | DirectoryOp | DeliveryOp;

/** Sends a change to the other processes, on one ordered channel. */
export type Publish = (op: StateOp) => void;

/** A process's replica, sent to a process that just joined the cluster. */
export interface Snapshot {
  rooms: {
    room: string;
    founder: string;
    pinDigest: string | null;
    locked: boolean;
    /** `joinedAt`: when each joined (ms), which orders who hosts next on every process alike. */
    members: (PeerInfo & { joinedAt: number })[];
  }[];
  presence: { socketId: string; deviceId: string; name: string; status: PresenceStatus; since: number }[];
  /** Rejoin passes (state/rejoin-passes.ts); absent from a process that predates them. */
  passes?: RejoinPassEntry[];
}

/** Who sent a call command: enough to act for a socket of another process too. */
export interface CallActor {
  socketId: string;
  deviceId: string | null;
}

/** A call request, run by the process that owns the call. */
export type CallCommand =
  | { kind: 'invite'; actor: CallActor; to: string[]; callId?: string }
  | { kind: 'accept' | 'cancel'; actor: CallActor; callId: string }
  | { kind: 'decline'; actor: CallActor; callId: string; busy?: boolean };

/** Server-side events between the processes of one cluster. */
export interface InterServerEvents {
  /** A change to the shared state, in the order it was made. */
  'nearcast:state': (op: StateOp) => void;
  /** Asks every other process for its replica. */
  'nearcast:snapshot': (ack: (snapshot: Snapshot) => void) => void;
  /** Asks every other process which sockets it holds, away ones included. */
  'nearcast:alive': (ack: (socketIds: string[]) => void) => void;
  /** Asks which of these call rooms' calls run in the process answering. */
  'nearcast:owns': (rooms: string[], ack: (owned: string[]) => void) => void;
  /** A call command for the process that owns the call; the others answer null. */
  'nearcast:call': (command: CallCommand, ack: (result: Result<unknown> | null) => void) => void;
}
