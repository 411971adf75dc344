/**
 * The room store in forwarding mode: the join's `present` and the ack's `mode`, the switch on
 * `room:mode`, and `unit:signal` both ways through the signaling client.
 */
import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useRoomStore } from '../../renderer/src/stores/room';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';

let client: FakeSignalingClient;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  FakePeerConnection.created = [];
  client = new FakeSignalingClient();
  setActivePinia(piniaWith(fakeServices({ connectSignaling: () => client })));
});
afterEach(() => vi.unstubAllGlobals());

const OFFER = 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n';

/** The unit's subscribe offer: Ada's camera, the one stream it forwards. */
async function adaSends(client: FakeSignalingClient) {
  client.serverEmit('unit:signal', {
    pc: 'subscribe',
    data: { kind: 'description', description: { type: 'offer', sdp: OFFER } },
    tracks: [{ mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'video' }],
  });
  await vi.waitFor(() => expect(useRoomStore().unitLink()?.subscriber.pc.signalingState).toBe('stable'));
}

describe('a room through the forwarding unit', () => {
  it('asks for a presentation room and connects to the unit when the join says forwarded', async () => {
    client.mode = 'forwarded';
    client.peers = [{ id: 'ada', name: 'Ada' }];
    const room = useRoomStore();
    expect(await room.join('all-hands', 'Bob', undefined, true)).toBe(true);
    expect(client.joins).toEqual([{ room: 'all-hands', name: 'Bob', present: true }]);
    expect(room.mode).toBe('forwarded');
    expect(room.unit).toMatchObject({ publish: 'connecting', subscribe: 'connecting', refused: null });
    // The link to Ada (data only), then the publish and subscribe connections to the unit.
    expect(FakePeerConnection.created).toHaveLength(3);
    expect(FakePeerConnection.created[0]?.senders).toEqual([]);

    client.serverEmit('unit:signal', {
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: OFFER } },
      tracks: [{ mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'video' }],
    });
    await vi.waitFor(() =>
      expect(client.unitSignals).toContainEqual({
        pc: 'subscribe',
        data: { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } },
      }),
    );
    expect(room.unitLink()?.stream('ada', 'cam-a')?.getTracks()).toHaveLength(1);
  });

  it('does not ask for a presentation room unless chosen', async () => {
    expect(await useRoomStore().join('standup', 'Bob')).toBe(true);
    expect(client.joins).toEqual([{ room: 'standup', name: 'Bob' }]);
  });

  it('switches a mesh room to the unit on `room:mode`, sending our media there too', async () => {
    client.peers = [{ id: 'ada', name: 'Ada' }];
    const room = useRoomStore();
    expect(await room.join('standup', 'Bob')).toBe(true);
    expect(room.mode).toBe('mesh');
    expect(room.unit).toBeNull();
    const meshLink = FakePeerConnection.created[0]!;
    const sending = meshLink.senders.map((sender) => sender.track);
    expect(sending).toHaveLength(2);

    client.serverEmit('room:mode', { mode: 'forwarded' });
    expect(room.mode).toBe('forwarded');
    const publish = FakePeerConnection.created[1]!;
    expect(publish.transceivers.map((t) => t.sender.track)).toEqual(sending);
    // Make before break: the link still sends until our media reached the unit.
    expect(meshLink.senders.map((sender) => sender.track)).toEqual(sending);

    await room.leave();
    expect(room.mode).toBe('mesh');
    expect(room.unit).toBeNull();
    expect(publish.closed).toBe(true);
  });

  it('unmutes only once the unit takes the microphone; refused, stays muted and says why', async () => {
    client.mode = 'forwarded';
    const room = useRoomStore();
    const media = useMediaStore();
    expect(await room.join('all-hands', 'Bob')).toBe(true);
    const publish = FakePeerConnection.created[0]!;
    const [audio, video] = publish.transceivers;
    /** The unit's answer to our next publish offer, our microphone taken or not. */
    const answer = async (microphone: 'recvonly' | 'inactive') => {
      publish.onnegotiationneeded?.();
      await vi.waitFor(() => expect(publish.signalingState).toBe('have-local-offer'));
      const sdp = [
        'v=0',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        `a=mid:${audio?.mid}`,
        `a=${microphone}`,
        'm=video 9 UDP/TLS/RTP/SAVPF 96',
        `a=mid:${video?.mid}`,
        `a=${video?.direction === 'sendonly' ? 'recvonly' : 'inactive'}`,
      ].join('\r\n');
      client.serverEmit('unit:signal', {
        pc: 'publish',
        data: { kind: 'description', description: { type: 'answer', sdp: `${sdp}\r\n` } },
      });
    };
    await answer('recvonly');
    await adaSends(client);
    await media.toggleMute();
    expect(audio?.direction).toBe('inactive');
    await answer('inactive');

    // Every place is taken: the button says "connecting" meanwhile, and the microphone stays muted.
    const refused = media.toggleMute();
    expect(media.unmuting).toBe(true);
    expect(media.micMuted).toBe(true);
    expect(audio?.direction).toBe('sendonly');
    await answer('inactive');
    await refused;
    expect(media.unmuting).toBe(false);
    expect(media.micMuted).toBe(true);
    expect(media.engine?.audioTrack?.enabled).toBe(false);
    expect(room.unit?.refused).toEqual({ senders: 1, freed: false });
    expect(audio?.direction).toBe('inactive');

    // A place freed up: the next unmute is taken, and the notice goes.
    await answer('inactive');
    const taken = media.toggleMute();
    await answer('recvonly');
    await taken;
    expect(media.micMuted).toBe(false);
    expect(media.engine?.audioTrack?.enabled).toBe(true);
    expect(room.unit?.refused).toBeNull();
  });

  it('turns off a camera the unit refused, so the button tells the truth', async () => {
    client.mode = 'forwarded';
    const room = useRoomStore();
    const media = useMediaStore();
    expect(await room.join('all-hands', 'Bob', undefined, false)).toBe(true);
    await media.toggleMute();
    await adaSends(client);
    const publish = FakePeerConnection.created[0]!;
    const [audio, video] = publish.transceivers;
    publish.onnegotiationneeded?.();
    await vi.waitFor(() => expect(publish.signalingState).toBe('have-local-offer'));
    const sdp = [
      'v=0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      `a=mid:${audio?.mid}`,
      'a=inactive',
      'm=video 0 UDP/TLS/RTP/SAVPF 96',
      `a=mid:${video?.mid}`,
    ].join('\r\n');
    client.serverEmit('unit:signal', {
      pc: 'publish',
      data: { kind: 'description', description: { type: 'answer', sdp: `${sdp}\r\n` } },
    });
    await vi.waitFor(() => expect(media.cameraOff).toBe(true));
    expect(room.unit?.refused).toEqual({ senders: 1, freed: false });
    // The audio m-line is still there: the connection is kept for a later unmute.
    expect(room.unitLink()?.publisher.pc).toBe(publish as unknown as RTCPeerConnection);
  });
});
