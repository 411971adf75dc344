/**
 * The people of the current room beyond their media: who hosts and whether the room is locked, our
 * own raised hand, the reactions floating over tiles, the host's ask to unmute, and the People panel
 * (which shares the side area with the chat: opening one closes the other). The room store feeds it
 * what the server and the links say; the host's controls go to the server from here.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { REACTIONS, type Reaction } from '../../../common/reactions';
import type { Result } from '../../../common/result';
import type { RoomState } from '../../../common/signaling/room';
import type { Problem } from '../i18n/problem';
import type { RoomSession } from '../rtc/room-session';
import type { SignalingClient } from '../services/signaling-client';
import { useChatStore } from './chat';
import { useMediaStore } from './media';
import { useSessionStore } from './session';

/** How long a reaction floats over its tile. */
export const REACTION_SHOWN_MS = 4_000;
/** Reactions floating at once over one tile; an older one makes way for a newer. */
const FLOATING_PER_OWNER = 3;

/** One reaction over a tile: `owner` is 'self' or the sender's peer id, as tiles name owners. */
export interface FloatingReaction {
  id: number;
  owner: string;
  emoji: Reaction;
}

/** Our host and lock as the join answered, or as `room:updated` said since. */
export interface RoomAdmin {
  selfId: string;
  host: string | null;
  locked: boolean;
}

export const usePeopleStore = defineStore('people', () => {
  const chat = useChatStore();
  const open = ref(false);
  const handRaised = ref(false);
  const selfId = ref<string | null>(null);
  const host = ref<string | null>(null);
  const locked = ref(false);
  const isHost = computed(() => host.value !== null && host.value === selfId.value);
  /** The host who asks us to unmute, until we answer; a later ask replaces it. */
  const unmuteAskedBy = ref<string | null>(null);
  const reactions = shallowRef<FloatingReaction[]>([]);
  /** The latest reaction, for the polite announcement screen readers hear; null when none yet. */
  const lastReaction = shallowRef<FloatingReaction | null>(null);
  /** Why a host control was refused, until dismissed or another succeeds. */
  const problem = ref<Problem | null>(null);
  let session: RoomSession | null = null;
  let offs: (() => void)[] = [];
  let nextId = 1;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  watch(
    () => chat.open,
    (chatOpen) => {
      if (chatOpen) open.value = false;
    },
    { flush: 'sync' },
  );

  function setOpen(value: boolean): void {
    open.value = value;
    if (value) chat.setOpen(false);
  }

  /** Reactions travel over the links of this room session (rtc/room-session.ts). */
  function attach(next: RoomSession): void {
    offs.forEach((off) => off());
    session = next;
    offs = [next.on('reaction', ({ peerId, emoji }) => float(peerId, emoji))];
  }

  function entered(admin: RoomAdmin): void {
    selfId.value = admin.selfId;
    host.value = admin.host;
    locked.value = admin.locked;
  }

  function updated(state: RoomState): void {
    host.value = state.host;
    locked.value = state.locked;
  }

  /** Only the host may ask (the server checks it too); anything else is dropped. */
  function unmuteAsked(from: string): void {
    if (from !== host.value || from === selfId.value) return;
    unmuteAskedBy.value = from;
  }

  /** Our answer to the ask: only this click turns the microphone on. */
  function answerUnmute(unmute: boolean): void {
    unmuteAskedBy.value = null;
    const media = useMediaStore();
    if (unmute && media.micMuted) void media.toggleMute();
  }

  function toggleHand(): void {
    handRaised.value = !handRaised.value;
  }

  function react(emoji: Reaction): void {
    if (!REACTIONS.includes(emoji)) return;
    session?.react(emoji);
    float('self', emoji);
  }

  function float(owner: string, emoji: Reaction): void {
    const reaction = { id: nextId++, owner, emoji };
    const mine = reactions.value.filter((r) => r.owner === owner);
    const dropped = mine.length >= FLOATING_PER_OWNER ? mine[0] : undefined;
    reactions.value = [...reactions.value.filter((r) => r !== dropped), reaction];
    lastReaction.value = reaction;
    const timer = setTimeout(() => {
      timers.delete(timer);
      reactions.value = reactions.value.filter((r) => r.id !== reaction.id);
    }, REACTION_SHOWN_MS);
    timers.add(timer);
  }

  /** A host control: true when done; a refusal is kept in `problem` for the panel to say. */
  async function hostRequest(request: (client: SignalingClient) => Promise<Result<null>>): Promise<boolean> {
    const client = useSessionStore().client;
    if (!client) return false;
    const result = await request(client);
    problem.value = result.ok ? null : result.error;
    return result.ok;
  }

  const lock = (value: boolean) => hostRequest((client) => client.lockRoom(value));
  const remove = (peerId: string) => hostRequest((client) => client.removePeer(peerId));
  const askUnmute = (peerId: string) => hostRequest((client) => client.askUnmute(peerId));

  function reset(): void {
    offs.forEach((off) => off());
    offs = [];
    session = null;
    timers.forEach((timer) => clearTimeout(timer));
    timers.clear();
    open.value = false;
    handRaised.value = false;
    selfId.value = null;
    host.value = null;
    locked.value = false;
    unmuteAskedBy.value = null;
    reactions.value = [];
    lastReaction.value = null;
    problem.value = null;
  }

  return {
    open,
    setOpen,
    handRaised,
    toggleHand,
    host,
    locked,
    isHost,
    unmuteAskedBy,
    answerUnmute,
    reactions,
    lastReaction,
    react,
    problem,
    dismissProblem: () => (problem.value = null),
    lock,
    remove,
    askUnmute,
    attach,
    entered,
    updated,
    unmuteAsked,
    reset,
  };
});
