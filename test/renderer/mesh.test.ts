import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignalData } from '../../common/signaling/signal';
import { LocalMedia } from '../../renderer/src/rtc/local-tracks';
import { Mesh } from '../../renderer/src/rtc/mesh';
import { AWAIT_OFFER_MS } from '../../renderer/src/rtc/peer-link';
import { FakeStream, FakeTrack, fakeGetUserMedia } from '../fakes/dom/media';
import { createFakePeerConnection, FakePeerConnection } from '../fakes/dom/peer-connection';

const sent: { to: string; data: SignalData }[] = [];

function mesh(selfId = 'b') {
  return new Mesh({
    selfId,
    send: (to, data) => sent.push({ to, data }),
    createPeerConnection: createFakePeerConnection,
  });
}

async function startedMedia(): Promise<LocalMedia> {
  const media = new LocalMedia(fakeGetUserMedia());
  await media.start();
  return media;
}

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  sent.length = 0;
  FakePeerConnection.created = [];
});
afterEach(() => vi.unstubAllGlobals());

describe('Mesh', () => {
  it('gives the two ends of a link opposite politeness', () => {
    expect(Mesh.isPolite('a', 'b')).toBe(true);
    expect(Mesh.isPolite('b', 'a')).toBe(false);
  });

  it('opens one connection per peer with no STUN or TURN server, never one to itself', () => {
    const m = mesh('self');
    m.addPeer({ id: 'p1', name: 'Ada' });
    m.addPeer({ id: 'p1', name: 'Ada' });
    m.addPeer({ id: 'self', name: 'Me' });
    m.addPeer({ id: 'p2', name: 'Bob' });
    expect(FakePeerConnection.created).toHaveLength(2);
    expect(FakePeerConnection.created[0]?.config).toEqual({ iceServers: [] });
    expect(m.snapshot().map((p) => p.name)).toEqual(['Ada', 'Bob']);
  });

  it('sends camera and microphone to a new peer and tells it the media state', async () => {
    const m = mesh();
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'p1', name: 'Ada' });
    const pc = FakePeerConnection.created[0]!;
    expect(pc.senders.map((s) => s.track?.kind)).toEqual(['audio', 'video']);
    expect(sent).toContainEqual({ to: 'p1', data: { kind: 'media', state: media.state() } });
  });

  it('switches the camera with replaceTrack and adds then removes screen senders', async () => {
    const m = mesh();
    const media = await startedMedia();
    m.addPeer({ id: 'p1', name: 'Ada' });
    m.setLocalMedia(media, media.state());
    const pc = FakePeerConnection.created[0]!;
    await media.setCameraOff(true);
    m.setLocalMedia(media, media.state());
    expect(pc.senders).toHaveLength(2);
    expect(pc.senders[1]?.track).toBeNull();

    media.startScreenShare(new FakeStream([new FakeTrack('video')]) as unknown as MediaStream);
    m.setLocalMedia(media, media.state());
    expect(pc.senders).toHaveLength(3);
    media.stopScreenShare();
    m.setLocalMedia(media, media.state());
    expect(pc.removed).toHaveLength(1);
  });

  it('holds a signal from a peer it does not know yet and applies it once the peer is announced', async () => {
    const m = mesh();
    m.handleSignal('p1', { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } });
    m.handleSignal('p1', {
      kind: 'candidate',
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' },
    });
    expect(FakePeerConnection.created).toHaveLength(0);
    m.addPeer({ id: 'p1', name: 'Ada' });
    await vi.waitFor(() => expect(FakePeerConnection.created[0]?.candidates).toHaveLength(1));
    expect(FakePeerConnection.created[0]?.remoteDescriptions).toHaveLength(1);
  });

  it('labels remote streams as camera or screen from the ids the peer announced', async () => {
    const m = mesh();
    const snapshots: ReturnType<Mesh['snapshot']>[] = [];
    m.on('changed', (s) => snapshots.push(s));
    m.addPeer({ id: 'p1', name: 'Ada' });
    const pc = FakePeerConnection.created[0]!;
    const camera = new FakeStream();
    const screen = new FakeStream();
    pc.deliverTrack(new FakeTrack('video'), camera);
    pc.deliverTrack(new FakeTrack('video'), screen);
    await m.link('p1')!.handleSignal({
      kind: 'media',
      state: { micMuted: true, cameraOff: false, cameraStreamId: camera.id, screenStreamId: screen.id },
    });
    const view = m.snapshot()[0]!;
    expect(view.cameraStream).toBe(camera);
    expect(view.screenStream).toBe(screen);
    expect(view.micMuted).toBe(true);

    await m.link('p1')!.handleSignal({
      kind: 'media',
      state: { micMuted: false, cameraOff: false, cameraStreamId: camera.id, screenStreamId: null },
    });
    expect(m.snapshot()[0]?.screenStream).toBeNull();
    expect(snapshots.length).toBeGreaterThan(2);
  });

  it('closes the connection when a peer leaves and reports its state changes', () => {
    const m = mesh();
    m.addPeer({ id: 'p1', name: 'Ada' });
    const pc = FakePeerConnection.created[0]!;
    pc.setConnectionState('connected');
    expect(m.snapshot()[0]?.state).toBe('connected');
    m.removePeer('p1');
    expect(pc.closed).toBe(true);
    expect(m.snapshot()).toEqual([]);
  });
});

