/**
 * Asking the forwarding unit before sending, over the real room and media stores: an unmute (and a
 * camera turned on) waits for the unit's answer, and when none comes, or the way to the unit goes
 * away meanwhile, the user stays muted (or the camera off) and is told so, never left wondering.
 */
import { mount } from '@vue/test-utils';
import { getActivePinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ASK_TIMEOUT_MS } from '../../renderer/src/rtc/unit-publish';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useRoomStore } from '../../renderer/src/stores/room';
import RoomView from '../../renderer/src/views/RoomView.vue';
import { FakeStream, fakeGetUserMedia, fakeMediaDevices } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';
import { inWords, withLocale } from './i18n';

let client: FakeSignalingClient;
/** What the devices fail with (set to make the camera fail to open), and what was asked of them. */
let failures: { video?: string };
let devices: ReturnType<typeof fakeGetUserMedia>;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  FakePeerConnection.created = [];
  client = new FakeSignalingClient();
  client.mode = 'forwarded';
  failures = {};
  devices = fakeGetUserMedia(failures);
  const { win } = fakeWindow({ mediaDevices: fakeMediaDevices({ getUserMedia: devices.getUserMedia }) });
  setActivePinia(piniaWith(fakeServices({ win, connectSignaling: () => client })));
});

/** How many times the camera was opened (its light came on). */
const cameraOpenings = () => devices.calls.filter((constraints) => constraints.video).length;
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

type Taken = 'recvonly' | 'inactive';

/**
 * Joined a forwarded room, then muted with the camera off (the unit took the offer that says so):
 * `answer` plays the unit's answer to the next publish offer, each m-line taken as said.
 */
async function joinedMuted() {
  const room = useRoomStore();
  const media = useMediaStore();
  expect(await room.join('all-hands', 'Bob')).toBe(true);
  const publish = FakePeerConnection.created[0]!;
  const answer = async (how: { audio: Taken; video?: Taken }) => {
    publish.onnegotiationneeded?.();
    await vi.waitFor(() => expect(publish.signalingState).toBe('have-local-offer'));
    const lines = ['v=0'];
    for (const transceiver of publish.transceivers) {
      const taken = transceiver.kind === 'audio' ? how.audio : (how.video ?? 'inactive');
      lines.push(`m=${transceiver.kind} 9 UDP/TLS/RTP/SAVPF 96`, `a=mid:${transceiver.mid}`, `a=${taken}`);
    }
    client.serverEmit('unit:signal', {
      pc: 'publish',
      data: { kind: 'description', description: { type: 'answer', sdp: `${lines.join('\r\n')}\r\n` } },
    });
    await vi.waitFor(() => expect(publish.signalingState).toBe('stable'));
  };
  await answer({ audio: 'recvonly', video: 'recvonly' });
  await media.toggleMute();
  await media.toggleCamera();
  await answer({ audio: 'inactive' });
  const [audio, video] = publish.transceivers;
  expect(media.micMuted).toBe(true);
  expect(media.cameraOff).toBe(true);
  expect(audio?.direction).toBe('inactive');
  return { room, media, publish, audio: audio!, video: video!, answer };
}

/** The problems the room shows, in English words. */
function said(): (string | null)[] {
  return useMediaStore().problems.map((problem) => inWords(problem));
}

