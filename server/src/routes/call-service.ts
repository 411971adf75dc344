/**
 * Direct calls between registered devices, as run by the process that owns the call: invite, ring,
 * accept or decline, cancel, time out, and the end of a call whose members left. The calls themselves
 * are kept in state/calls.ts; this is what each command and each departure changes and tells.
 */
import type { Logger } from 'pino';
import { err, ok, rateLimited, type Result } from '../../../common/result';
import type { CallEndReason, CallInvited, CallJoined } from '../../../common/signaling/call';
import type { PeerInfo } from '../../../common/signaling/room';
import type { RingGuard } from '../admission/ring-guard';
import type { Delivery } from '../replica/delivery';
import type { Directory } from '../replica/directory';
import type { Membership } from '../replica/membership';
import type { SignalingLimits } from '../settings';
import type { Call, CallRegistry } from '../state/calls';
import type { PresenceRegistry } from '../state/presence';
import type { RoomRegistry } from '../state/rooms';
import type { CallActor, CallCommand } from '../transport/inter-server';

export interface CallServiceParts {
  calls: CallRegistry;
  rooms: RoomRegistry;
  presence: PresenceRegistry;
  membership: Pick<Membership, 'join' | 'leaveQuietly' | 'onDeparture'>;
  directory: Pick<Directory, 'announce' | 'onDeviceGone'>;
  delivery: Pick<Delivery, 'sendTo'>;
  limits: Pick<SignalingLimits, 'roomCapacity' | 'ringTimeoutMs'>;
  /** Rings per calling and per called device within a window. */
  rings: Pick<RingGuard, 'waitFor' | 'record'>;
  log: Logger;
}

/** Runs the calls of one server; ring timers are unref'd and cleared on close, so nothing outlives it. */
export class CallService {
  readonly #parts: CallServiceParts;

  constructor(parts: CallServiceParts) {
    this.#parts = parts;
    parts.membership.onDeparture((_peerId, departure) => {
      const call = parts.calls.inRoom(departure.room);
      if (!call) return;
      if (departure.remaining.length === 0) this.#finish(call, 'cancelled');
      else this.#settle(call, 'hung-up');
    });
    parts.directory.onDeviceGone((deviceId) => this.#deviceGone(deviceId));
  }

  /** Whether this call runs in this process (a cluster runs each call in one process). */
  owns(callId: string): boolean {
    return this.#parts.calls.get(callId) !== undefined;
  }

  /** Runs a command for a call of this process, or an invitation that starts one here. */
  run(command: CallCommand): Result<unknown> {
    switch (command.kind) {
      case 'invite':
        return this.#invite(command.actor, command.to, command.callId);
      case 'accept':
        return this.#accept(command.actor, command.callId);
      case 'decline':
        return this.#decline(command.actor, command.callId, command.busy === true);
      case 'cancel':
        return this.#cancel(command.actor, command.callId);
    }
  }

  /** A device left the directory: its pending invitations count as unanswered. */
  #deviceGone(deviceId: string): void {
    for (const call of this.#parts.calls.all()) {
      if (call.rings.has(deviceId)) this.#endRing(call, deviceId, 'unreachable');
    }
  }

  #invite(actor: CallActor, to: string[], callId: string | undefined): Result<CallInvited> {
    const { calls, rooms, presence, membership, directory, limits, log } = this.#parts;
    const inRoom = (id: string) => rooms.roomOf(id) !== undefined;
    if (actor.deviceId === null) return err('NOT_REGISTERED');
    let call: Call | undefined;
    if (callId !== undefined) {
      call = calls.get(callId);
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
    const wait = this.#parts.rings.waitFor(actor.deviceId, fresh);
    if (wait > 0) {
      log.info(
        { caller: actor.deviceId, ringing: fresh.length, wait },
        'refused an invitation: too many rings',
      );
      return rateLimited(wait, `Too many calls right now. Try again in ${Math.ceil(wait / 1000)} s.`);
    }
    this.#parts.rings.record(actor.deviceId, fresh);
    if (!call) {
      call = calls.open();
      membership.join(call.room, { id: actor.socketId, name: presence.nameOf(actor.deviceId) ?? '' });
      directory.announce(actor.socketId);
    }
    for (const target of fresh) this.#ring(call, target, actor.deviceId);
    log.info({ call: call.id, ringing: fresh.length }, 'call invitation sent');
    return ok({ callId: call.id, ringing: fresh });
  }

