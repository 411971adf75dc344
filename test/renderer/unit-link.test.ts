import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UnitPc, UnitRequestData, UnitTrack } from '../../common/signaling/unit';
import { unitCode } from '../../common/unit-code';
import { LocalMedia } from '../../renderer/src/rtc/local-tracks';
import { SCREEN_MODES } from '../../renderer/src/rtc/quality';
import { answeredMedia, type SendKind } from '../../renderer/src/rtc/unit-answer';
import { UnitLink } from '../../renderer/src/rtc/unit-link';
import { FakeStream, FakeTrack, fakeGetUserMedia } from '../fakes/dom/media';
import { createFakePeerConnection, FakePeerConnection } from '../fakes/dom/peer-connection';

const UNIT_FINGERPRINT =
  'sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';

const sent: { pc: UnitPc; data: UnitRequestData }[] = [];

function link(): { link: UnitLink; publish: FakePeerConnection; subscribe: FakePeerConnection } {
  const created = new UnitLink({
    send: (pc, data) => sent.push({ pc, data }),
    createPeerConnection: createFakePeerConnection,
    createStream: () => new FakeStream() as unknown as MediaStream,
  });
  const [publish, subscribe] = FakePeerConnection.created.slice(-2) as [
    FakePeerConnection,
    FakePeerConnection,
  ];
  return { link: created, publish, subscribe };
}

async function startedMedia(): Promise<LocalMedia> {
  const media = new LocalMedia(fakeGetUserMedia());
  await media.start();
  return media;
}

/** An offer from the unit with one m-line per table entry, mids as the unit assigns them. */
function unitOffer(tracks: UnitTrack[], fingerprint = UNIT_FINGERPRINT): string {
  const lines = ['v=0', `a=fingerprint:${fingerprint}`];
  for (const track of tracks) lines.push(`m=${track.kind} 9 UDP/TLS/RTP/SAVPF 96`, `a=mid:${track.mid}`);
  return `${lines.join('\r\n')}\r\n`;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Two people sending through the unit: Ada's and Bob's cameras. */
const TWO_SENDERS: UnitTrack[] = [
  { mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'video' },
  { mid: '1', owner: 'bob', streamId: 'cam-b', kind: 'video' },
];

/** The unit's answer to our camera and microphone when it forwards as many senders as it takes. */
const REFUSAL =
  'v=0\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n';

function subscribeOffer(tracks: UnitTrack[]) {
  return {
    pc: 'subscribe' as const,
    data: { kind: 'description' as const, description: { type: 'offer' as const, sdp: unitOffer(tracks) } },
    tracks,
  };
}

/** We send our camera and microphone; the unit refuses both (every place is taken). */
async function refusedCameraAndMicrophone(unit: UnitLink, publish: FakePeerConnection): Promise<void> {
  unit.setLocalMedia(await startedMedia());
  publish.onnegotiationneeded?.();
  await flush();
  unit.handleSignal({
    pc: 'publish',
    data: { kind: 'description', description: { type: 'answer', sdp: REFUSAL } },
  });
  await flush();
}

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  sent.length = 0;
  FakePeerConnection.created = [];
});
afterEach(() => vi.unstubAllGlobals());

