/**
 * Messages between the signaling server's thread and the unit's worker, over the worker's port
 * (structured clone). The worker never blocks signaling: the server posts and goes on.
 */
import type { UnitPc, UnitRequestData } from '../../../common/signaling/unit';
import type { UnitOutgoing, UnitStats } from './forwarding-unit';

/** What the worker is started with (`workerData`). */
export interface WorkerSettings {
  /** Addresses announced as ICE host candidates besides the machine's own. */
  addresses: string[];
  maxSenders: number;
  /** The server logs at debug level: the engine posts its debug lines (publish states, PLIs). */
  debug?: boolean;
}

/** Server thread → worker. */
export type HostMessage =
  | { type: 'join'; room: string; peerId: string }
  | { type: 'leave'; room: string; peerId: string }
  | { type: 'signal'; room: string; peerId: string; pc: UnitPc; data: UnitRequestData }
  | { type: 'stats'; id: number }
  | { type: 'close' };

/** Worker → server thread; `stats` answers the request with the same id. */
export type WorkerMessage =
  | { type: 'ready'; fingerprint: string }
  | { type: 'failed'; message: string }
  | { type: 'signal'; outgoing: UnitOutgoing }
  | { type: 'stats'; id: number; stats: UnitStats }
  | {
      type: 'log';
      level: 'debug' | 'info' | 'warn' | 'error';
      message: string;
      details: Record<string, unknown>;
    }
  | { type: 'closed' };