describe('an unmute through the forwarding unit', () => {
  it('gives up when the unit does not answer, still muted, and says so; the user may try again', async () => {
    const { media, audio, answer } = await joinedMuted();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const unmute = media.toggleMute();
    expect(media.unmuting).toBe(true);
    expect(audio.direction).toBe('sendonly');
    await vi.advanceTimersByTimeAsync(ASK_TIMEOUT_MS);
    await unmute;
    vi.useRealTimers();
    expect(media.unmuting).toBe(false);
    expect(media.micMuted).toBe(true);
    expect(media.engine?.audioTrack?.enabled).toBe(false);
    expect(audio.direction).toBe('inactive');
    expect(said()).toEqual([
      'Your microphone could not be connected: the forwarding unit did not answer. You are still muted. Try unmuting again.',
    ]);
    expect(inWords(media.problems[0]!, 'fr')).toBe(
      "Votre micro n'a pas pu être connecté : l'unité de diffusion n'a pas répondu. Il est toujours coupé. Réessayez de l'activer.",
    );

    // The next try is taken: the user is unmuted, and the notice that no longer holds goes.
    const again = media.toggleMute();
    await answer({ audio: 'recvonly' });
    await again;
    expect(media.micMuted).toBe(false);
    expect(said()).toEqual([]);
  });

  it('is told in the room as an alert, in the user’s language', async () => {
    const { media } = await joinedMuted();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const unmute = media.toggleMute();
    await vi.advanceTimersByTimeAsync(ASK_TIMEOUT_MS);
    await unmute;
    vi.useRealTimers();
    const view = mount(RoomView, { global: { plugins: [getActivePinia()!, withLocale('fr')] } });
    const alerts = view.findAll('[role="alert"]').map((alert) => alert.text());
    expect(alerts.some((text) => text.startsWith("Votre micro n'a pas pu être connecté"))).toBe(true);
    view.unmount();
  });

  it('says the connection to the server is down when that is why no answer came', async () => {
    const { media } = await joinedMuted();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const unmute = media.toggleMute();
    client.serverEmit('connection:status', 'disconnected');
    await vi.advanceTimersByTimeAsync(ASK_TIMEOUT_MS);
    await unmute;
    expect(media.unmuting).toBe(false);
    expect(media.micMuted).toBe(true);
    expect(said()).toEqual([
      'Your microphone could not be connected: the connection to the server is down. You are still muted. Try again once it is back.',
    ]);
  });

  it('ends the wait when the room goes back to a mesh meanwhile, still muted, and says so', async () => {
    const { room, media } = await joinedMuted();
    const unmute = media.toggleMute();
    expect(media.unmuting).toBe(true);
    // The server forgot us (a signaling drop); the room we are let back into is a mesh.
    client.mode = 'mesh';
    client.serverEmit('connection:reconnected', undefined);
    await vi.waitFor(() => expect(room.mode).toBe('mesh'));
    await unmute;
    expect(media.unmuting).toBe(false);
    expect(media.micMuted).toBe(true);
    expect(said()).toEqual([
      'Your microphone could not be connected: the connection to the forwarding unit was interrupted. You are still muted. Try unmuting again.',
    ]);
    // In the mesh an unmute needs nobody's leave.
    await media.toggleMute();
    expect(media.micMuted).toBe(false);
  });

  it('ends the wait when the publish connection is rebuilt meanwhile, and says so', async () => {
    const { room, media, publish } = await joinedMuted();
    const unmute = media.toggleMute();
    publish.onnegotiationneeded?.();
    await vi.waitFor(() => expect(publish.signalingState).toBe('have-local-offer'));
    // The unit's answer cannot be applied: the link builds a new publish connection.
    publish.failures.setRemoteDescription.push(new Error('bad answer'));
    client.serverEmit('unit:signal', {
      pc: 'publish',
      data: { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } },
    });
    await unmute;
    expect(room.unitLink()?.publisher.pc).not.toBe(publish);
    expect(media.micMuted).toBe(true);
    expect(said()).toEqual([
      'Your microphone could not be connected: the connection to the forwarding unit was interrupted. You are still muted. Try unmuting again.',
    ]);
  });

  it('says nothing when the room is left while an unmute waits', async () => {
    const { room, media } = await joinedMuted();
    const unmute = media.toggleMute();
    await room.leave();
    await unmute;
    expect(media.unmuting).toBe(false);
    expect(said()).toEqual([]);
  });
});

