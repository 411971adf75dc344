/**
 * A SignalingClient stand-in for store tests: answers requests from a script and lets a test play the
 * server's notifications. The real client is exercised against a real server end to end.
 */
import { err, ok, type Result } from '../../../common/result';
import type { CallInvited, CallJoined } from '../../../common/signaling/call';
import type { DirectoryEntry, PresenceRegister } from '../../../common/signaling/presence';
import type { JoinedRoom, RoomJoinRequest } from '../../../common/signaling/room';
import type { SignalData, IceServers } from '../../../common/signaling/signal';
import type { RoomMode, UnitPc, UnitSignalData } from '../../../common/signaling/unit';
import { Emitter } from '../../../renderer/src/rtc/emitter';
import type {
  ConnectionStatus,
  SignalingClient,
  SignalingEvents,
} from '../../../renderer/src/services/signaling-client';

export class FakeSignalingClient extends Emitter<SignalingEvents> implements SignalingClient {
  status: ConnectionStatus = 'connected';
  peerId: string | null = 'self-socket';
  challenge: string | null | undefined = 'a-challenge-for-this-connection';
  joins: RoomJoinRequest[] = [];
  leaves = 0;
  signals: { to: string; data: SignalData }[] = [];
  /** What was sent to the forwarding unit, in order. */
  unitSignals: { pc: UnitPc; data: UnitSignalData }[] = [];
  registrations: PresenceRegister[] = [];
  invites: { to: string[]; callId?: string }[] = [];
  accepted: string[] = [];
  declined: string[] = [];
  /** The declines sent with `busy` (the user's status declined for them). */
  declinedBusy: string[] = [];
  cancelled: string[] = [];
  retries = 0;
  closed = false;
  peers: { id: string; name: string }[] = [];
  listed: DirectoryEntry[] = [];
  iceServerList: IceServers = { iceServers: [], expiresAt: null };
  nextJoin: Result<JoinedRoom> | null = null;
  /** How the join answer says the room carries media. */
  mode: RoomMode = 'mesh';
  /** Who the join answer names as host; ourselves when null. */
  host: string | null = null;
  /** The host's requests, in order: `room:lock`, `room:remove`, `room:ask-unmute`. */
  hostRequests: (['lock', boolean] | ['remove', string] | ['ask-unmute', string])[] = [];
  /** What the host's requests answer. */
  nextHostAnswer: Result<null> = ok(null);
  nextRegister: Result<DirectoryEntry> | null = null;
  nextInvite: Result<CallInvited> | null = null;
  nextAccept: Result<CallJoined> | null = null;
  private counter = 0;

  async join(request: RoomJoinRequest): Promise<Result<JoinedRoom>> {
    this.joins.push(request);
    if (this.nextJoin) return this.nextJoin;
    const self = { id: `self-${++this.counter}`, name: request.name.trim() };
    return ok({
      room: request.room.trim(),
      self,
      peers: this.peers,
      host: this.host ?? self.id,
      locked: false,
      mode: this.mode,
      rejoinPass: `rejoin-pass-${this.counter}`,
    });
  }

  async lockRoom(locked: boolean): Promise<Result<null>> {
    this.hostRequests.push(['lock', locked]);
    return this.nextHostAnswer;
  }

  async removePeer(peerId: string): Promise<Result<null>> {
    this.hostRequests.push(['remove', peerId]);
    return this.nextHostAnswer;
  }

  async askUnmute(peerId: string): Promise<Result<null>> {
    this.hostRequests.push(['ask-unmute', peerId]);
    return this.nextHostAnswer;
  }

  async leave(): Promise<Result<null>> {
    this.leaves += 1;
    return this.leaves > 0 ? ok(null) : err('NOT_IN_ROOM');
  }

  signal(to: string, data: SignalData): void {
    this.signals.push({ to, data });
  }

  unitSignal(pc: UnitPc, data: UnitSignalData): void {
    this.unitSignals.push({ pc, data });
  }

  async register(presence: PresenceRegister): Promise<Result<DirectoryEntry>> {
    this.registrations.push(presence);
    if (this.nextRegister) return this.nextRegister;
    return ok({ deviceId: presence.deviceId, name: presence.name, status: presence.status ?? 'available' });
  }

  async directory(): Promise<Result<DirectoryEntry[]>> {
    return ok(this.listed);
  }

  async invite(to: string[], callId?: string): Promise<Result<CallInvited>> {
    this.invites.push(callId ? { to, callId } : { to });
    return this.nextInvite ?? ok({ callId: callId ?? '00000000-0000-4000-8000-000000000001', ringing: to });
  }

  async accept(callId: string): Promise<Result<CallJoined>> {
    this.accepted.push(callId);
    return this.nextAccept ?? ok({ callId, self: { id: 'self-socket', name: 'Ada' }, peers: this.peers });
  }

  async decline(callId: string, busy = false): Promise<Result<null>> {
    this.declined.push(callId);
    if (busy) this.declinedBusy.push(callId);
    return ok(null);
  }

  async cancel(callId: string): Promise<Result<null>> {
    this.cancelled.push(callId);
    return ok(null);
  }

  async iceServers(): Promise<Result<IceServers>> {
    return ok(this.iceServerList);
  }

  retry(): void {
    this.retries += 1;
  }

  close(): void {
    this.closed = true;
  }

  /** Plays a server notification or a connection change. */
  serverEmit<K extends keyof SignalingEvents>(event: K, payload: SignalingEvents[K]): void {
    if (event === 'connection:status') this.status = payload as ConnectionStatus;
    this.emit(event, payload);
  }
}
