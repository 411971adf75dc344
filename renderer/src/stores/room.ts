/**
 * Room membership and the mesh of peer connections. Joining wires the signaling client, local media
 * and the mesh together; leaving undoes all of it and releases the devices.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ACK_TIMEOUT_MS } from '../../../common/limits';
import { CodedError, type ErrorCode } from '../../../common/result';
import { firstIssue, joinRequestSchema, type PeerInfo } from '../../../common/schemas';
import type { JoinedRoom } from '../../../common/signaling';
import type { Problem } from '../i18n/problem';
import type { LocalMedia } from '../rtc/local-tracks';
import { Mesh, type PeerView } from '../rtc/mesh';
import type { SignalingClient } from '../services/signaling-client';
import { RoomSession } from '../rtc/room-session';
import { sessionClientId } from '../services/client-id';
import { useChatStore } from './chat';
import { useMediaStore } from './media';
import { useSessionStore } from './session';
import { useTransfersStore } from './transfers';

export type RoomPhase = 'idle' | 'joining' | 'in-room';

export const useRoomStore = defineStore('room', () => {
  const phase = ref<RoomPhase>('idle');
  const room = ref<string | null>(null);
  const self = ref<PeerInfo | null>(null);
  const peers = shallowRef<PeerView[]>([]);
  /** Why joining failed; a code keeps it translatable (the UI words it, see i18n/problem.ts). */
  const error = ref<Problem | null>(null);
  /** Shown while the signaling connection is down and the room is being rebuilt. */
  const rejoining = ref(false);

  let mesh: Mesh | null = null;
  let roomSession: RoomSession | null = null;
  let unsubscribers: (() => void)[] = [];

  /** Chat and transfers live as long as we are in the room, across mesh rebuilds. */
  function startSession(): RoomSession {
    const transfers = useTransfersStore();
    const created = new RoomSession({
      clientId: sessionClientId(),
      selfName: () => self.value?.name ?? '',
      peers: () => peers.value.map(({ id, name }) => ({ id, name })),
      maxReceiveBytes: () => transfers.maxReceiveBytes(),
      openSink: (name, type, size) => transfers.openSink(name, type, size),
    });
    useChatStore().attach(created.chat);
    transfers.attach(created.transfers);
    return created;
  }

  /**
   * A mesh for our (new) id in the room: it sends our media, feeds chat and transfers, and links to
   * the peers already there. Chat and transfers outlive it across rejoins.
   */
  function startMesh(client: SignalingClient, local: LocalMedia, joined: JoinedRoom): void {
    room.value = joined.room;
    self.value = joined.self;
    const fresh = new Mesh({ selfId: joined.self.id, send: (to, data) => client.signal(to, data) });
    fresh.on('changed', (snapshot) => (peers.value = snapshot));
    mesh = fresh;
    roomSession ??= startSession();
    roomSession.attach(fresh);
    fresh.setLocalMedia(local, local.state());
    joined.peers.forEach((peer) => fresh.addPeer(peer));
  }

  async function join(roomName: string, displayName: string): Promise<boolean> {
    if (phase.value !== 'idle') return false;
    error.value = null;
    const request = joinRequestSchema.safeParse({ room: roomName, name: displayName });
    if (!request.success) {
      error.value = firstIssue(request.error).replace(/^(room|name): /, '');
      return false;
    }
    phase.value = 'joining';
    const session = useSessionStore();
    const media = useMediaStore();
    try {
      const client = await session.connect();
      if (!(await session.waitUntilConnected(ACK_TIMEOUT_MS))) {
        throw new CodedError(
          'SERVER_UNREACHABLE',
          `Cannot reach the server at ${session.serverUrl ?? 'this address'}. Is it running?`,
        );
      }
      const local = await media.start();
      const joined = await client.join(request.data);
      if (!joined.ok) throw new CodedError(joined.error.code, joined.error.message);

      startMesh(client, local, joined.data);
      unsubscribers.push(local.on('changed', () => mesh?.setLocalMedia(local, local.state())));
      unsubscribers.push(client.on('peer-joined', (peer) => mesh?.addPeer(peer, true)));
      unsubscribers.push(client.on('peer-left', ({ id }) => mesh?.removePeer(id)));
      unsubscribers.push(client.on('signal', ({ from, data }) => mesh?.handleSignal(from, data)));
      unsubscribers.push(client.on('status', (status) => (rejoining.value = status !== 'connected')));
      unsubscribers.push(client.on('reconnected', () => void rejoin(request.data)));
      phase.value = 'in-room';
      return true;
    } catch (cause) {
      // An unknown code is harmless: the UI then shows the message as it is.
      if (cause instanceof CodedError)
        error.value = { code: cause.code as ErrorCode, message: cause.message };
      else error.value = cause instanceof Error ? cause.message : 'Could not join the room.';
      teardown();
      media.stopAll();
      return false;
    }
  }

  /**
   * After a signaling drop the server has forgotten us: our old peer id is gone and peers have torn
   * down their links to it. Start over with a fresh mesh under the new id.
   */
  async function rejoin(request: { room: string; name: string }): Promise<void> {
    const client = useSessionStore().client;
    const local = useMediaStore().engine;
    if (!client || !local || phase.value !== 'in-room') return;
    mesh?.close();
    const joined = await client.join(request);
    if (!joined.ok) {
      error.value = joined.error;
      return;
    }
    startMesh(client, local, joined.data);
    rejoining.value = false;
  }

  async function leave(): Promise<void> {
    if (phase.value === 'idle') return;
    const client = useSessionStore().client;
    teardown();
    useMediaStore().stopAll();
    await client?.leave();
  }

  function teardown(): void {
    unsubscribers.forEach((off) => off());
    unsubscribers = [];
    mesh?.close();
    mesh = null;
    roomSession?.dispose();
    roomSession = null;
    useChatStore().detach();
    useTransfersStore().detach();
    peers.value = [];
    self.value = null;
    room.value = null;
    rejoining.value = false;
    phase.value = 'idle';
  }

  return { phase, room, self, peers, error, rejoining, join, leave };
});
