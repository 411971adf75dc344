/**
 * The renderer's only door to the signaling server. Every event the server sends is validated before
 * it reaches the engine, and every request resolves to a Result, including "the server did not answer".
 */
import { io, type Socket } from 'socket.io-client';
import { ACK_TIMEOUT_MS } from '../../../common/limits';
import { err, type Result } from '../../../common/result';
import {
  peerInfoSchema,
  peerLeftSchema,
  relayedSignalSchema,
  sessionFeaturesSchema,
  type JoinRequest,
  type PeerInfo,
  type PeerLeft,
  type RelayedSignal,
  type SignalData,
} from '../../../common/schemas';
import {
  joinedRoomSchema,
  resultSchema,
  signalRefusedSchema,
  type ClientToServerEvents,
  type JoinedRoom,
  type ServerToClientEvents,
} from '../../../common/signaling';
import { z } from 'zod';
import { createLogger } from '../log';
import { Emitter } from '../rtc/emitter';

const log = createLogger('client:signaling');

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface SignalingEvents {
  status: ConnectionStatus;
  /** The connection came back after a drop: room membership on the server is gone and must be rebuilt. */
  reconnected: void;
  'peer-joined': PeerInfo;
  'peer-left': PeerLeft;
  signal: RelayedSignal;
}

export interface SignalingClient {
  readonly status: ConnectionStatus;
  on<K extends keyof SignalingEvents>(event: K, listener: (payload: SignalingEvents[K]) => void): () => void;
  join(request: JoinRequest): Promise<Result<JoinedRoom>>;
  leave(): Promise<Result<null>>;
  signal(to: string, data: SignalData): void;
  close(): void;
}

const joinResult = resultSchema(joinedRoomSchema);
const nullResult = resultSchema(z.null());

class SocketSignalingClient extends Emitter<SignalingEvents> implements SignalingClient {
  status: ConnectionStatus = 'connecting';
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private everConnected = false;
  /** Set by the server's `session:features`; an older server never sends it, so acks stay on. */
  private signalWithoutAck = false;

  constructor(url: string) {
    super();
    this.socket = io(url, { transports: ['websocket'], reconnectionDelayMax: 3_000 });
    this.socket.on('connect', () => {
      this.setStatus('connected');
      if (this.everConnected) this.emit('reconnected', undefined);
      this.everConnected = true;
    });
    this.socket.on('disconnect', () => {
      this.signalWithoutAck = false;
      this.setStatus('disconnected');
    });
    this.socket.on('connect_error', (error) => {
      log.warn('cannot reach the signaling server', error.message);
      this.setStatus('disconnected');
    });
    this.socket.on('peer:joined', (payload: unknown) => this.forward('peer-joined', peerInfoSchema, payload));
    this.socket.on('peer:left', (payload: unknown) => this.forward('peer-left', peerLeftSchema, payload));
    this.socket.on('signal', (payload: unknown) => this.forward('signal', relayedSignalSchema, payload));
    this.socket.on('session:features', (payload: unknown) => {
      this.signalWithoutAck = sessionFeaturesSchema.safeParse(payload).data?.signalWithoutAck === true;
    });
    this.socket.on('signal:refused', (payload: unknown) => {
      const parsed = signalRefusedSchema.safeParse(payload);
      if (parsed.success) log.warn(`signal to ${parsed.data.to} refused: ${parsed.data.error.message}`);
    });
  }

  async join(request: JoinRequest): Promise<Result<JoinedRoom>> {
    return this.request(joinResult, () =>
      this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:join', request),
    );
  }

  async leave(): Promise<Result<null>> {
    return this.request(nullResult, () => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:leave'));
  }

  signal(to: string, data: SignalData): void {
    if (this.signalWithoutAck) {
      // One frame per relay instead of two; a refusal still arrives, as `signal:refused`.
      (this.socket as Socket).emit('signal', { to, data });
      return;
    }
    this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('signal', { to, data })
      .then((result) => {
        if (!result.ok) log.warn(`signal to ${to} refused: ${result.error.message}`);
      })
      .catch(() => log.warn(`signal to ${to} was not acknowledged`));
  }

  close(): void {
    this.socket.disconnect();
    this.setStatus('disconnected');
    this.clearListeners();
  }

  private async request<T>(schema: z.ZodType<Result<T>>, send: () => Promise<unknown>): Promise<Result<T>> {
    if (!this.socket.connected) return err('SERVER_UNREACHABLE');
    try {
      const parsed = schema.safeParse(await send());
      if (parsed.success) return parsed.data;
      log.error('the server answered with an unexpected shape', parsed.error.issues);
      return err(
        'INTERNAL',
        'The server answered in a way this app does not understand. Is it the same version?',
      );
    } catch {
      return err('SERVER_UNREACHABLE');
    }
  }

  private forward<K extends 'peer-joined' | 'peer-left' | 'signal'>(
    event: K,
    schema: z.ZodType<SignalingEvents[K]>,
    payload: unknown,
  ): void {
    const parsed = schema.safeParse(payload);
    if (parsed.success) this.emit(event, parsed.data);
    else log.warn(`dropped a malformed ${event} event`);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }
}

export function createSignalingClient(url: string): SignalingClient {
  return new SocketSignalingClient(url);
}