describe('first contact with a newcomer', () => {
  it('holds our tracks until the newcomer offers, then sends them with the answer', async () => {
    const m = mesh('b');
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'a', name: 'Ada' }, true);
    const pc = FakePeerConnection.created[0]!;
    expect(pc.senders).toHaveLength(0);
    await m.link('a')!.handleSignal({ kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(pc.senders.map((sender) => sender.track?.kind)).toEqual(['audio', 'video']);
    expect(sent.at(-1)?.data).toMatchObject({ kind: 'description', description: { type: 'answer' } });
  });

  it('offers by itself when the newcomer never does', async () => {
    vi.useFakeTimers();
    try {
      const m = mesh('b');
      const media = await startedMedia();
      m.setLocalMedia(media, media.state());
      m.addPeer({ id: 'a', name: 'Ada' }, true);
      const pc = FakePeerConnection.created[0]!;
      await vi.advanceTimersByTimeAsync(AWAIT_OFFER_MS - 100);
      expect(pc.senders).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(pc.senders).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends at once to peers that were already in the room', async () => {
    const m = mesh('b');
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'a', name: 'Ada' });
    expect(FakePeerConnection.created[0]?.senders).toHaveLength(2);
  });
});

describe('PeerLink perfect negotiation', () => {
  it('answers an offer that arrives while stable', async () => {
    const m = mesh('b');
    m.addPeer({ id: 'a', name: 'Ada' });
    await m.link('a')!.handleSignal({ kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(sent.at(-1)).toEqual({
      to: 'a',
      data: { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } },
    });
  });

  it('as the impolite side, ignores an offer that collides with its own', async () => {
    const m = mesh('b'); // 'b' > 'a': impolite towards 'a'
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'a', name: 'Ada' });
    const pc = FakePeerConnection.created[0]!;
    const negotiating = (async () => pc.onnegotiationneeded?.())();
    await negotiating;
    // Our own offer is out; make the collision visible by staying in have-local-offer.
    pc.signalingState = 'have-local-offer';
    await m.link('a')!.handleSignal({ kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(pc.remoteDescriptions).toHaveLength(0);
  });

  it('as the polite side, accepts a colliding offer (rolling back its own) and answers', async () => {
    const m = mesh('a'); // 'a' < 'b': polite towards 'b'
    m.addPeer({ id: 'b', name: 'Bob' });
    const pc = FakePeerConnection.created[0]!;
    pc.signalingState = 'have-local-offer';
    await m.link('b')!.handleSignal({ kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(pc.remoteDescriptions).toEqual([{ type: 'offer', sdp: 'v=0\r\n' }]);
    expect(sent.at(-1)?.data).toEqual({
      kind: 'description',
      description: { type: 'answer', sdp: 'v=0\r\n' },
    });
  });
});