  #accept(actor: CallActor, callId: string): Result<CallJoined> {
    const { calls, rooms, presence, membership, directory, limits, log } = this.#parts;
    if (actor.deviceId === null) return err('NOT_REGISTERED');
    const call = calls.get(callId);
    if (!call?.rings.has(actor.deviceId)) return err('CALL_NOT_FOUND');
    if (rooms.roomOf(actor.socketId) !== undefined) return err('ALREADY_IN_ROOM');
    if (rooms.sizeOf(call.room) >= limits.roomCapacity) return err('ROOM_FULL');
    calls.dropRing(call, actor.deviceId);
    const self: PeerInfo = { id: actor.socketId, name: presence.nameOf(actor.deviceId) ?? '' };
    const peers = membership.join(call.room, self);
    directory.announce(actor.socketId);
    log.info({ call: call.id, others: peers.length }, 'call accepted');
    return ok({ callId: call.id, self, peers });
  }

  #decline(actor: CallActor, callId: string, busy: boolean): Result<null> {
    if (actor.deviceId === null) return err('NOT_REGISTERED');
    const call = this.#parts.calls.get(callId);
    if (!call?.rings.has(actor.deviceId)) return err('CALL_NOT_FOUND');
    this.#endRing(call, actor.deviceId, 'declined', busy);
    return ok(null);
  }

  #cancel(actor: CallActor, callId: string): Result<null> {
    const call = this.#parts.calls.get(callId);
    if (!call || actor.deviceId === null || this.#parts.rooms.roomOf(actor.socketId) !== call.room) {
      return err('CALL_NOT_FOUND');
    }
    for (const [callee, ring] of [...call.rings]) {
      if (ring.inviter === actor.deviceId) this.#endRing(call, callee, 'cancelled');
    }
    return ok(null);
  }

  #ring(call: Call, callee: string, inviter: string): void {
    const { presence, delivery, limits } = this.#parts;
    const timer = setTimeout(() => this.#endRing(call, callee, 'timeout'), limits.ringTimeoutMs);
    timer.unref();
    call.rings.set(callee, { inviter, timer });
    const to = presence.socketOf(callee);
    const from = { deviceId: inviter, name: presence.nameOf(inviter) ?? '' };
    if (to !== undefined) delivery.sendTo(to, 'call:ringing', { callId: call.id, from });
  }

  /**
   * Ends one invitation, tells whoever needs to know, and ends the call if nothing is left of it.
   * `busy`: the callee's status declined, which the caller is told apart from a person declining.
   */
  #endRing(call: Call, callee: string, reason: CallEndReason, busy = false): void {
    const { calls, presence, rooms, delivery } = this.#parts;
    const ring = calls.dropRing(call, callee);
    if (!ring) return;
    const calleeSocket = presence.socketOf(callee);
    if ((reason === 'timeout' || reason === 'cancelled') && calleeSocket !== undefined) {
      delivery.sendTo(calleeSocket, 'call:ended', { callId: call.id, reason });
    }
    const inviterSocket = presence.socketOf(ring.inviter);
    if ((reason === 'declined' || reason === 'unreachable') && inviterSocket !== undefined) {
      if (rooms.roomOf(inviterSocket) === call.room) {
        const declined = { callId: call.id, deviceId: callee };
        delivery.sendTo(inviterSocket, 'call:declined', busy ? { ...declined, busy } : declined);
      }
    }
    this.#settle(call, reason);
  }

  /** A call with nobody ringing and at most one member is over. */
  #settle(call: Call, reason: CallEndReason): void {
    if (call.rings.size === 0 && this.#parts.rooms.sizeOf(call.room) <= 1) this.#finish(call, reason);
  }

  /** Ends the call for everyone: pending callees stop ringing, the last member leaves the call room. */
  #finish(call: Call, reason: CallEndReason): void {
    const { calls, rooms, presence, membership, directory, delivery, log } = this.#parts;
    calls.remove(call);
    for (const callee of [...call.rings.keys()]) {
      calls.dropRing(call, callee);
      const to = presence.socketOf(callee);
      if (to !== undefined) delivery.sendTo(to, 'call:ended', { callId: call.id, reason: 'cancelled' });
    }
    for (const member of rooms.peersIn(call.room)) {
      membership.leaveQuietly(member.id);
      delivery.sendTo(member.id, 'call:ended', { callId: call.id, reason });
      directory.announce(member.id);
    }
    log.info({ call: call.id, reason }, 'call ended');
  }
}