describe('the publish connection to the forwarding unit', () => {
  it('sends the camera in three layers and the microphone, offering on `publish`', async () => {
    const { link: unit, publish } = link();
    const media = await startedMedia();
    unit.setLocalMedia(media);
    const [audio, video] = publish.transceivers;
    expect(audio?.sender.track).toBe(media.audioTrack);
    expect(video?.sender.track).toBe(media.videoTrack);
    expect(audio?.init).toMatchObject({ direction: 'sendonly' });
    expect(video?.init.sendEncodings).toEqual([
      { rid: 'l', scaleResolutionDownBy: 4 },
      { rid: 'm', scaleResolutionDownBy: 2 },
      { rid: 'h', scaleResolutionDownBy: 1 },
    ]);
    publish.onnegotiationneeded?.();
    await flush();
    expect(sent).toEqual([
      { pc: 'publish', data: { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } } },
    ]);
  });

  it('shares a screen in two layers, the preset’s bitrate on the full-size one, and stops it on stop', async () => {
    const { link: unit, publish } = link();
    const media = await startedMedia();
    unit.setLocalMedia(media);
    const screen = new FakeStream([new FakeTrack('video')]) as unknown as MediaStream;
    media.startScreenShare(screen);
    unit.setLocalMedia(media);
    const shared = publish.transceivers[2]!;
    expect(shared.init.sendEncodings).toEqual([
      { rid: 'l', scaleResolutionDownBy: 2 },
      { rid: 'h', scaleResolutionDownBy: 1 },
    ]);
    await flush();
    const top = shared.sender.parameters.encodings.find((encoding) => encoding.rid === 'h');
    const low = shared.sender.parameters.encodings.find((encoding) => encoding.rid === 'l');
    expect(top).toMatchObject({ maxBitrate: SCREEN_MODES.text.maxBitrate, scaleResolutionDownBy: 1 });
    expect(low).toMatchObject({ maxBitrate: SCREEN_MODES.text.maxBitrate / 4, scaleResolutionDownBy: 2 });
    expect(unit.screenVideoSender()).toBe(shared.sender);
    media.stopScreenShare();
    unit.setLocalMedia(media);
    expect(shared.stopped).toBe(true);
    expect(unit.screenVideoSender()).toBeNull();
  });

  it('counts the people sending when the refusal comes before the unit’s first subscribe offer', async () => {
    // A joiner offers its camera at once; the unit answers that before the joiner has applied the
    // subscribe offer that lists who sends (it names 8 people in a full room).
    const { link: unit, publish } = link();
    await refusedCameraAndMicrophone(unit, publish);
    // Said once the unit's table tells how many send, never with a guessed count.
    expect(unit.view().refused).toBeNull();
    await unit.subscriber.handle(subscribeOffer(TWO_SENDERS));
    expect(unit.view().refused).toEqual({ senders: 2, freed: false });
  });

  it('says when someone stops sending after a refusal, and not before', async () => {
    const { link: unit, publish } = link();
    await unit.subscriber.handle(subscribeOffer(TWO_SENDERS));
    await refusedCameraAndMicrophone(unit, publish);
    // The same two people, offered again (someone joined): no place has freed up.
    await unit.subscriber.handle(subscribeOffer(TWO_SENDERS));
    expect(unit.view().refused).toEqual({ senders: 2, freed: false });
    await unit.subscriber.handle(subscribeOffer(TWO_SENDERS.slice(0, 1)));
    expect(unit.view().refused).toEqual({ senders: 1, freed: true });
  });

  it('says so when the unit refuses our m-lines, with how many people send already', async () => {
    const { link: unit, publish, subscribe } = link();
    const refused: SendKind[][] = [];
    unit.on('refused', (kinds) => refused.push(kinds));
    // Two people send through the unit already.
    await unit.subscriber.handle({
      pc: 'subscribe',
      data: {
        kind: 'description',
        description: {
          type: 'offer',
          sdp: unitOffer([
            { mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'video' },
            { mid: '1', owner: 'bob', streamId: 'cam-b', kind: 'video' },
          ]),
        },
      },
      tracks: [
        { mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'video' },
        { mid: '1', owner: 'bob', streamId: 'cam-b', kind: 'video' },
      ],
    });
    expect(subscribe.localDescription?.type).toBe('answer');
    const media = await startedMedia();
    unit.setLocalMedia(media);
    publish.onnegotiationneeded?.();
    await flush();
    const refusal =
      'v=0\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n';
    unit.handleSignal({
      pc: 'publish',
      data: { kind: 'description', description: { type: 'answer', sdp: refusal } },
    });
    await flush();
    expect(unit.view().refused).toEqual({ senders: 2, freed: false });
    expect(refused).toEqual([['microphone', 'camera']]);
    // Every m-line rejected leaves no transport: a fresh publish connection is ready for a next try.
    expect(unit.publisher.pc).not.toBe(publish);
  });

  it('reads how an answer took each m-line', () => {
    const sdp =
      'v=0\r\nm=audio 9 X 111\r\na=mid:0\r\na=recvonly\r\nm=video 0 X 96\r\na=mid:1\r\nm=video 9 X 96\r\na=mid:2\r\na=inactive\r\n';
    expect(answeredMedia(sdp)).toEqual(
      new Map([
        ['0', 'recvonly'],
        ['1', 'rejected'],
        ['2', 'inactive'],
      ]),
    );
  });
});

