import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnitPc, UnitRequestData, UnitTrack } from '../../common/signaling/unit';
import { Forwarding, MESH_FALLBACK_MS } from '../../renderer/src/rtc/forwarding';
import { LocalMedia } from '../../renderer/src/rtc/local-tracks';
import { Mesh } from '../../renderer/src/rtc/mesh';
import { FakeStream, FakeTrack, fakeGetUserMedia } from '../fakes/dom/media';
import { createFakePeerConnection, FakePeerConnection } from '../fakes/dom/peer-connection';

const unitSent: { pc: UnitPc; data: UnitRequestData }[] = [];

function mesh(dataOnly = false): Mesh {
  return new Mesh({ selfId: 'b', send: () => {}, createPeerConnection: createFakePeerConnection, dataOnly });
}

function forwarding(on: Mesh): {
  forwarding: Forwarding;
  publish: FakePeerConnection;
  subscribe: FakePeerConnection;
} {
  const created = new Forwarding({
    mesh: on,
    send: (pc, data) => unitSent.push({ pc, data }),
    createPeerConnection: createFakePeerConnection,
    createStream: () => new FakeStream() as unknown as MediaStream,
  });
  const [publish, subscribe] = FakePeerConnection.created.slice(-2) as [
    FakePeerConnection,
    FakePeerConnection,
  ];
  return { forwarding: created, publish, subscribe };
}

async function startedMedia(): Promise<LocalMedia> {
  const media = new LocalMedia(fakeGetUserMedia());
  await media.start();
  return media;
}

