/**
 * Socket.IO event maps. Requests are `domain:verb` imperatives answered by an ack carrying a Result;
 * notifications are past tense. See docs/PROTOCOL.md.
 */
import type { Result, ResultError } from '../result';
import type {
  CallDeclined,
  CallEnded,
  CallInvite,
  CallInvited,
  CallJoined,
  CallDecline,
  CallRef,
  CallRinging,
} from './call';
import type { ServerShutdown, SessionFeatures, SessionWelcome } from './handshake';
import type { DirectoryEntry, PresenceLeft, PresenceRegister } from './presence';
import type {
  JoinedRoom,
  PeerInfo,
  PeerLeft,
  RoomJoinRequest,
  RoomAskUnmute,
  RoomLock,
  RoomPinFailures,
  RoomRemove,
  RoomRemoved,
  RoomState,
  UnmuteAsked,
} from './room';
import type { IceServers, RelayedSignal, SignalRefused, SignalRequest } from './signal';
import type { RoomModeChanged, UnitSignal, UnitSignalRequest } from './unit';

export type Ack<T> = (result: Result<T>) => void;

/** Events a client emits, typed for the client. The server receives them as `Untrusted`. */
export interface ClientToServerEvents {
  'room:join': (request: RoomJoinRequest, ack: Ack<JoinedRoom>) => void;
  'room:leave': (ack: Ack<null>) => void;
  'room:lock': (request: RoomLock, ack: Ack<null>) => void;
  'room:remove': (request: RoomRemove, ack: Ack<null>) => void;
  'room:ask-unmute': (request: RoomAskUnmute, ack: Ack<null>) => void;
  /** With an ack, or (when `session:features` says so) without: see `signal:refused`. */
  signal: (request: SignalRequest, ack: Ack<null>) => void;
  'presence:register': (request: PresenceRegister, ack: Ack<DirectoryEntry>) => void;
  'directory:list': (ack: Ack<DirectoryEntry[]>) => void;
  'call:invite': (request: CallInvite, ack: Ack<CallInvited>) => void;
  'call:accept': (request: CallRef, ack: Ack<CallJoined>) => void;
  'call:decline': (request: CallDecline, ack: Ack<null>) => void;
  'call:cancel': (request: CallRef, ack: Ack<null>) => void;
  'config:ice-servers': (ack: Ack<IceServers>) => void;
  /** Forwarding mode: a description or candidate for the member's `publish` or `subscribe` connection. */
  'unit:signal': (request: UnitSignalRequest, ack: Ack<null>) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'peer:joined': (peer: PeerInfo) => void;
  'peer:left': (peer: PeerLeft) => void;
  signal: (signal: RelayedSignal) => void;
  'room:removed': (removed: RoomRemoved) => void;
  /** To every member: the room's host or lock changed. */
  'room:updated': (state: RoomState) => void;
  /** To every member: the room now carries media through the forwarding unit. */
  'room:mode': (changed: RoomModeChanged) => void;
  /** From the room's forwarding unit to this member. */
  'unit:signal': (signal: UnitSignal) => void;
  /** To one member: the host asks them to unmute. */
  'room:unmute-asked': (asked: UnmuteAsked) => void;
  /** To a room's creator only: a wrong PIN was given for the room (PIN attempts are slowed). */
  'room:pin-failures': (failures: RoomPinFailures) => void;
  'presence:updated': (entry: DirectoryEntry) => void;
  'presence:left': (left: PresenceLeft) => void;
  /** This device registered again from another connection; this one is about to be closed. */
  'presence:replaced': (left: PresenceLeft) => void;
  /** The handshake's `presence` was refused (its device id is held by another connection, or keyed). */
  'presence:refused': (error: ResultError) => void;
  'call:ringing': (ringing: CallRinging) => void;
  'call:declined': (declined: CallDeclined) => void;
  'call:ended': (ended: CallEnded) => void;
  'server:shutdown': (notice: ServerShutdown) => void;
  /** First event of every connection: optional protocol features this server offers. */
  'session:features': (features: SessionFeatures) => void;
  /** A `signal` sent without an ack was refused; a relayed one is never confirmed. */
  'signal:refused': (refused: SignalRefused) => void;
  /** Only when connection state recovery is on: first event of every new session. */
  'session:welcome': (welcome: SessionWelcome) => void;
}

/** The server's view of client events: every argument is unknown until a schema accepts it. */
export type Untrusted<Events> = { [K in keyof Events]: (...args: unknown[]) => void };