/** The unit's answer to our last publish offer, each of our m-lines taken as `how`. */
function publishAnswer(unit: UnitLink, publish: FakePeerConnection, how: Record<string, string>): void {
  const lines = ['v=0'];
  for (const transceiver of publish.transceivers) {
    if (!transceiver.mid) continue;
    const taken = how[transceiver.mid] ?? 'recvonly';
    lines.push(
      `m=${transceiver.kind} ${taken === 'rejected' ? 0 : 9} UDP/TLS/RTP/SAVPF 96`,
      `a=mid:${transceiver.mid}`,
    );
    if (taken !== 'rejected') lines.push(`a=${taken}`);
  }
  unit.handleSignal({
    pc: 'publish',
    data: { kind: 'description', description: { type: 'answer', sdp: `${lines.join('\r\n')}\r\n` } },
  });
}

async function offerPublish(publish: FakePeerConnection): Promise<void> {
  publish.onnegotiationneeded?.();
  await flush();
}

describe('a muted microphone through the forwarding unit', () => {
  it('goes out inactive, as does a camera that is off: neither takes a sender place', async () => {
    const { link: unit, publish } = link();
    const media = await startedMedia();
    unit.setLocalMedia(media);
    const [audio, video] = publish.transceivers;
    expect([audio?.direction, video?.direction]).toEqual(['sendonly', 'sendonly']);
    media.setMicMuted(true);
    await media.setCameraOff(true);
    unit.setLocalMedia(media);
    // The m-lines stay (the connection keeps its transport for an unmute), sending nothing.
    expect([audio?.direction, video?.direction]).toEqual(['inactive', 'inactive']);
    expect(video?.sender.track).toBeNull();
    expect(audio?.sender.track).toBe(media.audioTrack);
  });

  it('joined muted, unmutes once the unit takes the microphone', async () => {
    const { link: unit, publish } = link();
    const media = await startedMedia();
    media.setMicMuted(true);
    await media.setCameraOff(true);
    unit.setLocalMedia(media);
    const audio = publish.transceivers[0]!;
    expect(audio.direction).toBe('inactive');
    await offerPublish(publish);
    publishAnswer(unit, publish, { '0': 'inactive' });
    await flush();

    const asked = unit.askToSend('microphone');
    expect(audio.direction).toBe('sendonly');
    // Still muted while the unit decides: nothing the user says is shown as sent.
    expect(media.micMuted).toBe(true);
    await offerPublish(publish);
    publishAnswer(unit, publish, { '0': 'recvonly' });
    await expect(asked).resolves.toBe('taken');
    expect(unit.view().refused).toBeNull();
  });

  it('stays muted when every place is taken, and says so; a later unmute may be taken', async () => {
    const { link: unit, publish } = link();
    const refused: SendKind[][] = [];
    unit.on('refused', (kinds) => refused.push(kinds));
    const media = await startedMedia();
    media.setMicMuted(true);
    await media.setCameraOff(true);
    unit.setLocalMedia(media);
    const audio = publish.transceivers[0]!;
    await offerPublish(publish);
    publishAnswer(unit, publish, { '0': 'inactive' });
    await flush();

    // Bob sends through the unit.
    await unit.subscriber.handle(subscribeOffer(TWO_SENDERS.slice(1)));

    const asked = unit.askToSend('microphone');
    await offerPublish(publish);
    // Full: the unit answers the m-line inactive (not port 0), so it and the transport stay.
    publishAnswer(unit, publish, { '0': 'inactive' });
    await expect(asked).resolves.toBe('refused');
    expect(refused).toEqual([['microphone']]);
    expect(unit.view().refused).toEqual({ senders: 1, freed: false });
    expect(audio.direction).toBe('inactive');
    expect(unit.publisher.pc).toBe(publish);

    // The next unmute offers by itself: in a browser `sendonly` matches our last offer (the refused
    // one), so no negotiationneeded would come.
    const offers = sent.length;
    const again = unit.askToSend('microphone');
    await flush();
    expect(sent.slice(offers).map(({ data }) => data.kind)).toEqual(['description']);
    publishAnswer(unit, publish, { '0': 'recvonly' });
    await expect(again).resolves.toBe('taken');
    expect(unit.view().refused).toBeNull();
  });
});

