/**
 * The renderer's only door to the signaling server. Every event the server sends is validated before
 * it reaches the engine, and every request resolves to a Result, including "the server did not answer".
 */
import { z } from 'zod';
import { io, type Socket } from 'socket.io-client';
import { ACK_TIMEOUT_MS } from '../../../common/limits';
import { err, type Result, resultErrorSchema, resultSchema } from '../../../common/result';
import {
  callDeclinedSchema,
  callEndedSchema,
  callInvitedSchema,
  callJoinedSchema,
  callRingingSchema,
  type CallInvited,
  type CallJoined,
} from '../../../common/signaling/call';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/signaling/events';
import { handshakeRefusalSchema, sessionFeaturesSchema } from '../../../common/signaling/handshake';
import {
  directoryEntrySchema,
  presenceLeftSchema,
  type DirectoryEntry,
  type PresenceRegister,
} from '../../../common/signaling/presence';
import {
  peerInfoSchema,
  peerLeftSchema,
  joinedRoomSchema,
  type JoinedRoom,
  roomPinFailuresSchema,
  roomRemovedSchema,
  roomStateSchema,
  unmuteAskedSchema,
  type RoomJoinRequest,
} from '../../../common/signaling/room';
import {
  relayedSignalSchema,
  type SignalData,
  signalRefusedSchema,
  iceServersSchema,
  type IceServers,
} from '../../../common/signaling/signal';
import {
  roomModeChangedSchema,
  unitSignalSchema,
  type UnitPc,
  type UnitRequestData,
} from '../../../common/signaling/unit';
import { createLogger } from '../log';
import { Emitter } from '../rtc/emitter';
import {
  type ConnectionStatus,
  SERVER_NOTIFICATIONS,
  type ServerNotification,
  type ServerNotifications,
  type SignalingEvents,
} from './signaling-events';

export type { ConnectionStatus, SignalingEvents } from './signaling-events';

const log = createLogger('client:signaling');

/** What the client presents at every (re)connection: who this device is, and the workspace code. */
export interface HandshakeIdentity {
  presence?: PresenceRegister;
  accessCode?: string;
  /** Our name, for a desktop host's lobby ("<name> wants to join"). */
  guestName?: string;
}

export interface SignalingClient {
  readonly status: ConnectionStatus;
  /** Our peer id on the server (the socket id), while connected. */
  readonly peerId: string | null;
  /**
   * This connection's registration challenge (`session:features`): undefined until the features
   * arrived, null from a server older than device keys, which asks for no proof.
   */
  readonly challenge: string | null | undefined;
  on<K extends keyof SignalingEvents>(event: K, listener: (payload: SignalingEvents[K]) => void): () => void;
  join(request: RoomJoinRequest): Promise<Result<JoinedRoom>>;
  leave(): Promise<Result<null>>;
  /** The host's controls (`room:lock`, `room:remove`, `room:ask-unmute`); NOT_ALLOWED for anyone else. */
  lockRoom(locked: boolean): Promise<Result<null>>;
  removePeer(peerId: string): Promise<Result<null>>;
  askUnmute(peerId: string): Promise<Result<null>>;
  signal(to: string, data: SignalData): void;
  /** A description or candidate for one of our two connections to the room's forwarding unit. */
  unitSignal(pc: UnitPc, data: UnitRequestData): void;
  /**
   * Registers (or renames) this device in the directory: a keyed device with the proof of its key over
   * {@link challenge}; a guest's handshake does it on every reconnect.
   */
  register(presence: PresenceRegister): Promise<Result<DirectoryEntry>>;
  directory(): Promise<Result<DirectoryEntry[]>>;
  invite(to: string[], callId?: string): Promise<Result<CallInvited>>;
  accept(callId: string): Promise<Result<CallJoined>>;
  decline(callId: string, busy?: boolean): Promise<Result<null>>;
  cancel(callId: string): Promise<Result<null>>;
  iceServers(): Promise<Result<IceServers>>;
  /** Connects again after a refusal (e.g. with a new access code from `identity()`). */
  retry(): void;
  close(): void;
}

const nullResult = resultSchema(z.null());

