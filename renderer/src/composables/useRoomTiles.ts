/**
 * Every tile of the room view as plain data: our camera and share, each peer's camera and share. The
 * stage holds what deserves the space: the pinned tile if any, else the shared screens; the rest go to
 * the strip. Several people may share at once; each screen is its own tile.
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue';
import type { IceProblem } from '../rtc/ice-diagnosis';
import type { LinkState } from '../rtc/peer-link';
import type { PeerView } from '../rtc/mesh';

export interface Tile {
  key: string;
  /** 'self' or a peer id: who it belongs to (for the active speaker). */
  owner: string;
  kind: 'camera' | 'screen';
  local: boolean;
  name: string;
  stream: MediaStream | null;
  micMuted: boolean;
  cameraOff: boolean;
  /** A camera tile whose owner is sharing a screen right now. */
  sharing: boolean;
  state: LinkState | null;
  sas: string | null;
  problem: IceProblem | null;
  peer: PeerView | null;
}

export interface LocalView {
  name: string;
  cameraStream: MediaStream | null;
  screenStream: MediaStream | null;
  micMuted: boolean;
  cameraOff: boolean;
}

export interface RoomTiles {
  stage: ComputedRef<Tile[]>;
  strip: ComputedRef<Tile[]>;
  pinned: Ref<string | null>;
  togglePin(key: string): void;
}

export function useRoomTiles(local: () => LocalView, peers: () => PeerView[]): RoomTiles {
  const pinned = ref<string | null>(null);

  const tiles = computed<Tile[]>(() => {
    const me = local();
    const base = { state: null, sas: null, problem: null, peer: null, sharing: false };
    const list: Tile[] = [];
    if (me.screenStream) {
      list.push({
        ...base,
        key: 'self-screen',
        owner: 'self',
        kind: 'screen',
        local: true,
        name: me.name,
        stream: me.screenStream,
        micMuted: false,
        cameraOff: false,
      });
    }
    for (const peer of peers()) {
      if (!peer.screenStream) continue;
      list.push({
        ...base,
        key: `screen-${peer.id}`,
        owner: peer.id,
        kind: 'screen',
        local: false,
        name: peer.name,
        stream: peer.screenStream,
        micMuted: false,
        cameraOff: false,
        peer,
      });
    }
    list.push({
      ...base,
      key: 'self',
      owner: 'self',
      kind: 'camera',
      local: true,
      name: me.name,
      stream: me.cameraStream,
      micMuted: me.micMuted,
      cameraOff: me.cameraOff,
      sharing: me.screenStream !== null,
    });
    for (const peer of peers()) {
      list.push({
        key: peer.id,
        owner: peer.id,
        kind: 'camera',
        local: false,
        name: peer.name,
        stream: peer.cameraStream,
        micMuted: peer.micMuted,
        cameraOff: peer.cameraOff,
        sharing: peer.screenStream !== null,
        state: peer.state,
        sas: peer.sas,
        problem: peer.problem,
        peer,
      });
    }
    return list;
  });

  const onStage = computed(() => {
    const all = tiles.value;
    // A pin on a tile that went away (share stopped, peer left) no longer counts.
    if (pinned.value && all.some((tile) => tile.key === pinned.value)) return new Set([pinned.value]);
    return new Set(all.filter((tile) => tile.kind === 'screen').map((tile) => tile.key));
  });

  return {
    stage: computed(() => tiles.value.filter((tile) => onStage.value.has(tile.key))),
    strip: computed(() => tiles.value.filter((tile) => !onStage.value.has(tile.key))),
    pinned,
    togglePin(key) {
      pinned.value = pinned.value === key ? null : key;
    },
  };
}
