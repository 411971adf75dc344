/**
 * A SignalingClient stand-in for store tests: answers join/leave from a script and lets a test play
 * the server's notifications. The real client is exercised against a real server end to end.
 */
import { err, ok, type Result } from '../../../common/result';
import type { JoinRequest, SignalData } from '../../../common/schemas';
import type { JoinedRoom } from '../../../common/signaling';
import { Emitter } from '../../../renderer/src/rtc/emitter';
import type {
  ConnectionStatus,
  SignalingClient,
  SignalingEvents,
} from '../../../renderer/src/services/signaling-client';

export class FakeSignalingClient extends Emitter<SignalingEvents> implements SignalingClient {
  status: ConnectionStatus = 'connected';
  joins: JoinRequest[] = [];
  leaves = 0;
  signals: { to: string; data: SignalData }[] = [];
  closed = false;
  peers: { id: string; name: string }[] = [];
  nextJoin: Result<JoinedRoom> | null = null;
  private counter = 0;

  async join(request: JoinRequest): Promise<Result<JoinedRoom>> {
    this.joins.push(request);
    if (this.nextJoin) return this.nextJoin;
    return ok({
      room: request.room.trim(),
      self: { id: `self-${++this.counter}`, name: request.name.trim() },
      peers: this.peers,
    });
  }

  async leave(): Promise<Result<null>> {
    this.leaves += 1;
    return this.leaves > 0 ? ok(null) : err('NOT_IN_ROOM');
  }

  signal(to: string, data: SignalData): void {
    this.signals.push({ to, data });
  }

  close(): void {
    this.closed = true;
  }

  /** Plays a server notification or a connection change. */
  serverEmit<K extends keyof SignalingEvents>(event: K, payload: SignalingEvents[K]): void {
    if (event === 'status') this.status = payload as ConnectionStatus;
    this.emit(event, payload);
  }
}
