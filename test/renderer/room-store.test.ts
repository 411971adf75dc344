import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err } from '../../common/result';
import { createPlatform } from '../../renderer/src/services/platform';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useSessionStore } from '../../renderer/src/stores/session';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';
import { inWords } from './i18n';

let client: FakeSignalingClient;
let connectedTo: string[];

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  FakePeerConnection.created = [];
  client = new FakeSignalingClient();
  connectedTo = [];
  setActivePinia(
    piniaWith(
      fakeServices({
        connectSignaling: (url) => {
          connectedTo.push(url);
          return client;
        },
      }),
    ),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('room store', () => {
  it('refuses an empty name, naming the field, and contacts no server', async () => {
    const room = useRoomStore();
    expect(await room.join('standup', '   ')).toBe(false);
    expect(room.error).toEqual({ field: 'name', key: 'displayName.empty', params: { min: 1 } });
    expect(inWords(room.error)).toBe('Enter a display name.');
    expect(inWords(room.error, 'fr')).toBe('Saisissez un nom affiché.');
    expect(room.phase).toBe('idle');
    expect(connectedTo).toEqual([]);
  });

  it('refuses a room name with characters a link cannot carry', async () => {
    const room = useRoomStore();
    expect(await room.join('a/b?c', 'Ada')).toBe(false);
    expect(room.error).toMatchObject({ field: 'room', key: 'roomName.characters' });
    expect(inWords(room.error)).toMatch(/letters, digits/);
  });

  it('checks the PIN before asking the server, and says what is wrong in either language', async () => {
    const room = useRoomStore();
    expect(await room.join('standup', 'Ada', 'ab')).toBe(false);
    expect(inWords(room.error)).toBe('A room PIN has at least 4 characters.');
    expect(inWords(room.error, 'fr')).toBe('Un code PIN compte au moins 4 caractères.');
    expect(connectedTo).toEqual([]);
  });

  it('after a reload in a room, rejoins that room with the same name and PIN', async () => {
    const services = fakeServices({ connectSignaling: () => client });
    setActivePinia(piniaWith(services));
    expect(await useRoomStore().join('standup', 'Ada', '1234')).toBe(true);

    // The reload: new stores on the same tab's storage; the address bar still names the room.
    client = new FakeSignalingClient();
    setActivePinia(piniaWith(services));
    const room = useRoomStore();
    expect(await room.resumeAfterReload('standup')).toBe(true);
    expect(client.joins).toEqual([{ room: 'standup', name: 'Ada', pin: '1234' }]);
    expect(room.phase).toBe('in-room');
  });

  it('does not rejoin a room that was left, nor one other than the address bar names', async () => {
    const services = fakeServices({ connectSignaling: () => client });
    setActivePinia(piniaWith(services));
    expect(await useRoomStore().join('standup', 'Ada')).toBe(true);
    setActivePinia(piniaWith(services));
    expect(await useRoomStore().resumeAfterReload('design')).toBe(false);

    setActivePinia(piniaWith(services));
    expect(await useRoomStore().join('standup', 'Ada')).toBe(true);
    await useRoomStore().leave();
    client = new FakeSignalingClient();
    setActivePinia(piniaWith(services));
    expect(await useRoomStore().resumeAfterReload('standup')).toBe(false);
    expect(client.joins).toEqual([]);
  });

  it('joins, lists the peers already there and opens a connection to each', async () => {
    client.peers = [{ id: 'p1', name: 'Bob' }];
    const room = useRoomStore();
    expect(await room.join(' standup ', ' Ada ')).toBe(true);
    expect(connectedTo).toEqual(['http://127.0.0.1:4780']);
    expect(client.joins).toEqual([{ room: 'standup', name: 'Ada' }]);
    expect(room.phase).toBe('in-room');
    expect(room.self?.name).toBe('Ada');
    expect(room.peers.map((p) => p.name)).toEqual(['Bob']);
    expect(FakePeerConnection.created).toHaveLength(1);
    expect(useMediaStore().cameraStream).not.toBeNull();
  });

  it('keeps what arrives right after the join is answered: a newcomer and a signal from a peer', async () => {
    client.peers = [{ id: 'p1', name: 'Bob' }];
    // Every other request takes a round trip; the server answers the join, then relays at once:
    // Bob tells his media state, Cy arrives. Both come before any later answer could.
    const servers = client.iceServers.bind(client);
    client.iceServers = () => new Promise((done) => setTimeout(() => done(servers())));
    const answer = client.join.bind(client);
    client.join = async (request) => {
      const joined = await answer(request);
      setTimeout(() => {
        client.serverEmit('signal', {
          from: 'p1',
          data: {
            kind: 'media',
            state: { micMuted: true, cameraOff: true, cameraStreamId: null, screenStreamId: 'bob-screen' },
          },
        });
        client.serverEmit('peer:joined', { id: 'p2', name: 'Cy' });
      });
      return joined;
    };
    const room = useRoomStore();
    expect(await room.join('standup', 'Ada')).toBe(true);
    await vi.waitFor(() => expect(room.peers.map((p) => p.name)).toEqual(['Bob', 'Cy']));
    await vi.waitFor(() => expect(room.peers[0]).toMatchObject({ micMuted: true, cameraOff: true }));
  });

  it('follows peers joining and leaving', async () => {
    const room = useRoomStore();
    await room.join('standup', 'Ada');
    client.serverEmit('peer:joined', { id: 'p2', name: 'Cy' });
    expect(room.peers.map((p) => p.name)).toEqual(['Cy']);
    client.serverEmit('peer:left', { id: 'p2' });
    expect(room.peers).toEqual([]);
    expect(FakePeerConnection.created[0]?.closed).toBe(true);
  });

  it('shows the server refusal and releases the devices', async () => {
    client.nextJoin = err('ALREADY_IN_ROOM');
    const room = useRoomStore();
    expect(await room.join('standup', 'Ada')).toBe(false);
    expect(inWords(room.error)).toBe('You are already in a room. Leave it before joining another.');
    expect(inWords(room.error, 'fr')).toBe(
      'Vous êtes déjà dans une salle. Quittez-la avant d’en rejoindre une autre.',
    );
    expect(room.phase).toBe('idle');
    expect(useMediaStore().engine).toBeNull();
  });

  it('says plainly when the server cannot be reached', async () => {
    client.status = 'disconnected';
    vi.useFakeTimers();
    const room = useRoomStore();
    const joining = room.join('standup', 'Ada');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await joining).toBe(false);
    vi.useRealTimers();
    expect(inWords(room.error)).toBe('Cannot reach the server at http://127.0.0.1:4780. Is it running?');
    expect(inWords(room.error, 'fr')).toBe(
      'Impossible de joindre le serveur à http://127.0.0.1:4780. Est-il démarré ?',
    );
  });

  it('leaving closes every connection, tells the server and releases camera and microphone', async () => {
    client.peers = [{ id: 'p1', name: 'Bob' }];
    const room = useRoomStore();
    await room.join('standup', 'Ada');
    const track = useMediaStore().engine!.videoTrack!;
    await room.leave();
    expect(client.leaves).toBe(1);
    expect(FakePeerConnection.created[0]?.closed).toBe(true);
    expect(track.readyState).toBe('ended');
    expect(room.phase).toBe('idle');
    expect(useSessionStore().client).toBe(client);
  });

  it('rebuilds the room under a new id after the signaling connection comes back', async () => {
    client.peers = [{ id: 'p1', name: 'Bob' }];
    const room = useRoomStore();
    await room.join('standup', 'Ada');
    const firstId = room.self?.id;
    client.serverEmit('connection:status', 'disconnected');
    expect(room.rejoining).toBe(true);
    client.serverEmit('connection:status', 'connected');
    client.serverEmit('connection:reconnected', undefined);
    await vi.waitFor(() => expect(room.self?.id).not.toBe(firstId));
    expect(client.joins).toHaveLength(2);
    expect(FakePeerConnection.created[0]?.closed).toBe(true);
    expect(FakePeerConnection.created).toHaveLength(2);
    expect(room.rejoining).toBe(false);
  });

  it('counts wrong PINs given for our room until dismissed or left', async () => {
    const room = useRoomStore();
    await room.join('standup', 'Ada', '2468');
    client.serverEmit('room:pin-failures', { room: 'standup', count: 1 });
    client.serverEmit('room:pin-failures', { room: 'elsewhere', count: 9 });
    client.serverEmit('room:pin-failures', { room: 'standup', count: 2 });
    expect(room.pinFailures).toBe(2);
    room.dismissPinFailures();
    expect(room.pinFailures).toBe(0);
    client.serverEmit('room:pin-failures', { room: 'standup', count: 3 });
    await room.leave();
    expect(room.pinFailures).toBe(0);
  });
});

describe('platform', () => {
  it('explains an insecure address instead of failing obscurely', async () => {
    const { media } = createPlatform(fakeWindow({ secure: false }).win);
    await expect(media.getUserMedia({ audio: true })).rejects.toMatchObject({
      name: 'InsecureContextError',
    });
    await expect(media.getDisplayMedia({ video: true })).rejects.toMatchObject({
      name: 'InsecureContextError',
    });
  });
});