function offerOf(tracks: UnitTrack[]): string {
  const lines = ['v=0'];
  for (const track of tracks) lines.push(`m=${track.kind} 9 UDP/TLS/RTP/SAVPF 96`, `a=mid:${track.mid}`);
  return `${lines.join('\r\n')}\r\n`;
}

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  unitSent.length = 0;
  FakePeerConnection.created = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('a room switching from mesh to the forwarding unit (make before break)', () => {
  it('shows a person’s stream over the link until the unit’s flows, then the unit’s', async () => {
    const m = mesh();
    m.addPeer({ id: 'ada', name: 'Ada' });
    const link = FakePeerConnection.created[0]!;
    const direct = new FakeStream();
    link.deliverTrack(new FakeTrack('video'), direct);
    await m.link('ada')!.handleSignal({
      kind: 'media',
      state: { micMuted: false, cameraOff: false, cameraStreamId: direct.id, screenStreamId: null },
    });
    expect(m.snapshot()[0]?.cameraStream).toBe(direct);

    const { forwarding: switched, subscribe } = forwarding(m);
    const table: UnitTrack[] = [
      { mid: '0', owner: 'ada', streamId: direct.id, kind: 'audio' },
      { mid: '1', owner: 'ada', streamId: direct.id, kind: 'video' },
    ];
    await switched.link.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: offerOf(table) } },
      tracks: table,
    });
    const viaUnit = switched.link.stream('ada', direct.id);
    expect(viaUnit).not.toBeNull();
    // Its track has received nothing yet: the link's stream stays on the tile.
    expect(m.snapshot()[0]?.cameraStream).toBe(direct);

    const snapshots: ReturnType<Mesh['snapshot']>[] = [];
    m.on('changed', (snapshot) => snapshots.push(snapshot));
    // Sound through the unit comes first: the link's moving picture stays until the unit's comes too.
    (subscribe.transceivers[0]!.receiver.track as FakeTrack).flow();
    expect(snapshots.at(-1)?.[0]?.cameraStream).toBe(direct);
    (subscribe.transceivers[1]!.receiver.track as FakeTrack).flow();
    expect(snapshots.at(-1)?.[0]?.cameraStream).toBe(viaUnit);
  });

  it('does not wait for the sound of a muted person: the unit never carries a muted microphone', async () => {
    const m = mesh();
    m.addPeer({ id: 'ada', name: 'Ada' });
    const link = FakePeerConnection.created[0]!;
    const direct = new FakeStream();
    const silence = new FakeTrack('audio');
    const picture = new FakeTrack('video');
    link.deliverTrack(silence, direct);
    link.deliverTrack(picture, direct);
    // A muted microphone still sends silence over a mesh link.
    silence.flow();
    picture.flow();
    await m.link('ada')!.handleSignal({
      kind: 'media',
      state: { micMuted: true, cameraOff: false, cameraStreamId: direct.id, screenStreamId: null },
    });
    const { forwarding: switched, subscribe } = forwarding(m);
    const table: UnitTrack[] = [{ mid: '0', owner: 'ada', streamId: direct.id, kind: 'video' }];
    await switched.link.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: offerOf(table) } },
      tracks: table,
    });
    const snapshots: ReturnType<Mesh['snapshot']>[] = [];
    m.on('changed', (snapshot) => snapshots.push(snapshot));
    (subscribe.transceivers[0]!.receiver.track as FakeTrack).flow();
    expect(snapshots.at(-1)?.[0]?.cameraStream).toBe(switched.link.stream('ada', direct.id));
  });

  it('takes the unit’s stream at once for a person whose link carries none', async () => {
    const m = mesh(true);
    m.addPeer({ id: 'ada', name: 'Ada' });
    await m.link('ada')!.handleSignal({
      kind: 'media',
      state: { micMuted: false, cameraOff: false, cameraStreamId: 'cam-a', screenStreamId: 'screen-a' },
    });
    const { forwarding: joined } = forwarding(m);
    const table: UnitTrack[] = [
      { mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'video' },
      { mid: '1', owner: 'ada', streamId: 'screen-a', kind: 'video' },
    ];
    await joined.link.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: offerOf(table) } },
      tracks: table,
    });
    const view = m.snapshot()[0]!;
    expect(view.cameraStream).toBe(joined.link.stream('ada', 'cam-a'));
    expect(view.screenStream).toBe(joined.link.stream('ada', 'screen-a'));
  });

  it('without word from a peer, stops sending over its link a while after both connections to the unit are up', async () => {
    vi.useFakeTimers();
    const m = mesh();
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'ada', name: 'Ada' });
    const link = FakePeerConnection.created[0]!;
    expect(link.senders.map((sender) => sender.track)).toEqual([media.audioTrack, media.videoTrack]);

    const { forwarding: switched, publish, subscribe } = forwarding(m);
    switched.setLocalMedia(media);
    expect(publish.transceivers.map((t) => t.sender.track)).toEqual([media.audioTrack, media.videoTrack]);
    // Still connecting to the unit: nothing changes on the links.
    vi.advanceTimersByTime(MESH_FALLBACK_MS * 2);
    expect(link.senders.map((sender) => sender.track)).toEqual([media.audioTrack, media.videoTrack]);

    // Our media reaches the unit, but nothing of the unit reaches us yet: still nothing changes.
    publish.setConnectionState('connected');
    vi.advanceTimersByTime(MESH_FALLBACK_MS * 2);
    expect(link.senders.map((sender) => sender.track)).toEqual([media.audioTrack, media.videoTrack]);
    subscribe.setConnectionState('connected');
    vi.advanceTimersByTime(MESH_FALLBACK_MS - 1);
    expect(link.senders.map((sender) => sender.track)).toEqual([media.audioTrack, media.videoTrack]);
    vi.advanceTimersByTime(1);
    expect(link.senders.map((sender) => sender.track)).toEqual([null, null]);

    // A link opened from now on carries no media either, and a share goes to the unit only.
    m.addPeer({ id: 'cy', name: 'Cy' });
    media.startScreenShare(new FakeStream([new FakeTrack('video')]) as unknown as MediaStream);
    m.setLocalMedia(media, media.state());
    switched.setLocalMedia(media);
    expect(FakePeerConnection.created.at(-1)?.senders).toEqual([]);
    expect(link.senders.map((sender) => sender.track)).toEqual([null, null]);
    expect(publish.transceivers).toHaveLength(3);
  });

  it('tells a peer once its media flows through the unit, and stops sending to a peer that says so', async () => {
    const m = mesh();
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'ada', name: 'Ada' });
    m.addPeer({ id: 'cy', name: 'Cy' });
    const [toAda, toCy] = FakePeerConnection.created as [FakePeerConnection, FakePeerConnection];
    const [adaControl, cyControl] = [toAda.channels[0]!, toCy.channels[0]!];
    adaControl.open();
    cyControl.open();
    const direct = new FakeStream();
    toAda.deliverTrack(new FakeTrack('video'), direct);
    await m.link('ada')!.handleSignal({
      kind: 'media',
      state: { micMuted: false, cameraOff: false, cameraStreamId: direct.id, screenStreamId: null },
    });
    const { forwarding: switched, subscribe } = forwarding(m);
    switched.setLocalMedia(media);
    const table: UnitTrack[] = [{ mid: '0', owner: 'ada', streamId: direct.id, kind: 'video' }];
    await switched.link.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: offerOf(table) } },
      tracks: table,
    });
    expect(adaControl.sent).not.toContain(JSON.stringify({ t: 'unit-media' }));
    (subscribe.transceivers[0]!.receiver.track as FakeTrack).flow();
    expect(adaControl.sent.filter((sent) => sent === JSON.stringify({ t: 'unit-media' }))).toHaveLength(1);

    // Cy receives us through the unit and says so: only the link to Cy stops sending.
    cyControl.receive(JSON.stringify({ t: 'unit-media' }));
    expect(toCy.senders.map((sender) => sender.track)).toEqual([null, null]);
    expect(toAda.senders.map((sender) => sender.track)).toEqual([media.audioTrack, media.videoTrack]);
  });

  it('tells a muted peer with the camera off that its screen arrives, not waiting for its silence', async () => {
    const m = mesh();
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'ada', name: 'Ada' });
    const toAda = FakePeerConnection.created[0]!;
    const control = toAda.channels[0]!;
    control.open();
    const camera = new FakeStream();
    const silence = new FakeTrack('audio');
    toAda.deliverTrack(silence, camera);
    silence.flow();
    const screen = new FakeStream();
    toAda.deliverTrack(new FakeTrack('video'), screen);
    await m.link('ada')!.handleSignal({
      kind: 'media',
      state: { micMuted: true, cameraOff: true, cameraStreamId: camera.id, screenStreamId: screen.id },
    });
    const { forwarding: switched, subscribe } = forwarding(m);
    switched.setLocalMedia(media);
    // Through the unit only her screen comes: a muted microphone is not sent there.
    const table: UnitTrack[] = [{ mid: '0', owner: 'ada', streamId: screen.id, kind: 'video' }];
    await switched.link.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: offerOf(table) } },
      tracks: table,
    });
    (subscribe.transceivers[0]!.receiver.track as FakeTrack).flow();
    expect(control.sent.filter((sent) => sent === JSON.stringify({ t: 'unit-media' }))).toHaveLength(1);
  });

  it('never sends media over the links of a room joined as forwarded', async () => {
    const m = mesh(true);
    const media = await startedMedia();
    m.setLocalMedia(media, media.state());
    m.addPeer({ id: 'ada', name: 'Ada' });
    const { forwarding: joined, publish } = forwarding(m);
    joined.setLocalMedia(media);
    expect(FakePeerConnection.created[0]?.senders).toEqual([]);
    expect(publish.transceivers).toHaveLength(2);
  });
});
