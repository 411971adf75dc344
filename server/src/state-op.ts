/**
 * The changes to shared state that processes of one cluster publish to each other (`--redis`).
 */
import type { ServerToClientEvents } from '../../common/signaling/events';
import type { PresenceStatus } from '../../common/signaling/presence';
import type { PeerInfo } from '../../common/signaling/room';

/**
 * A change to the shared state, applied locally and, in a cluster, published to every other process
 * so each keeps a full replica. Digests travel as hex: adapters serialise messages.
 */
export type StateOp =
  | { op: 'join'; room: string; peer: PeerInfo; pinDigest: string | null }
  | { op: 'leave'; peerId: string }
  | { op: 'lock'; room: string; locked: boolean }
  | {
      op: 'register';
      socketId: string;
      deviceId: string;
      name: string;
      status: PresenceStatus;
      since: number;
    }
  | { op: 'unregister'; socketId: string }
  /** An event for one socket of another process (relay, ring, peer:joined...). */
  | { op: 'deliver'; to: string; event: keyof ServerToClientEvents; args: unknown[] }
  /** An event for every socket of every process (presence changes). */
  | { op: 'broadcast'; event: keyof ServerToClientEvents; args: unknown[] }
  /** The device registered again elsewhere: tell and close this socket. */
  | { op: 'replace'; socketId: string; deviceId: string };
