/**
 * What bench/signaling.ts and its client workers (bench/signaling-clients.ts) say to each other over
 * the fork IPC channel.
 */

export interface WorkerSetup {
  kind: 'nearcast' | 'peerjs';
  /** Nearcast: the server's http URL; PeerJS: its ws:// base URL ending in `/`. */
  url: string;
  /** Global index of this worker's first socket (even), so room names never collide across workers. */
  first: number;
  /** Sockets in this worker (even: whole pairs). */
  count: number;
  sdpBytes: number;
  /** Nearcast only: ack every signal even though the server offers ack-less relay. */
  signalAck: boolean;
  /** Nearcast only: plain `ws` speaking Socket.IO's wire format instead of `socket.io-client`. */
  wire: boolean;
}

export type BenchCommand =
  | { cmd: 'connect' }
  | { cmd: 'closed'; rounds: number }
  | { cmd: 'open'; perSecond: number; durationMs: number; warmupMs: number }
  | { cmd: 'exit' };

export type WorkerReply =
  | { done: 'ready' }
  | { done: 'connect' }
  | ({ done: 'closed'; latencies: number[]; unfinishedPairs: number } & PhaseCosts)
  | ({
      done: 'open';
      latencies: number[];
      sent: number;
      received: number;
      sendLagMaxMs: number;
    } & PhaseCosts)
  | { done: 'exit' }
  | { done: 'error'; message: string };

/** What a phase cost the worker itself, and what went wrong on its side. */
export interface PhaseCosts {
  /** CPU time (user + system) of this worker during the phase. */
  clientCpuMs: number;
  /** Sockets the server closed so far (e.g. a missed heartbeat under load): their pairs stall. */
  disconnects: number;
  /** Longest event-loop stall of this worker during the phase: a stalled client delays everything. */
  loopDelayMaxMs: number;
}
