/**
 * Coming back into the room after a signaling drop: the store presents the rejoin pass the last join
 * gave (kept in memory only), and a rejoin the server still refuses takes the user home saying why.
 */
import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../common/result';
import { createStorageArea, type StorageBackend } from '../../renderer/src/services/storage';
import { useRoomStore } from '../../renderer/src/stores/room';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';
import { inWords } from './i18n';

let client: FakeSignalingClient;
/** Everything written to the tab's storage, local and session, as text. */
let written: string[];

function recordingBackend(): StorageBackend {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      written.push(value);
      items.set(key, value);
    },
    removeItem: (key) => items.delete(key),
  };
}

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  FakePeerConnection.created = [];
  client = new FakeSignalingClient();
  written = [];
  const storage = {
    local: createStorageArea(recordingBackend()),
    session: createStorageArea(recordingBackend()),
  };
  setActivePinia(piniaWith(fakeServices({ connectSignaling: () => client, storage })));
});
afterEach(() => vi.unstubAllGlobals());

/** The signaling connection drops and comes back under a new socket. */
function dropAndReconnect(): void {
  client.serverEmit('connection:status', 'disconnected');
  client.serverEmit('connection:status', 'connected');
  client.serverEmit('connection:reconnected', undefined);
}

describe('rejoining after a signaling drop', () => {
  it('presents the pass the last join gave, each time the new one, and never stores it', async () => {
    client.peers = [{ id: 'p1', name: 'Bob' }];
    const room = useRoomStore();
    await room.join('standup', 'Ada', '2468');

    dropAndReconnect();
    await vi.waitFor(() => expect(client.joins).toHaveLength(2));
    dropAndReconnect();
    await vi.waitFor(() => expect(client.joins).toHaveLength(3));

    expect(client.joins).toEqual([
      { room: 'standup', name: 'Ada', pin: '2468' },
      { room: 'standup', name: 'Ada', rejoinPass: 'rejoin-pass-1' },
      { room: 'standup', name: 'Ada', rejoinPass: 'rejoin-pass-2' },
    ]);
    await vi.waitFor(() => expect(room.rejoining).toBe(false));
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((text) => text.includes('rejoin-pass'))).toEqual([]);
  });

  it('from a server that gives no pass, rejoins without one', async () => {
    const room = useRoomStore();
    client.nextJoin = ok({
      room: 'standup',
      self: { id: 'self-socket', name: 'Ada' },
      peers: [],
      host: 'self-socket',
      locked: false,
      mode: 'mesh',
    });
    await room.join('standup', 'Ada');
    dropAndReconnect();
    await vi.waitFor(() => expect(client.joins).toHaveLength(2));
    expect(client.joins[1]).toEqual({ room: 'standup', name: 'Ada' });
  });

  it('refused even so, goes home and says the room did not let us back in, and why', async () => {
    const room = useRoomStore();
    await room.join('standup', 'Ada');
    client.nextJoin = err('ROOM_LOCKED');

    dropAndReconnect();
    await vi.waitFor(() => expect(room.phase).toBe('idle'));
    expect(room.rejoining).toBe(false);
    expect(room.notice).toEqual({
      kind: 'rejoin-refused',
      problem: { code: 'ROOM_LOCKED', message: expect.any(String) },
    });
    expect(inWords(room.notice?.kind === 'rejoin-refused' ? room.notice.problem : null)).toBe(
      'This room is locked: nobody else can join right now.',
    );
  });
});