/** The schema each forwarded notification must pass, typed to the payload its event map declares. */
const NOTIFICATION_SCHEMAS: { [K in ServerNotification]: z.ZodType<ServerNotifications[K]> } = {
  'peer:joined': peerInfoSchema,
  'peer:left': peerLeftSchema,
  signal: relayedSignalSchema,
  'room:removed': roomRemovedSchema,
  'room:pin-failures': roomPinFailuresSchema,
  'room:updated': roomStateSchema,
  'room:unmute-asked': unmuteAskedSchema,
  'room:mode': roomModeChangedSchema,
  'unit:signal': unitSignalSchema,
  'presence:updated': directoryEntrySchema,
  'presence:left': presenceLeftSchema,
  'presence:replaced': presenceLeftSchema,
  'presence:refused': resultErrorSchema,
  'call:ringing': callRingingSchema,
  'call:declined': callDeclinedSchema,
  'call:ended': callEndedSchema,
};

/** Requests go through one generic path; their payloads are typed by the public methods above it. */
interface UntypedEmitter {
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
}

class SocketSignalingClient extends Emitter<SignalingEvents> implements SignalingClient {
  status: ConnectionStatus = 'connecting';
  challenge: string | null | undefined = undefined;
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private everConnected = false;
  /** Set by the server's `session:features`; an older server never sends it, so acks stay on. */
  private signalWithoutAck = false;
  /**
   * A desktop host's lobby ticket: the handshake that carries it waits for the host's answer, and once
   * let in, it lets our reconnects in without asking the host again.
   */
  private knock: string | undefined;

  constructor(url: string, identity: () => HandshakeIdentity) {
    super();
    this.socket = io(url, {
      transports: ['websocket'],
      reconnectionDelayMax: 3_000,
      // Called on every (re)connection, so a reconnect registers the device again by itself.
      auth: (send) => send({ ...identity(), ...(this.knock ? { knock: this.knock } : {}) }),
    });
    this.socket.on('connect', () => {
      this.setStatus('connected');
      // A recovered session (server-side connection state recovery) kept its id, rooms and calls.
      if (this.everConnected && !this.socket.recovered) this.emit('connection:reconnected', undefined);
      this.everConnected = true;
    });
    this.socket.on('disconnect', (reason) => {
      // Said by the client on purpose ('io client disconnect') or not: the reason tells a server that
      // stopped answering from one that closed the connection, in a bug report's log.
      if (reason !== 'io client disconnect') log.warn(`signaling connection lost: ${reason}`);
      this.signalWithoutAck = false;
      this.challenge = undefined;
      this.setStatus('disconnected');
    });
    this.socket.on('connect_error', (error: Error & { data?: unknown }) => {
      const refusal = handshakeRefusalSchema.safeParse(error.data);
      if (refusal.success && refusal.data.code === 'WAITING_FOR_HOST' && refusal.data.knock) {
        // The host was asked: connect again at once with the ticket; that handshake waits for them.
        this.knock = refusal.data.knock;
        this.emit('connection:refused', { code: refusal.data.code, message: refusal.data.message });
        this.setStatus('connecting');
        this.socket.connect();
        return;
      }
      if (refusal.success) {
        if (refusal.data.code === 'NOT_LET_IN') this.knock = undefined;
        // Refused by the server's admission: it will not retry by itself, the user must act.
        log.warn(`the server refused the connection: ${refusal.data.code}`);
        this.emit('connection:refused', refusal.data);
      } else {
        log.warn('cannot reach the signaling server', error.message);
      }
      this.setStatus('disconnected');
    });
    this.socket.on('session:features', (payload: unknown) => {
      const features = sessionFeaturesSchema.safeParse(payload).data;
      this.signalWithoutAck = features?.signalWithoutAck === true;
      this.challenge = features?.challenge ?? null;
      this.emit('connection:challenge', this.challenge);
    });
    this.socket.on('signal:refused', (payload: unknown) => {
      const parsed = signalRefusedSchema.safeParse(payload);
      if (parsed.success) log.warn(`signal to ${parsed.data.to} refused: ${parsed.data.error.message}`);
    });
    for (const event of SERVER_NOTIFICATIONS) {
      this.socket.on(event, (payload: unknown) => this.forward(event, payload));
    }
  }

  get peerId(): string | null {
    return this.socket.id ?? null;
  }

