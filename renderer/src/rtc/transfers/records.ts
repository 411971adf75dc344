/**
 * The engine's record of one transfer in either direction, and the plain view the UI gets of it.
 */
import type { IncomingFile } from './incoming';
import { ProgressMeter } from './meter';
import type { TransferProblem, TransferState, TransferView } from './model';
import type { Readable } from './outgoing';

export interface SendableFile extends Readable {
  readonly name: string;
  readonly type: string;
}

export interface Base {
  id: string;
  /** The other end: its client id, or `peer:<id>` until its hello arrives. */
  key: string;
  peerName: string;
  name: string;
  size: number;
  type: string;
  state: TransferState;
  bytes: number;
  bytesPerSecond: number;
  error: TransferProblem | null;
  meter: ProgressMeter;
  expiry?: ReturnType<typeof setTimeout>;
  channel: RTCDataChannel | null;
}
export interface Outgoing extends Base {
  direction: 'out';
  file: SendableFile;
  offset: number;
  run: number;
}
export interface Incoming extends Base {
  direction: 'in';
  file: IncomingFile | null;
  downloadUrl: string | null;
  savedTo: string | null;
  downloadId: string | null;
}
export type Transfer = Outgoing | Incoming;

export function base(id: string, key: string, peerName: string, name: string, size: number, type: string) {
  return {
    id,
    key,
    peerName,
    name,
    size,
    type,
    state: 'offered' as TransferState,
    bytes: 0,
    bytesPerSecond: 0,
    error: null,
    meter: new ProgressMeter(),
    channel: null,
  };
}

export function view(t: Transfer): TransferView {
  return {
    id: t.id,
    direction: t.direction,
    name: t.name,
    size: t.size,
    type: t.type,
    peerName: t.peerName,
    peerKey: t.key,
    state: t.state,
    bytes: t.bytes,
    bytesPerSecond: t.bytesPerSecond,
    secondsLeft: t.state === 'transferring' ? t.meter.secondsLeft(t.size - t.bytes) : null,
    error: t.error,
    downloadUrl: t.direction === 'in' ? t.downloadUrl : null,
    savedTo: t.direction === 'in' ? t.savedTo : null,
    downloadId: t.direction === 'in' ? t.downloadId : null,
  };
}
