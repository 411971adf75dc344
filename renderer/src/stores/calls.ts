/**
 * Direct calls with contacts: ringing in and out, accept, decline, cancel, inviting more people into a
 * running call, and the list of missed calls. Membership itself (the mesh) is the room store's.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ok } from '../../../common/result';
import type { CallRinging } from '../../../common/signaling/call';
import type { Problem } from '../i18n/problem';
import { injectServices } from '../services';
import type { SignalingClient } from '../services/signaling-client';
import { MAX_MISSED_CALLS, MISSED_CALLS, type MissedCall } from '../services/storage';
import { useMediaStore } from './media';
import { useRoomStore } from './room';
import { useSessionStore } from './session';

export type { MissedCall };

/** An invitation we sent that has not been answered yet. */
export interface Outgoing {
  deviceId: string;
  name: string;
}

export const useCallsStore = defineStore('calls', () => {
  const { platform, ringtone, storage } = injectServices();
  /** Calls ringing for us, oldest first; the first one is shown. */
  const incoming = ref<CallRinging[]>([]);
  const ringingNow = computed(() => incoming.value[0] ?? null);
  /** The call being answered, from Accept until we are in it (or it failed): its ring is gone already. */
  const answering = ref<string | null>(null);
  /** People we invited into the current call who have not answered yet. */
  const outgoing = ref<Outgoing[]>([]);
  const missed = ref<MissedCall[]>(storage.local.read(MISSED_CALLS));
  /** Who declined our invitations into the current call, in order. */
  const declinedBy = ref<string[]>([]);
  /** Whose status ("Busy") declined our invitations: they never saw the call, it is in their missed calls. */
  const busy = ref<string[]>([]);
  /** Whether the last answer to our invitations was a busy status rather than a person declining. */
  let lastWasBusy = false;
  /** The call we withdrew ourselves: its end is no news to us. */
  let cancelledByUs: string | null = null;
  const error = ref<Problem | null>(null);
  let attached: SignalingClient | null = null;
  const offs: (() => void)[] = [];

  function syncRing(): void {
    if (incoming.value.length > 0) ringtone?.start();
    else ringtone?.stop();
  }

  function forgetRing(callId: string): CallRinging | undefined {
    const ring = incoming.value.find((r) => r.callId === callId);
    incoming.value = incoming.value.filter((r) => r.callId !== callId);
    syncRing();
    if (ring) void platform.callNotifications.dismiss(callId);
    return ring;
  }

  function addMissed(ring: CallRinging): void {
    missed.value = [
      { deviceId: ring.from.deviceId, name: ring.from.name, at: Date.now() },
      ...missed.value,
    ].slice(0, MAX_MISSED_CALLS);
    storage.local.write(MISSED_CALLS, missed.value);
  }

  /** Listens to the server's call notifications; once per client. */
  function attach(client: SignalingClient): void {
    if (attached === client) return;
    offs.splice(0).forEach((off) => off());
    attached = client;
    offs.push(
      client.on('call:ringing', (ring) => {
        const session = useSessionStore();
        if (session.myStatus === 'busy') {
          // Do not disturb: the caller hears "busy" and the call is listed as missed.
          addMissed(ring);
          void client.decline(ring.callId, true);
          return;
        }
        incoming.value = [...incoming.value.filter((r) => r.callId !== ring.callId), ring];
        syncRing();
        void platform.callNotifications.show({ callId: ring.callId, callerName: ring.from.name });
      }),
      client.on('call:declined', ({ callId, deviceId, busy: wasBusy }) => {
        if (useRoomStore().callId !== callId) return;
        const who = outgoing.value.find((o) => o.deviceId === deviceId);
        outgoing.value = outgoing.value.filter((o) => o.deviceId !== deviceId);
        if (!who) return;
        lastWasBusy = wasBusy === true;
        if (lastWasBusy) busy.value = [...busy.value, who.name];
        else declinedBy.value = [...declinedBy.value, who.name];
      }),
      client.on('call:ended', ({ callId, reason }) => {
        const ring = forgetRing(callId);
        if (ring && (reason === 'timeout' || reason === 'cancelled')) addMissed(ring);
        const room = useRoomStore();
        if (room.callId === callId) {
          outgoing.value = [];
          // "Cy declined the call." (or "Cy is busy") when the call ends because the last person rung
          // declined.
          const last = (lastWasBusy ? busy.value : declinedBy.value).at(-1);
          const who =
            reason === 'declined' && last ? { who: last, ...(lastWasBusy ? { busy: true } : {}) } : {};
          const ours = reason === 'cancelled' && cancelledByUs === callId;
          cancelledByUs = null;
          room.endLocally(ours ? null : { kind: 'call-ended', reason, ...who });
        }
      }),
      client.on('peer:joined', ({ name }) => {
        // Someone we rang picked up: they are no longer "ringing" (peers carry names, not device ids).
        const index = outgoing.value.findIndex((o) => o.name === name);
        if (index >= 0) outgoing.value = outgoing.value.filter((_, i) => i !== index);
      }),
    );
    offs.push(
      platform.callNotifications.onAction(({ callId, action }) => {
        if (action === 'accept') void accept(callId);
        else void decline(callId);
      }),
    );
  }

  /** Starts a call with one or more contacts (or, inside a call, rings more people into it). */
  async function call(targets: Outgoing[]): Promise<boolean> {
    error.value = null;
    const room = useRoomStore();
    const session = useSessionStore();
    const client = await session.connect();
    attach(client);
    const to = targets.map((t) => t.deviceId);
    const current = room.callId;
    if (current) {
      const invited = await client.invite(to, current);
      if (!invited.ok) {
        error.value = invited.error;
        return false;
      }
      outgoing.value = [
        ...outgoing.value,
        ...targets.filter((t) => invited.data.ringing.includes(t.deviceId)),
      ];
      return true;
    }
    if (!session.registered) {
      error.value = { words: 'problems.nameFirst' };
      return false;
    }
    let callId = '';
    const place = await room.enter(
      () => ({ kind: 'call', callId }),
      async (c) => {
        const invited = await c.invite(to);
        if (!invited.ok) return invited;
        callId = invited.data.callId;
        return ok({ self: { id: c.peerId ?? '', name: session.name }, peers: [] });
      },
    );
    if (!place) {
      error.value = room.error;
      return false;
    }
    outgoing.value = targets;
    declinedBy.value = [];
    busy.value = [];
    lastWasBusy = false;
    return true;
  }

  /** Answers a call, with microphone and camera on unless the ringing call was told otherwise. */
  async function accept(
    callId: string,
    how: { microphone: boolean; camera: boolean } = { microphone: true, camera: true },
  ): Promise<boolean> {
    if (!incoming.value.some((r) => r.callId === callId)) return false;
    // Set before the ring goes: what was opened for it (IncomingCall's preview) stays for the call.
    answering.value = callId;
    forgetRing(callId);
    error.value = null;
    const room = useRoomStore();
    let place: Awaited<ReturnType<typeof room.enter>>;
    try {
      // Answering while in a room or another call leaves it first, as a phone would.
      if (room.phase === 'in-room') await room.leave();
      await useMediaStore().start(how);
      place = await room.enter(
        () => ({ kind: 'call', callId }),
        (client) => client.accept(callId),
      );
    } finally {
      answering.value = null;
    }
    if (!place) error.value = room.error;
    outgoing.value = [];
    declinedBy.value = [];
    busy.value = [];
    lastWasBusy = false;
    return place !== null;
  }

  async function decline(callId: string): Promise<void> {
    if (!forgetRing(callId)) return;
    await attached?.decline(callId);
  }

  /** Withdraws the invitations still ringing; the caller stays in the call (alone: it then ends). */
  async function cancelRinging(): Promise<void> {
    const callId = useRoomStore().callId;
    if (!callId || !attached) return;
    outgoing.value = [];
    cancelledByUs = callId;
    await attached.cancel(callId);
  }

  function clearMissed(): void {
    missed.value = [];
    storage.local.remove(MISSED_CALLS);
  }

  return {
    incoming,
    ringingNow,
    answering,
    outgoing,
    missed,
    declinedBy,
    busy,
    error,
    attach,
    call,
    accept,
    decline,
    cancelRinging,
    clearMissed,
  };
});
