/**
 * Shared harness for server tests: a real server on port 0, real socket.io-client sockets, and small
 * promise helpers with timeouts so a missing ack or event fails the test instead of hanging it.
 */
import { pino, type Logger } from 'pino';
import { io as connectSocket, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, expect } from 'vitest';
import type { Result } from '../../common/result';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/signaling/events';
import type { JoinedRoom } from '../../common/signaling/room';
import {
  createSignalingServer,
  type ListeningAddress,
  type SignalingServer,
  type SignalingServerOptions,
} from '../../server/src/index';

/** A client typed like the real web client. */
export type Client = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
/** The same socket without event typing, to send what a hostile or buggy client could send. */
export type RawClient = ClientSocket;

/**
 * How long a missing answer or event may take before the test fails: never reached when the server
 * answers, so generous enough for a machine running two test suites at once.
 */
export const WAIT_MS = 10_000;

export interface Started {
  server: SignalingServer;
  address: ListeningAddress;
}

export interface LogLine {
  level: number;
  name?: string;
  msg: string;
  err?: { message: string };
  [key: string]: unknown;
}

/** A logger whose JSON lines land in an array, for the few tests that assert what gets logged. */
export function captureLogs(level: pino.Level = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/**
 * Starts servers and connects clients for one test, and tears all of it down after the test
 * (registered with afterEach when created), whether the test passed or not.
 */
export class Harness {
  readonly #servers: SignalingServer[] = [];
  readonly #clients: ClientSocket[] = [];

  async start(options: Partial<SignalingServerOptions> = {}): Promise<Started> {
    const server = createSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      ...options,
    });
    this.#servers.push(server);
    return { server, address: await server.listen() };
  }

  /** Connects a client and waits until the server accepted it; `auth` is the handshake payload. */
  async connect(address: ListeningAddress, auth?: Record<string, unknown>): Promise<Client> {
    const socket = this.#open(address, auth);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('client did not connect')), WAIT_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return socket;
  }

  /** Connects a client and joins `room`, failing the test if the join is refused. */
  async joined(
    address: ListeningAddress,
    room: string,
    name: string,
  ): Promise<{ client: Client; joined: JoinedRoom }> {
    const client = await this.connect(address);
    const result = await join(client, room, name);
    if (!result.ok) throw new Error(`join refused: ${result.error.code}`);
    return { client, joined: result.data };
  }

  /** Connects with `auth` and resolves with the handshake refusal; fails if the server accepts. */
  async refused(
    address: ListeningAddress,
    auth?: Record<string, unknown>,
  ): Promise<Error & { data?: unknown }> {
    const socket = this.#open(address, auth);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no connect_error')), WAIT_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        reject(new Error('the server accepted the connection'));
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        resolve(error as Error & { data?: unknown });
      });
    });
  }

  /** A fresh client socket (no reconnection), closed at cleanup. */
  #open(address: ListeningAddress, auth?: Record<string, unknown>): Client {
    const socket: Client = connectSocket(address.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(auth ? { auth } : {}),
    });
    this.#clients.push(socket);
    return socket;
  }

  /** Connects a client registered in the directory as `deviceId` (through the handshake). */
  async device(
    address: ListeningAddress,
    deviceId: string,
    name: string,
    extra: Record<string, unknown> = {},
  ): Promise<Client> {
    return this.connect(address, { ...extra, presence: { deviceId, name } });
  }

  async cleanup(): Promise<void> {
    for (const client of this.#clients.splice(0)) client.disconnect();
    await Promise.all(this.#servers.splice(0).map((server) => server.close()));
  }
}

/** A harness cleaned up after every test of the calling file. */
export function useHarness(): Harness {
  const harness = new Harness();
  afterEach(() => harness.cleanup());
  return harness;
}

/** The same socket, untyped, for sending what the contract forbids. */
export function raw(socket: Client | RawClient): RawClient {
  return socket as RawClient;
}

/** Emits anything with an ack and waits for the answer; rejects if none comes. */
export function request(
  socket: Client | RawClient,
  event: string,
  ...args: unknown[]
): Promise<Result<unknown>> {
  return (socket as RawClient).timeout(WAIT_MS).emitWithAck(event, ...args) as Promise<Result<unknown>>;
}

export function join(client: Client, room: string, name: string): Promise<Result<JoinedRoom>> {
  return client.timeout(WAIT_MS).emitWithAck('room:join', { room, name });
}

export function leave(client: Client): Promise<Result<null>> {
  return client.timeout(WAIT_MS).emitWithAck('room:leave');
}

/**
 * Resolves with the first argument of the next `event` on `socket` that `match` accepts (any, by
 * default); rejects after `timeoutMs`.
 */
export function waitFor<T = unknown>(
  socket: Client | RawClient,
  event: string,
  match: (value: T) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const raw = socket as RawClient;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      raw.off(event, listener);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: T) => {
      if (!match(value)) return;
      clearTimeout(timer);
      raw.off(event, listener);
      resolve(value);
    };
    raw.on(event, listener);
  });
}

/** A valid, distinct device id per call: what a client would generate once and store. */
export function deviceId(label: string): string {
  return `device-${label}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Error shape of a refused request, for toEqual. */
export function refusedWith(code: string) {
  return { ok: false, error: { code, message: expect.any(String) } };
}

/** Every event a socket receives from now on, in order, as [event, ...args]. */
export function recordEvents(socket: Client | RawClient): unknown[][] {
  const events: unknown[][] = [];
  (socket as RawClient).onAny((event: string, ...args: unknown[]) => events.push([event, ...args]));
  return events;
}

/**
 * Waits until everything the server sent this socket so far has arrived: the server answers a refused
 * request on the same ordered connection, after any event it emitted earlier. This is how tests prove
 * an event was NOT delivered without sleeping.
 */
export async function flush(socket: Client | RawClient): Promise<void> {
  const result = await request(socket, 'signal', 'flush');
  if (result.ok || result.error.code !== 'INVALID_PAYLOAD')
    throw new Error('flush was not refused as expected');
}

/** A description signal, the most common payload; `sdp` is arbitrary text for the server. */
export function offer(sdp = 'v=0\r\n'): { kind: 'description'; description: { type: 'offer'; sdp: string } } {
  return { kind: 'description', description: { type: 'offer', sdp } };
}