describe('the subscribe connection from the forwarding unit', () => {
  const table: UnitTrack[] = [
    { mid: '0', owner: 'ada', streamId: 'cam-a', kind: 'audio' },
    { mid: '1', owner: 'ada', streamId: 'cam-a', kind: 'video' },
    { mid: '2', owner: 'bob', streamId: 'screen-b', kind: 'video' },
  ];

  it('answers the unit’s offer on `subscribe` and builds one stream per person’s stream', async () => {
    const { link: unit, subscribe } = link();
    unit.handleSignal({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: unitOffer(table) } },
      tracks: table,
    });
    await unit.subscriber.handle({ pc: 'subscribe', data: { kind: 'candidate', candidate: null } });
    expect(sent).toContainEqual({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } },
    });
    const [mic, cam, screen] = subscribe.transceivers.map((t) => t.receiver.track);
    expect(unit.stream('ada', 'cam-a')?.getTracks()).toEqual([mic, cam]);
    expect(unit.stream('bob', 'screen-b')?.getTracks()).toEqual([screen]);
  });

  it('shows the unit’s code from its fingerprint once the connection is up', async () => {
    const { link: unit, subscribe } = link();
    await unit.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: unitOffer(table) } },
      tracks: table,
    });
    expect(unit.view().code).toBeNull();
    subscribe.setConnectionState('connected');
    expect(unit.view().code).toBe(unitCode(UNIT_FINGERPRINT));
    expect(unit.view().code).toMatch(/^\d\d \d\d \d\d$/);
  });

  it('gives the active speaker each person’s audio level from the receivers', async () => {
    const { link: unit, subscribe } = link();
    await unit.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: unitOffer(table) } },
      tracks: table,
    });
    subscribe.transceivers[0]!.receiver.levels = [0.3];
    subscribe.transceivers[2]!.receiver.levels = [0.9];
    expect(unit.subscriber.levels()).toEqual(new Map([['ada', 0.3]]));
  });

  it('answers an offer from a new connection of the unit on a new RTCPeerConnection', async () => {
    const { link: unit, subscribe } = link();
    await unit.subscriber.handle({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: unitOffer(table) } },
      tracks: table,
    });
    const other = UNIT_FINGERPRINT.replace('AA:BB', '00:00');
    unit.handleSignal({
      pc: 'subscribe',
      data: { kind: 'description', description: { type: 'offer', sdp: unitOffer(table, other) } },
      tracks: table,
    });
    await flush();
    expect(subscribe.closed).toBe(true);
    expect(unit.subscriber.pc).not.toBe(subscribe);
    expect(unit.stream('ada', 'cam-a')?.getTracks()).toHaveLength(2);
  });
});
