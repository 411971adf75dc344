/**
 * Membership of one room or call, and the mesh of peer connections. Entering wires the signaling
 * client, local media and the mesh together; leaving undoes all of it and releases the devices. A named
 * room and a direct call differ only in how they are entered and in what a signaling drop means.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { ACK_TIMEOUT_MS } from '../../../common/limits';
import { issueOf } from '../../../common/issues';
import type { Result } from '../../../common/result';
import type { PeerInfo } from '../../../common/signaling/room';
import type { Problem } from '../i18n/problem';
import { createLogger } from '../log';
import type { LocalMedia } from '../rtc/local-tracks';
import { Mesh, type PeerView } from '../rtc/mesh';
import type { SignalingClient } from '../services/signaling-client';
import { RoomSession } from '../rtc/room-session';
import { injectServices } from '../services';
import { sessionClientId } from '../services/client-id';
import { CURRENT_ROOM } from '../services/storage';
import { useAnnotationsStore } from './annotations';
import { useChatStore } from './chat';
import {
  checkJoinRequest,
  type Entered,
  type LinkTrust,
  type Place,
  type RoomNotice,
  type RoomPhase,
} from './room-contract';
import { createRoomForwarding } from './room-forwarding';
import { useMediaStore } from './media';
import { usePeopleStore } from './people';
import { useSessionStore } from './session';
import { useTransfersStore } from './transfers';
import { useTrustStore } from './trust';

const log = createLogger('store:room');

// Their home is room-contract.ts; importers of the store find them here too.
export { checkJoinRequest };
export type { Entered, LinkTrust, Place, RoomNotice, RoomPhase };

const PENDING_TRUST: LinkTrust = { trust: { kind: 'pending' }, held: false };

export const useRoomStore = defineStore('room', () => {
  const services = injectServices();
  const { storage } = services;
  const phase = ref<RoomPhase>('idle');
  const place = ref<Place | null>(null);
  const room = computed(() => (place.value?.kind === 'room' ? place.value.name : null));
  const callId = computed(() => (place.value?.kind === 'call' ? place.value.callId : null));
  const self = ref<PeerInfo | null>(null);
  const peers = shallowRef<PeerView[]>([]);
  /** Why entering failed, as data the UI words (i18n/problem.ts). */
  const error = ref<Problem | null>(null);
  /** Why we are back home (the call ended, we were removed…), shown once on the Home screen. */
  const notice = ref<RoomNotice | null>(null);
  /** Shown while the signaling connection is down and the room is being rebuilt. */
  const rejoining = ref(false);
  /** Wrong PINs given lately for the room we created (the server slows guessing and tells us). */
  const pinFailures = ref(0);
  /** Each link's checked identity, by peer id (see rtc/identities.ts). */
  const trustByPeer = shallowRef(new Map<string, LinkTrust>());
  const forwarding = createRoomForwarding();

  let mesh: Mesh | null = null;
  let roomSession: RoomSession | null = null;
  /**
   * What the last `room:join` ack gave for coming back after a signaling drop (past the room's lock and
   * PIN). A secret: kept in memory only, never in storage; gone with the room.
   */
  let rejoinPass: string | undefined;
  let unsubscribers: (() => void)[] = [];

  /** Chat and transfers live as long as we are in the room, across mesh rebuilds. */
  function startSession(): RoomSession {
    const transfers = useTransfersStore();
    const trust = useTrustStore();
    const session = useSessionStore();
    const media = useMediaStore();
    const nameOf = (peerId: string) => peers.value.find((peer) => peer.id === peerId)?.name ?? '';
    const created = new RoomSession({
      clientId: sessionClientId(storage.session),
      selfName: () => self.value?.name ?? '',
      place: () => placeKey(place.value),
      signer: () => services.deviceKey(),
      selfDeviceId: () => session.deviceId,
      // A verified contact's name with another key (or none): nothing of ours until the user decides.
      shouldHold: (peerId, linkTrust) => trust.standing(nameOf(peerId), linkTrust) === 'key-changed',
      peers: () => peers.value.map(({ id, name }) => ({ id, name })),
      maxReceiveBytes: () => transfers.maxReceiveBytes(),
      openSink: (name, type, size) => transfers.openSink(name, type, size),
      annotations: {
        selfId: () => self.value?.id ?? null,
        ownerOf: (share) =>
          media.screenStream?.id === share
            ? 'self'
            : (peers.value.find((peer) => peer.link.remoteMedia?.screenStreamId === share)?.id ?? null),
      },
    });
    created.on('trust', ({ peerId, ...state }) => {
      trustByPeer.value = new Map(trustByPeer.value).set(peerId, state);
    });
    useChatStore().attach(created.chat);
    transfers.attach(created.transfers);
    usePeopleStore().attach(created);
    useAnnotationsStore().attach(created.annotations);
    return created;
  }

  /**
   * A mesh for our (new) id: it sends our media, feeds chat and transfers, and links to the peers
   * already there. Chat and transfers outlive it across rejoins. Built at once when the join is
   * answered, with ICE servers fetched before: peers signal us (their media state says which stream
   * is a shared screen) as soon as the server lists us, and an await here lost those signals.
   */
  function startMesh(
    client: SignalingClient,
    local: LocalMedia,
    entered: Entered,
    iceServers: RTCIceServer[],
  ): void {
    self.value = entered.self;
    forwarding.wire({ client, local, iceServers, gateSending: useMediaStore().gateSending });
    const forwarded = entered.mode === 'forwarded';
    const fresh = new Mesh({
      selfId: entered.self.id,
      send: (to, data) => client.signal(to, data),
      rtcConfig: { iceServers },
      dataOnly: forwarded,
    });
    fresh.on('changed', (snapshot) => (peers.value = snapshot));
    mesh = fresh;
    roomSession ??= startSession();
    trustByPeer.value = new Map();
    roomSession.attach(fresh);
    const people = usePeopleStore();
    people.entered({ selfId: entered.self.id, host: entered.host ?? null, locked: entered.locked ?? false });
    fresh.setLocalMedia(local, { ...local.state(), handRaised: people.handRaised });
    forwarding.stop();
    if (forwarded) forwarding.start(fresh);
    entered.peers.forEach((peer) => fresh.addPeer(peer));
  }

  /**
   * Connects if needed, opens camera and microphone, runs `open` (join a room, start or accept a call)
   * and builds the mesh. Any failure comes back in `error` with the devices released.
   */
  async function enter(
    target: (entered: Entered) => Place,
    open: (client: SignalingClient) => Promise<Result<Entered>>,
  ): Promise<Place | null> {
    if (phase.value !== 'idle') return null;
    error.value = null;
    notice.value = null;
    phase.value = 'joining';
    const session = useSessionStore();
    const media = useMediaStore();
    const fail = (problem: Problem): null => {
      error.value = problem;
      teardown();
      media.stopAll();
      return null;
    };
    try {
      const client = await session.connect();
      if (!(await session.waitUntilConnected(ACK_TIMEOUT_MS))) {
        return fail({ words: 'problems.serverUnreachable', params: { url: session.serverUrl ?? '' } });
      }
      const local = await media.start();
      const iceServers = await session.iceServers();
      const entered = await open(client);
      if (!entered.ok) return fail(entered.error);
      place.value = target(entered.data);
      // No await from here to the listeners: what the server relays next must find them (see startMesh).
      startMesh(client, local, entered.data, iceServers);
      const people = usePeopleStore();
      const announce = () => {
        mesh?.setLocalMedia(local, { ...local.state(), handRaised: people.handRaised });
        forwarding.setLocalMedia(local);
      };
      unsubscribers.push(
        local.on('changed', announce),
        // A raised hand is part of what we tell every link, like being muted (see docs/PROTOCOL.md).
        // At once, so a link opened right after (a newcomer) is already told the new state.
        watch(() => people.handRaised, announce, { flush: 'sync' }),
        client.on('peer:joined', (peer) => mesh?.addPeer(peer, true)),
        client.on('peer:left', ({ id }) => mesh?.removePeer(id)),
        client.on('signal', ({ from, data }) => mesh?.handleSignal(from, data)),
        client.on('room:mode', ({ mode: next }) => {
          if (next === 'forwarded') forwarding.start(mesh);
        }),
        client.on('unit:signal', (signal) => forwarding.handleSignal(signal)),
        client.on('connection:status', (status) => (rejoining.value = status !== 'connected')),
        client.on('connection:reconnected', () => void rejoin()),
        client.on('room:removed', () => endLocally({ kind: 'removed' })),
        client.on('room:updated', (state) => people.updated(state)),
        client.on('room:unmute-asked', ({ from }) => people.unmuteAsked(from)),
        client.on('room:pin-failures', ({ room: name, count }) => {
          if (name === room.value) pinFailures.value = count;
        }),
      );
      phase.value = 'in-room';
      return place.value;
    } catch (cause) {
      // Not an expected failure (those are Results above): a bug or a platform error, logged.
      log.error('could not enter', cause);
      return fail({ words: 'problems.joinFailed' });
    }
  }

  async function join(
    roomName: string,
    displayName: string,
    pin?: string,
    present = false,
  ): Promise<boolean> {
    if (phase.value !== 'idle') return false;
    error.value = null;
    const request = checkJoinRequest(roomName, displayName, pin, present);
    if (!request.success) {
      error.value = issueOf(request.error);
      return false;
    }
    const { room: name } = request.data;
    const joined = await enter(
      () => ({ kind: 'room', name }),
      async (client) => {
        const answer = await client.join(request.data);
        if (answer.ok) rejoinPass = answer.data.rejoinPass;
        return answer;
      },
    );
    if (joined !== null) storage.session.write(CURRENT_ROOM, request.data);
    return joined !== null;
  }

  /**
   * After a reload (F5) in a room, whose name the address bar keeps: joins it again as before, with the
   * same name and PIN. False when this tab was in no room, or in another one than `linkRoom`.
   */
  async function resumeAfterReload(linkRoom: string): Promise<boolean> {
    const last = storage.session.read(CURRENT_ROOM);
    if (!reloadedIn(linkRoom) || !last || phase.value !== 'idle') return false;
    return join(last.room, last.name, last.pin);
  }

  /** Whether this tab was in `linkRoom` when it was reloaded (see {@link resumeAfterReload}). */
  function reloadedIn(linkRoom: string): boolean {
    return linkRoom !== '' && storage.session.read(CURRENT_ROOM)?.room === linkRoom;
  }

  /**
   * After a signaling drop the server has forgotten us: our old peer id is gone and peers have torn
   * down their links to it. A room starts over with a fresh mesh under the new id; a call cannot be
   * rejoined (it was private to the old connection), so it ends.
   */
  async function rejoin(): Promise<void> {
    const session = useSessionStore();
    const client = session.client;
    const local = useMediaStore().engine;
    const current = place.value;
    if (!client || !local || phase.value !== 'in-room' || !current) return;
    if (current.kind === 'call') {
      endLocally({ kind: 'signaling-dropped' });
      return;
    }
    forwarding.stop();
    mesh?.close();
    const iceServers = await session.iceServers();
    const name = self.value?.name ?? session.name;
    const pass = rejoinPass === undefined ? {} : { rejoinPass };
    const joined = await client.join({ room: current.name, name, ...pass });
    if (!joined.ok) {
      // Staying would show "reconnecting" for ever: home, saying the room did not let us back in.
      endLocally({ kind: 'rejoin-refused', problem: joined.error });
      return;
    }
    rejoinPass = joined.data.rejoinPass;
    startMesh(client, local, joined.data, iceServers);
    rejoining.value = false;
  }

  async function leave(): Promise<void> {
    if (phase.value === 'idle') return;
    const client = useSessionStore().client;
    teardown();
    useMediaStore().stopAll();
    await client?.leave();
  }

  /** Back to Home without telling the server (it ended the call or removed us), with the reason. */
  function endLocally(reason: RoomNotice | null): void {
    if (phase.value === 'idle') return;
    teardown();
    useMediaStore().stopAll();
    notice.value = reason;
  }

  /** The checked identity of a peer's link; pending until its hello. */
  function trustOf(peerId: string): LinkTrust {
    return trustByPeer.value.get(peerId) ?? PENDING_TRUST;
  }

  /** The security code did not match: nothing of ours goes to this peer until released. */
  function holdPeer(peerId: string): void {
    roomSession?.hold(peerId);
  }

  /** The user verified this peer, or chose to go on with it: what waited for it goes out. */
  function releasePeer(peerId: string): void {
    roomSession?.release(peerId);
  }

  function teardown(): void {
    unsubscribers.forEach((off) => off());
    unsubscribers = [];
    forwarding.stop();
    forwarding.wire(null);
    mesh?.close();
    mesh = null;
    roomSession?.dispose();
    roomSession = null;
    useChatStore().detach();
    useTransfersStore().detach();
    usePeopleStore().reset();
    useAnnotationsStore().detach();
    peers.value = [];
    self.value = null;
    place.value = null;
    rejoining.value = false;
    pinFailures.value = 0;
    trustByPeer.value = new Map();
    rejoinPass = undefined;
    phase.value = 'idle';
    storage.session.remove(CURRENT_ROOM);
  }

  return {
    phase,
    place,
    room,
    callId,
    self,
    peers,
    error,
    notice,
    rejoining,
    pinFailures,
    dismissPinFailures: () => (pinFailures.value = 0),
    trustByPeer,
    mode: forwarding.mode,
    unit: forwarding.unit,
    /** Audio levels by person (and `self`) from the forwarding unit's connections; null in a mesh room. */
    forwardedLevels: forwarding.levels,
    /** Our connections to the forwarding unit, for screen quality; null in a mesh room. */
    unitLink: forwarding.link,
    trustOf,
    holdPeer,
    releasePeer,
    enter,
    join,
    leave,
    endLocally,
    resumeAfterReload,
    reloadedIn,
  };
});

/** What signed hellos are bound to: the room's name or the call's id, as the server knows them. */
function placeKey(place: Place | null): string | null {
  if (!place) return null;
  return place.kind === 'room' ? `room:${place.name}` : `call:${place.callId}`;
}