/** The unit's subscribe offer: Ada's camera, the one stream it forwards (the table counts senders). */
async function adaSends() {
  client.serverEmit('unit:signal', {
    pc: 'subscribe',
    data: {
      kind: 'description',
      description: { type: 'offer', sdp: 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n' },
    },
    tracks: [{ mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'video' }],
  });
  await vi.waitFor(() => expect(useRoomStore().unitLink()?.subscriber.pc.signalingState).toBe('stable'));
}

describe('a camera turned on through the forwarding unit', () => {
  it('is opened only once the unit took it, the button saying it is starting meanwhile', async () => {
    const { media, video, answer } = await joinedMuted();
    const opened = cameraOpenings();
    const on = media.toggleCamera();
    expect(media.cameraStarting).toBe(true);
    expect(media.cameraOff).toBe(true);
    // Asked with the m-line alone: the camera's light stays off until the unit says yes.
    expect(video.direction).toBe('sendonly');
    expect(video.sender.track).toBeNull();
    expect(cameraOpenings()).toBe(opened);
    await answer({ audio: 'inactive', video: 'recvonly' });
    await on;
    expect(media.cameraStarting).toBe(false);
    expect(media.cameraOff).toBe(false);
    expect(cameraOpenings()).toBe(opened + 1);
    expect(video.sender.track).toBe(media.engine?.videoTrack);
    expect(video.direction).toBe('sendonly');
  });

  it('refused, is never opened, stays off, and the room says why', async () => {
    const { room, media, video, answer } = await joinedMuted();
    await adaSends();
    const opened = cameraOpenings();
    const on = media.toggleCamera();
    await answer({ audio: 'inactive', video: 'inactive' });
    await on;
    expect(media.cameraStarting).toBe(false);
    expect(media.cameraOff).toBe(true);
    expect(cameraOpenings()).toBe(opened);
    expect(video.direction).toBe('inactive');
    expect(room.unit?.refused).toEqual({ senders: 1, freed: false });
  });

  it('gives up when the unit does not answer, still off, and says so', async () => {
    const { media, video } = await joinedMuted();
    const opened = cameraOpenings();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const on = media.toggleCamera();
    await vi.advanceTimersByTimeAsync(ASK_TIMEOUT_MS);
    await on;
    vi.useRealTimers();
    expect(media.cameraStarting).toBe(false);
    expect(media.cameraOff).toBe(true);
    expect(cameraOpenings()).toBe(opened);
    expect(video.direction).toBe('inactive');
    expect(said()).toEqual([
      'Your camera could not be started: the forwarding unit did not answer. Your camera is still off. Try turning it on again.',
    ]);
  });

  it('joined with the camera off, asks on a new m-line and sends the camera on it once taken', async () => {
    const media = useMediaStore();
    await media.start({ camera: false });
    expect(await useRoomStore().join('all-hands', 'Bob')).toBe(true);
    const publish = FakePeerConnection.created[0]!;
    expect(publish.transceivers.map((t) => t.kind)).toEqual(['audio']);
    const on = media.toggleCamera();
    const video = publish.transceivers[1]!;
    expect([video.kind, video.direction, video.sender.track]).toEqual(['video', 'sendonly', null]);
    expect(video.init.sendEncodings).toHaveLength(3);
    publish.onnegotiationneeded?.();
    await vi.waitFor(() => expect(publish.signalingState).toBe('have-local-offer'));
    const sdp = [
      'v=0',
      'm=audio 9 X 111',
      'a=mid:0',
      'a=recvonly',
      'm=video 9 X 96',
      'a=mid:1',
      'a=recvonly',
    ];
    client.serverEmit('unit:signal', {
      pc: 'publish',
      data: { kind: 'description', description: { type: 'answer', sdp: `${sdp.join('\r\n')}\r\n` } },
    });
    await on;
    expect(media.cameraOff).toBe(false);
    expect(video.sender.track).toBe(media.engine?.videoTrack);
  });

  it('taken but the camera cannot be opened: gives its place back and says why', async () => {
    const { media, video, answer } = await joinedMuted();
    failures.video = 'NotReadableError';
    const on = media.toggleCamera();
    await answer({ audio: 'inactive', video: 'recvonly' });
    await on;
    expect(media.cameraOff).toBe(true);
    expect(video.direction).toBe('inactive');
    expect(media.problems).toHaveLength(1);
  });
});
