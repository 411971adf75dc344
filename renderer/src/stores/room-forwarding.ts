/**
 * The room store's forwarding mode: whether the room carries media as a mesh or through the
 * forwarding unit, and the unit's connections while it does (rtc/forwarding.ts). Created once by the
 * room store, which hands it the mesh and what a unit link needs, and reads `mode` and `unit`.
 */
import { ref, shallowRef } from 'vue';
import type { RoomMode, UnitSignal } from '../../../common/signaling/unit';
import { Forwarding } from '../rtc/forwarding';
import type { LocalMedia } from '../rtc/local-tracks';
import type { Mesh } from '../rtc/mesh';
import type { UnitLinkView } from '../rtc/unit-link';
import type { SignalingClient } from '../services/signaling-client';
import type { GateAnswer, SendGate } from './media';

/** What a (re)built mesh's unit link needs: the signaling client, our media, the ICE servers. */
export interface ForwardingWiring {
  client: SignalingClient;
  local: LocalMedia;
  iceServers: RTCIceServer[];
  /** Where an unmute or camera-on asks the unit first (the media store's `gateSending`). */
  gateSending?: (gate: SendGate | null) => void;
}

export function createRoomForwarding() {
  /** How the room carries media: a full mesh, or through the forwarding unit. */
  const mode = ref<RoomMode>('mesh');
  /** The forwarding unit's connections, code and refusal while the room is forwarded; else null. */
  const unit = shallowRef<UnitLinkView | null>(null);
  let forwarding: Forwarding | null = null;
  let wiring: ForwardingWiring | null = null;

  /** The room carries media through the forwarding unit from now on (joined so, or switched). */
  function start(mesh: Mesh | null): void {
    if (!mesh || !wiring || forwarding) return;
    const { client, local, iceServers, gateSending } = wiring;
    mode.value = 'forwarded';
    const started = new Forwarding({
      mesh,
      send: (pc, data) => client.unitSignal(pc, data),
      rtcConfig: { iceServers },
    });
    started.on('changed', (view) => (unit.value = view));
    // What the unit refused is turned off here, so the controls show what is really sent.
    started.on('refused', (kinds) => {
      if (kinds.includes('microphone') && !local.micMuted) local.setMicMuted(true);
      if (kinds.includes('camera')) void local.setCameraOff(true);
      if (kinds.includes('screen')) local.stopScreenShare();
    });
    gateSending?.({
      ask: async (kind): Promise<GateAnswer> => {
        const answer = await started.askToSend(kind);
        if (answer === 'taken' || answer === 'refused') return answer;
        // With the server unreachable no answer could come: that is the reason to give.
        if (client.status !== 'connected') return 'offline';
        return answer === 'closed' ? 'interrupted' : answer;
      },
      giveBack: (kind) => started.giveBack(kind),
    });
    forwarding = started;
    started.setLocalMedia(local);
    unit.value = started.view();
  }

  /** Back to a mesh (a new mesh is being built, or the room is left). */
  function stop(): void {
    if (forwarding) wiring?.gateSending?.(null);
    forwarding?.close();
    forwarding = null;
    unit.value = null;
    mode.value = 'mesh';
  }

  return {
    mode,
    unit,
    start,
    stop,
    /** What the next start uses; null once the room is left. */
    wire: (next: ForwardingWiring | null) => (wiring = next),
    setLocalMedia: (local: LocalMedia) => forwarding?.setLocalMedia(local),
    handleSignal: (signal: UnitSignal) => forwarding?.handleSignal(signal),
    /** Audio levels by person (and `self`) from the unit's connections; null in a mesh room. */
    levels: (): Promise<Map<string, number>> | null => forwarding?.link.levels() ?? null,
    /** Our connections to the unit (screen quality reads our screen's sender); null in a mesh room. */
    link: () => forwarding?.link ?? null,
  };
}