  join(request: RoomJoinRequest): Promise<Result<JoinedRoom>> {
    return this.request(resultSchema(joinedRoomSchema), 'room:join', request);
  }

  leave(): Promise<Result<null>> {
    return this.request(nullResult, 'room:leave');
  }

  lockRoom(locked: boolean): Promise<Result<null>> {
    return this.request(nullResult, 'room:lock', { locked });
  }

  removePeer(peerId: string): Promise<Result<null>> {
    return this.request(nullResult, 'room:remove', { peerId });
  }

  askUnmute(peerId: string): Promise<Result<null>> {
    return this.request(nullResult, 'room:ask-unmute', { peerId });
  }

  register(presence: PresenceRegister): Promise<Result<DirectoryEntry>> {
    return this.request(resultSchema(directoryEntrySchema), 'presence:register', presence);
  }

  directory(): Promise<Result<DirectoryEntry[]>> {
    return this.request(resultSchema(z.array(directoryEntrySchema)), 'directory:list');
  }

  invite(to: string[], callId?: string): Promise<Result<CallInvited>> {
    return this.request(resultSchema(callInvitedSchema), 'call:invite', callId ? { to, callId } : { to });
  }

  accept(callId: string): Promise<Result<CallJoined>> {
    return this.request(resultSchema(callJoinedSchema), 'call:accept', { callId });
  }

  /** `busy`: our status declined it, and the caller is told so (the call is in our missed calls). */
  decline(callId: string, busy = false): Promise<Result<null>> {
    return this.request(nullResult, 'call:decline', busy ? { callId, busy } : { callId });
  }

  cancel(callId: string): Promise<Result<null>> {
    return this.request(nullResult, 'call:cancel', { callId });
  }

  iceServers(): Promise<Result<IceServers>> {
    return this.request(resultSchema(iceServersSchema), 'config:ice-servers');
  }

  signal(to: string, data: SignalData): void {
    if (this.signalWithoutAck) {
      // One frame per relay instead of two; a refusal still arrives, as `signal:refused`.
      (this.socket as Socket).emit('signal', { to, data });
      return;
    }
    this.request(nullResult, 'signal', { to, data })
      .then((result) => {
        if (!result.ok) log.warn(`signal to ${to} refused: ${result.error.message}`);
      })
      .catch(() => log.warn(`signal to ${to} was not acknowledged`));
  }

  unitSignal(pc: UnitPc, data: UnitRequestData): void {
    this.request(nullResult, 'unit:signal', { pc, data })
      .then((result) => {
        if (!result.ok) log.warn(`unit signal (${pc}) refused: ${result.error.message}`);
      })
      .catch(() => log.warn(`unit signal (${pc}) was not acknowledged`));
  }

  retry(): void {
    if (this.socket.connected) return;
    this.setStatus('connecting');
    this.socket.connect();
  }

  close(): void {
    this.socket.disconnect();
    this.setStatus('disconnected');
    this.clearListeners();
  }

  private async request<T>(
    schema: z.ZodType<Result<T>>,
    event: keyof ClientToServerEvents,
    ...args: unknown[]
  ): Promise<Result<T>> {
    if (!this.socket.connected) return err('SERVER_UNREACHABLE');
    try {
      const emitter = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as UntypedEmitter;
      const parsed = schema.safeParse(await emitter.emitWithAck(event, ...args));
      if (parsed.success) return parsed.data;
      log.error(`the server answered ${event} with an unexpected shape`, parsed.error.issues);
      return err(
        'INTERNAL',
        'The server answered in a way this app does not understand. Is it the same version?',
      );
    } catch {
      return err('SERVER_UNREACHABLE');
    }
  }

  /** Passes a notification on under its own name once its schema accepts it. */
  private forward<K extends ServerNotification>(event: K, payload: unknown): void {
    const parsed = NOTIFICATION_SCHEMAS[event].safeParse(payload);
    if (parsed.success) this.emit(event, parsed.data as SignalingEvents[K]);
    else log.warn(`dropped a malformed ${event} event`);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('connection:status', status);
  }
}

/** `identity` is read at every connection attempt: change the name or the code, then `retry()`. */
export function createSignalingClient(
  url: string,
  identity: () => HandshakeIdentity = () => ({}),
): SignalingClient {
  return new SocketSignalingClient(url, identity);
}
