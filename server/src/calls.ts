/**
 * Direct calls between registered devices: invite, ring, accept or decline, cancel, time out. An
 * accepted call is an ordinary registry room under a key no room name can take (`call:<uuid>`), so
 * negotiation, relay, `peer:joined` and `peer:left` work exactly as in a named room.
 */
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../../common/result';
import {
  callInviteSchema,
  callRefSchema,
  type CallEndReason,
  type CallInvited,
  type CallJoined,
} from '../../common/signaling/call';
import type { PeerInfo } from '../../common/signaling/room';
import type { HandlerContext, SignalingSocket } from './context';
import { CALL_ROOM_PREFIX } from './room-handlers';
import { route, type Answer, type RouteTable } from './route';

interface Ring {
  /** Device that sent this invitation; only it may cancel it. */
  inviter: string;
  timer: NodeJS.Timeout;
}

/** Who sent a call command: enough to act for a socket of another process too. */
interface Actor {
  socketId: string;
  deviceId: string | null;
}

type CallCommand =
  | { kind: 'invite'; actor: Actor; to: string[]; callId?: string }
  | { kind: 'accept' | 'decline' | 'cancel'; actor: Actor; callId: string };

const FORWARD_EVENT = 'nearcast:call';

type CallEvent = 'call:invite' | 'call:accept' | 'call:decline' | 'call:cancel';

interface Call {
  id: string;
  room: string;
  /** Callee device id → pending invitation. */
  rings: Map<string, Ring>;
}

/** Owns every call of one server; timers are unref'd and cleared on close, so nothing outlives it. */
export class CallService {
  readonly #calls = new Map<string, Call>();
  readonly #byRoom = new Map<string, Call>();
  readonly #context: HandlerContext;

