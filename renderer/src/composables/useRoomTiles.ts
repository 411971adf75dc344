/**
 * Every tile of the room view as plain data: our camera and share, each peer's camera and share, and
 * where each goes. The stage holds what deserves the space: the pinned tile if any, else the screens
 * others share, else (speaker view) the one speaking; the rest go to the strip beside or under it.
 * With none of these, the grid view gives the stage to everyone else and our own camera floats small
 * in a corner, as in any calling app. Our own shared screen is never the main picture (we have it in
 * front of us): it is a small preview, unless pinned. Several people may share at once; each screen
 * is its own tile.
 */
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { StageView } from '../stores/stage';
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

/** How the person arranged the call: the view chosen, and who speaks now ('self' or a peer id). */
export interface Arrangement {
  view: () => StageView;
  speaker: () => string | null;
}

export interface RoomTiles {
  /** The large tiles, sized together to fill the stage. */
  stage: ComputedRef<Tile[]>;
  /** Small tiles beside (or, on a phone, under) the stage. */
  strip: ComputedRef<Tile[]>;
  /** Our own small tiles floating in a corner of the stage (grid view, with others in the room). */
  floating: ComputedRef<Tile[]>;
  pinned: Ref<string | null>;
  togglePin(key: string): void;
}

const GRID: Arrangement = { view: () => 'grid', speaker: () => null };

export function useRoomTiles(
  local: () => LocalView,
  peers: () => PeerView[],
  arrangement: Arrangement = GRID,
): RoomTiles {
  const pinned = ref<string | null>(null);
  /** The last peer heard: the speaker view keeps them large through a silence. */
  const lastSpeaker = ref<string | null>(null);
  watch(arrangement.speaker, (id) => {
    if (id && id !== 'self') lastSpeaker.value = id;
  });

  const tiles = computed<Tile[]>(() => {
    const me = local();
    const base = { state: null, problem: null, peer: null, sharing: false };
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
        problem: peer.problem,
        peer,
      });
    }
    return list;
  });

  /** The tiles shown large with the others in a strip, or null for the grid. */
  const featured = computed<Set<string> | null>(() => {
    const all = tiles.value;
    // A pin on a tile that went away (share stopped, peer left) no longer counts.
    if (pinned.value && all.some((tile) => tile.key === pinned.value)) return new Set([pinned.value]);
    const shared = all.filter((tile) => tile.kind === 'screen' && !tile.local);
    if (shared.length) return new Set(shared.map((tile) => tile.key));
    if (arrangement.view() !== 'speaker') return null;
    const cameras = all.filter((tile) => tile.kind === 'camera' && !tile.local);
    const heard = [arrangement.speaker(), lastSpeaker.value];
    const speaking = heard.map((id) => cameras.find((tile) => tile.owner === id)).find(Boolean);
    const first = speaking ?? cameras[0];
    return first ? new Set([first.key]) : null;
  });

  const split = computed(() => {
    const all = tiles.value;
    const large = featured.value;
    if (large) {
      return {
        stage: all.filter((tile) => large.has(tile.key)),
        strip: all.filter((tile) => !large.has(tile.key)),
        floating: [],
      };
    }
    const others = all.filter((tile) => !tile.local);
    const own = all.filter((tile) => tile.local);
    // Alone: our camera has the stage, our shared screen (if any) floats as a preview.
    if (others.length === 0) {
      return {
        stage: own.filter((tile) => tile.kind === 'camera'),
        strip: [],
        floating: own.filter((tile) => tile.kind === 'screen'),
      };
    }
    return { stage: others, strip: [], floating: own };
  });

  return {
    stage: computed(() => split.value.stage),
    strip: computed(() => split.value.strip),
    floating: computed(() => split.value.floating),
    pinned,
    togglePin(key) {
      pinned.value = pinned.value === key ? null : key;
    },
  };
}
