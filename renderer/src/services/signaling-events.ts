/**
 * What the signaling client tells the stores, already validated: connection changes and the server's
 * notifications under renderer-side names.
 */
import type { ResultError } from '../../../common/result';
import type { CallDeclined, CallEnded, CallRinging } from '../../../common/signaling/call';
import type { DirectoryEntry, PresenceLeft } from '../../../common/signaling/presence';
import type { PeerInfo, PeerLeft, RoomRemoved } from '../../../common/signaling/room';
import type { RelayedSignal } from '../../../common/signaling/signal';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface SignalingEvents {
  status: ConnectionStatus;
  /** The connection came back after a drop: room membership on the server is gone and must be rebuilt. */
  reconnected: void;
  /** The server's admission refused us (access code, bad registration); it will not retry by itself. */
  refused: ResultError;
  'peer-joined': PeerInfo;
  'peer-left': PeerLeft;
  signal: RelayedSignal;
  'presence-updated': DirectoryEntry;
  'presence-left': PresenceLeft;
  /** This device connected again elsewhere (another window or tab); this connection is closed next. */
  'presence-replaced': PresenceLeft;
  'call-ringing': CallRinging;
  'call-declined': CallDeclined;
  'call-ended': CallEnded;
  /** The room's creator removed us. */
  'room-removed': RoomRemoved;
}