  constructor(context: HandlerContext) {
    this.#context = context;
    context.onDeparture((_peerId, departure) => {
      const call = this.#byRoom.get(departure.room);
      if (!call) return;
      if (departure.remaining.length === 0) this.#finish(call, 'cancelled');
      else this.#settle(call, 'hung-up');
    });
    context.onDeviceGone((deviceId) => this.#deviceGone(deviceId));
  }

  /** Calls ringing or in progress, for metrics and leak checks. */
  get size(): number {
    return this.#calls.size;
  }

  /** Whether the call of this call room lives here (a cluster runs each call in one process). */
  ownsRoom(room: string): boolean {
    return this.#byRoom.has(room);
  }

  /** A device left the directory: its pending invitations count as unanswered. */
  #deviceGone(deviceId: string): void {
    for (const call of [...this.#calls.values()]) {
      if (call.rings.has(deviceId)) this.#endRing(call, deviceId, 'unreachable');
    }
  }

  close(): void {
    for (const call of this.#calls.values()) for (const ring of call.rings.values()) clearTimeout(ring.timer);
    this.#calls.clear();
    this.#byRoom.clear();
  }

  /** The call routes: each request names its sender, so a process that owns the call can run it. */
  routes(): Pick<RouteTable, CallEvent> {
    const actor = (socket: SignalingSocket): Actor => ({
      socketId: socket.id,
      deviceId: this.#context.presence.deviceOf(socket.id) ?? null,
    });
    const dispatch = (command: CallCommand): Answer<unknown> => {
      this.#context.log.debug(
        { peer: command.actor.socketId, command: command.kind, call: command.callId ?? null },
        'call command',
      );
      const local = command.callId === undefined || this.#calls.has(command.callId);
      return local || !this.#context.clustered ? this.#run(command) : this.#forward(command);
    };
    return {
      'call:invite': route(callInviteSchema, (socket, request) =>
        dispatch({ kind: 'invite', actor: actor(socket), ...request }),
      ),
      'call:accept': route(callRefSchema, (socket, request) =>
        dispatch({ kind: 'accept', actor: actor(socket), ...request }),
      ),
      'call:decline': route(callRefSchema, (socket, request) =>
        dispatch({ kind: 'decline', actor: actor(socket), ...request }),
      ),
      'call:cancel': route(callRefSchema, (socket, request) =>
        dispatch({ kind: 'cancel', actor: actor(socket), ...request }),
      ),
    };
  }

  /** In a cluster: the process that owns the call runs the command; the others answer null. */
  listen(): void {
    const io = this.#context.io as unknown as {
      on(
        event: string,
        listener: (command: CallCommand, ack: (result: Result<unknown> | null) => void) => void,
      ): void;
    };
    io.on(FORWARD_EVENT, (command, ack) => {
      ack(command.callId !== undefined && this.#calls.has(command.callId) ? this.#run(command) : null);
    });
  }

  async #forward(command: CallCommand): Promise<Result<unknown>> {
    const io = this.#context.io as unknown as {
      serverSideEmitWithAck(event: string, command: CallCommand): Promise<unknown[]>;
    };
    // Rejects after the adapter's requestsTimeout when a process does not answer: the router says INTERNAL.
    const answers = await io.serverSideEmitWithAck(FORWARD_EVENT, command);
    const owner = answers.find((answer) => answer !== null) as Result<unknown> | undefined;
    return owner ?? err('CALL_NOT_FOUND');
  }

  #run(command: CallCommand): Result<unknown> {
    switch (command.kind) {
      case 'invite':
        return this.#invite(command.actor, command.to, command.callId);
      case 'accept':
        return this.#accept(command.actor, command.callId);
      case 'decline':
        return this.#decline(command.actor, command.callId);
      case 'cancel':
        return this.#cancel(command.actor, command.callId);
    }
  }

  #invite(actor: Actor, to: string[], callId: string | undefined): Result<CallInvited> {
    const context = this.#context;
    const { rooms, presence, limits } = context;
    const inRoom = (id: string) => rooms.roomOf(id) !== undefined;
    if (actor.deviceId === null) return err('NOT_REGISTERED');
    let call: Call | undefined;
    if (callId !== undefined) {
      call = this.#calls.get(callId);
      if (!call || rooms.roomOf(actor.socketId) !== call.room) return err('CALL_NOT_FOUND');
    } else if (rooms.roomOf(actor.socketId) !== undefined) {
      return err('ALREADY_IN_ROOM');
    }
    const targets = [...new Set(to)];
    if (targets.includes(actor.deviceId)) return err('INVALID_PAYLOAD', 'to: You cannot call yourself.');
    const fresh: string[] = [];
    for (const target of targets) {
      const entry = presence.entry(target, inRoom);
      if (!entry) return err('DEVICE_NOT_FOUND');
      const targetSocket = presence.socketOf(target) ?? '';
      if (call && (call.rings.has(target) || rooms.roomOf(targetSocket) === call.room)) continue;
      if (entry.status === 'in-call') return err('BUSY', `${entry.name} is already in a call.`);
      fresh.push(target);
    }
    const occupied = call ? rooms.sizeOf(call.room) + call.rings.size : 1;
    if (occupied + fresh.length > limits.roomCapacity) {
      return err('ROOM_FULL', `A call holds at most ${limits.roomCapacity} people.`);
    }
    if (!call) {
      const id = randomUUID();
      call = { id, room: `${CALL_ROOM_PREFIX}${id}`, rings: new Map() };
      this.#calls.set(id, call);
      this.#byRoom.set(call.room, call);
      context.joinRoom(call.room, { id: actor.socketId, name: presence.nameOf(actor.deviceId) ?? '' });
      context.announcePresence(actor.socketId);
    }
    for (const target of fresh) this.#ring(call, target, actor.deviceId);
    context.log.info({ call: call.id, ringing: fresh.length }, 'call invitation sent');
    return ok({ callId: call.id, ringing: fresh });
  }

  #accept(actor: Actor, callId: string): Result<CallJoined> {
    const context = this.#context;
    const { rooms, presence, limits } = context;
    if (actor.deviceId === null) return err('NOT_REGISTERED');
    const call = this.#calls.get(callId);
    const ring = call?.rings.get(actor.deviceId);
    if (!call || !ring) return err('CALL_NOT_FOUND');
    if (rooms.roomOf(actor.socketId) !== undefined) return err('ALREADY_IN_ROOM');
    if (rooms.sizeOf(call.room) >= limits.roomCapacity) return err('ROOM_FULL');
    clearTimeout(ring.timer);
    call.rings.delete(actor.deviceId);
    const self: PeerInfo = { id: actor.socketId, name: presence.nameOf(actor.deviceId) ?? '' };
    const peers = context.joinRoom(call.room, self);
    for (const peer of peers) context.sendTo(peer.id, 'peer:joined', self);
    context.announcePresence(actor.socketId);
    context.log.info({ call: call.id, others: peers.length }, 'call accepted');
    return ok({ callId: call.id, self, peers });
  }

  #decline(actor: Actor, callId: string): Result<null> {
    if (actor.deviceId === null) return err('NOT_REGISTERED');
    const call = this.#calls.get(callId);
    if (!call?.rings.has(actor.deviceId)) return err('CALL_NOT_FOUND');
    this.#endRing(call, actor.deviceId, 'declined');
    return ok(null);
  }

  #cancel(actor: Actor, callId: string): Result<null> {
    const call = this.#calls.get(callId);
    if (!call || actor.deviceId === null || this.#context.rooms.roomOf(actor.socketId) !== call.room) {
      return err('CALL_NOT_FOUND');
    }
    for (const [callee, ring] of [...call.rings]) {
      if (ring.inviter === actor.deviceId) this.#endRing(call, callee, 'cancelled');
    }
    return ok(null);
  }

  #ring(call: Call, callee: string, inviter: string): void {
    const { presence, limits } = this.#context;
    const timer = setTimeout(() => this.#endRing(call, callee, 'timeout'), limits.ringTimeoutMs);
    timer.unref();
    call.rings.set(callee, { inviter, timer });
    const to = presence.socketOf(callee);
    const from = { deviceId: inviter, name: presence.nameOf(inviter) ?? '' };
    if (to !== undefined) this.#context.sendTo(to, 'call:ringing', { callId: call.id, from });
  }

  /** Ends one invitation, tells whoever needs to know, and ends the call if nothing is left of it. */
  #endRing(call: Call, callee: string, reason: CallEndReason): void {
    const ring = call.rings.get(callee);
    if (!ring) return;
    clearTimeout(ring.timer);
    call.rings.delete(callee);
    const { presence, rooms } = this.#context;
    const calleeSocket = presence.socketOf(callee);
    if ((reason === 'timeout' || reason === 'cancelled') && calleeSocket !== undefined) {
      this.#context.sendTo(calleeSocket, 'call:ended', { callId: call.id, reason });
    }
    const inviterSocket = presence.socketOf(ring.inviter);
    if ((reason === 'declined' || reason === 'unreachable') && inviterSocket !== undefined) {
      if (rooms.roomOf(inviterSocket) === call.room) {
        this.#context.sendTo(inviterSocket, 'call:declined', { callId: call.id, deviceId: callee });
      }
    }
    this.#settle(call, reason);
  }

  /** A call with nobody ringing and at most one member is over. */
  #settle(call: Call, reason: CallEndReason): void {
    if (call.rings.size === 0 && this.#context.rooms.sizeOf(call.room) <= 1) this.#finish(call, reason);
  }

  /** Ends the call for everyone: pending callees stop ringing, the last member leaves the call room. */
  #finish(call: Call, reason: CallEndReason): void {
    const { rooms, presence } = this.#context;
    this.#calls.delete(call.id);
    this.#byRoom.delete(call.room);
    for (const [callee, ring] of call.rings) {
      clearTimeout(ring.timer);
      const to = presence.socketOf(callee);
      if (to !== undefined) this.#context.sendTo(to, 'call:ended', { callId: call.id, reason: 'cancelled' });
    }
    call.rings.clear();
    for (const member of rooms.peersIn(call.room)) {
      this.#context.leaveQuietly(member.id);
      this.#context.sendTo(member.id, 'call:ended', { callId: call.id, reason });
      this.#context.announcePresence(member.id);
    }
    this.#context.log.info({ call: call.id, reason }, 'call ended');
  }
}
