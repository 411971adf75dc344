import { flushPromises } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { err } from '../../common/result';
import type { Services } from '../../renderer/src/services';
import type { HandshakeIdentity } from '../../renderer/src/services/signaling-client';
import { accessCodeFor, createStorageArea, DEVICE_ID } from '../../renderer/src/services/storage';
import { useCallsStore } from '../../renderer/src/stores/calls';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useRoomStore } from '../../renderer/src/stores/room';
import { useSessionStore } from '../../renderer/src/stores/session';
import { fakeBridge } from '../fakes/dom/bridge';
import { FakeStream } from '../fakes/dom/media';
import { FakePeerConnection } from '../fakes/dom/peer-connection';
import { fakeServices, fakeWindow, piniaWith } from '../fakes/dom/services';
import { FakeSignalingClient } from '../fakes/dom/signaling';
import { inWords } from './i18n';

const CALL = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const BOB = { deviceId: 'bob-device-1', name: 'Bob' };

let client: FakeSignalingClient;
let identity: (() => HandshakeIdentity) | null;
let ringing: boolean;
let storage: Services['storage'];

/** Services of a browser (or, given a bridge, of the desktop app) over this test's client and storage. */
function services(win = fakeWindow().win): Services {
  return fakeServices({
    win,
    storage,
    connectSignaling: (_url, id) => {
      identity = id;
      return client;
    },
    ringtone: { start: () => (ringing = true), stop: () => (ringing = false) },
  });
}

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  FakePeerConnection.created = [];
  client = new FakeSignalingClient();
  identity = null;
  ringing = false;
  storage = { local: createStorageArea(null), session: createStorageArea(null) };
  setActivePinia(piniaWith(services()));
});
afterEach(() => vi.unstubAllGlobals());

async function connected(name = 'Ada') {
  const session = useSessionStore();
  expect(await session.setIdentity(name)).toBeNull();
  // The handshake registers the device: the directory the server lists includes it.
  client.listed = [{ deviceId: session.deviceId, name, status: 'available' }];
  useCallsStore().attach(await session.connect());
  await vi.waitFor(() => expect(session.registered).toBe(true));
  return session;
}

describe('session store: presence and directory', () => {
  it('opens one connection when the page and a join link both connect at start-up', async () => {
    let opened = 0;
    setActivePinia(
      piniaWith(
        fakeServices({
          storage,
          connectSignaling: () => {
            opened += 1;
            return opened === 1 ? client : new FakeSignalingClient();
          },
        }),
      ),
    );
    const session = useSessionStore();
    const [first, second] = await Promise.all([session.connect(), session.connect()]);
    // A second socket of the same device would replace the first at the server, and the page would
    // be left holding the one the server closed.
    expect(opened).toBe(1);
    expect(second).toBe(first);
    expect(session.client).toBe(first);
  });

  it('presents a stable device id and the name at every connection, and lists contacts without us', async () => {
    const session = useSessionStore();
    client.listed = [
      { deviceId: session.deviceId, name: 'Ada', status: 'available' },
      { ...BOB, status: 'in-call' },
    ];
    await session.setIdentity('Ada');
    await session.connect();
    expect(identity?.()).toEqual({
      presence: { deviceId: session.deviceId, name: 'Ada', status: 'available' },
    });
    await vi.waitFor(() => expect(session.contacts.map((c) => c.name)).toEqual(['Bob']));
    expect(session.registered).toBe(true);
    client.serverEmit('presence:updated', { deviceId: 'cy-device-1', name: 'Cy', status: 'available' });
    client.serverEmit('presence:left', { deviceId: BOB.deviceId });
    expect(session.contacts.map((c) => c.name)).toEqual(['Cy']);
    expect(storage.session.read(DEVICE_ID)).toBe(session.deviceId);
  });

  it('with a device key, registers once connected, signing this connection’s challenge, not in the handshake', async () => {
    const signed: string[] = [];
    const key = {
      deviceId: 'dk-ada-key-digest',
      publicKey: 'ada-public-key',
      sign: async (text: string) => {
        signed.push(text);
        return `signature-${signed.length}`;
      },
    };
    setActivePinia(
      piniaWith(
        fakeServices({
          storage,
          connectSignaling: (_url, id) => ((identity = id), client),
          deviceKey: async () => key,
        }),
      ),
    );
    const session = useSessionStore();
    await session.setIdentity('Ada');
    await session.connect();

    expect(session.deviceId).toBe('dk-ada-key-digest');
    // Only the name a desktop host's lobby shows; the registration waits for the proof.
    expect(identity?.()).toEqual({ guestName: 'Ada' });
    await vi.waitFor(() => expect(client.registrations).toHaveLength(1));
    expect(signed).toEqual(['nearcast-presence-v1:a-challenge-for-this-connection']);
    expect(client.registrations[0]).toEqual({
      deviceId: 'dk-ada-key-digest',
      name: 'Ada',
      status: 'available',
      proof: { publicKey: 'ada-public-key', signature: 'signature-1' },
    });

    client.challenge = 'the-next-connection-challenge';
    client.serverEmit('connection:challenge', client.challenge);
    await vi.waitFor(() => expect(client.registrations).toHaveLength(2));
    expect(signed.at(-1)).toBe('nearcast-presence-v1:the-next-connection-challenge');

    // A server older than device keys sends no challenge and takes a registration without proof.
    client.challenge = null;
    client.serverEmit('connection:challenge', null);
    await vi.waitFor(() => expect(client.registrations).toHaveLength(3));
    expect(client.registrations[2]).toEqual({
      deviceId: 'dk-ada-key-digest',
      name: 'Ada',
      status: 'available',
    });
  });

  it('as a guest who saves a name while the connection is still being made, registers once connected', async () => {
    client.status = 'connecting';
    const session = useSessionStore();
    await session.connect();
    // The handshake went out before there was a name to put in it.
    expect(identity?.()).toEqual({});
    expect(await session.setIdentity('Gus')).toBeNull();
    expect(client.registrations).toEqual([]);
    client.serverEmit('connection:status', 'connected');
    await vi.waitFor(() => expect(client.registrations).toHaveLength(1));
    expect(client.registrations[0]).toEqual({ deviceId: session.deviceId, name: 'Gus', status: 'available' });
    await vi.waitFor(() => expect(session.registered).toBe(true));
  });

  it('as a guest whose handshake carried the name, does not register it twice', async () => {
    client.status = 'connecting';
    const session = useSessionStore();
    await session.setIdentity('Gus');
    await session.connect();
    expect(identity?.()).toMatchObject({ presence: { name: 'Gus' } });
    client.serverEmit('connection:status', 'connected');
    await flushPromises();
    expect(client.registrations).toEqual([]);
  });

  it('as a guest whose id another connection holds, takes a fresh id and registers again', async () => {
    const session = useSessionStore();
    await session.setIdentity('Ada');
    await session.connect();
    const first = session.deviceId;
    client.serverEmit('presence:refused', {
      code: 'NOT_ALLOWED',
      message: 'This device id is connected elsewhere.',
    });
    await vi.waitFor(() => expect(client.registrations).toHaveLength(1));
    expect(session.deviceId).not.toBe(first);
    expect(client.registrations[0]).toEqual({ deviceId: session.deviceId, name: 'Ada', status: 'available' });
  });

  it('refuses a name made of spaces and renames a registered device', async () => {
    const session = useSessionStore();
    await session.connect();
    expect(inWords(await session.setIdentity('   '))).toBe('Enter a display name.');
    expect(client.registrations).toEqual([]);
    expect(await session.setIdentity(' Ada L ', 'busy')).toBeNull();
    expect(client.registrations).toEqual([{ deviceId: session.deviceId, name: 'Ada L', status: 'busy' }]);
  });

  it("words the server's refusal of a new name in the interface's language", async () => {
    const session = useSessionStore();
    await session.connect();
    client.nextRegister = err('RATE_LIMITED');
    const problem = await session.setIdentity('Ada');
    expect(inWords(problem)).toBe('Too many requests at once. Wait a moment and try again.');
    expect(inWords(problem, 'fr')).toBe('Trop de requêtes à la fois. Patientez un instant, puis réessayez.');
  });

  it('shows a refused access code and retries with the one the user typed, remembered per server', async () => {
    const session = useSessionStore();
    await session.connect();
    client.serverEmit('connection:refused', {
      code: 'ACCESS_DENIED',
      message: 'This server needs the workspace access code.',
    });
    expect(session.refusal?.code).toBe('ACCESS_DENIED');
    session.submitAccessCode(' s3cret ');
    expect(client.retries).toBe(1);
    expect(identity?.().accessCode).toBe('s3cret');
    expect(session.refusal).toBeNull();
    expect(storage.local.read(accessCodeFor('http://127.0.0.1:4780'))).toBe('s3cret');
  });
});

describe('calls store', () => {
  it('rings with the caller name and a sound; declining tells the server and stops the sound', async () => {
    await connected();
    const calls = useCallsStore();
    client.serverEmit('call:ringing', { callId: CALL, from: BOB });
    expect(calls.ringingNow?.from.name).toBe('Bob');
    expect(ringing).toBe(true);
    await calls.decline(CALL);
    expect(client.declined).toEqual([CALL]);
    expect(calls.ringingNow).toBeNull();
    expect(ringing).toBe(false);
  });

  it('accepting enters the call and connects to the people in it', async () => {
    await connected();
    const calls = useCallsStore();
    client.peers = [{ id: 'bob-socket', name: 'Bob' }];
    client.serverEmit('call:ringing', { callId: CALL, from: BOB });
    expect(await calls.accept(CALL)).toBe(true);
    const room = useRoomStore();
    expect(room.callId).toBe(CALL);
    expect(room.peers.map((p) => p.name)).toEqual(['Bob']);
    expect(ringing).toBe(false);
  });

  it('answers muted or with the camera off when chosen on the ringing call', async () => {
    await connected();
    const calls = useCallsStore();
    client.serverEmit('call:ringing', { callId: CALL, from: BOB });
    expect(await calls.accept(CALL, { microphone: false, camera: false })).toBe(true);
    const media = useMediaStore();
    expect(media.micMuted).toBe(true);
    expect(media.cameraOff).toBe(true);
    expect(media.engine?.videoTrack).toBeNull();
  });

  it('answers as chosen even while the pre-join screen already holds camera and microphone', async () => {
    await connected();
    const media = useMediaStore();
    await media.start();
    expect(media.cameraOff).toBe(false);
    client.serverEmit('call:ringing', { callId: CALL, from: BOB });
    expect(await useCallsStore().accept(CALL, { microphone: false, camera: false })).toBe(true);
    expect(media.micMuted).toBe(true);
    expect(media.cameraOff).toBe(true);
  });

  it('an unanswered or withdrawn ring becomes a missed call that survives a restart', async () => {
    await connected();
    client.serverEmit('call:ringing', { callId: CALL, from: BOB });
    client.serverEmit('call:ended', { callId: CALL, reason: 'timeout' });
    expect(useCallsStore().missed.map((m) => m.name)).toEqual(['Bob']);
    setActivePinia(piniaWith(services()));
    expect(useCallsStore().missed.map((m) => m.name)).toEqual(['Bob']);
    useCallsStore().clearMissed();
    expect(useCallsStore().missed).toEqual([]);
  });

  it('"busy" declines incoming calls by itself and lists them as missed', async () => {
    const session = await connected();
    await session.setIdentity('Ada', 'busy');
    client.serverEmit('call:ringing', { callId: CALL, from: BOB });
    expect(useCallsStore().ringingNow).toBeNull();
    expect(ringing).toBe(false);
    expect(client.declined).toEqual([CALL]);
    expect(client.declinedBusy).toEqual([CALL]);
    expect(useCallsStore().missed.map((m) => m.name)).toEqual(['Bob']);
  });

  it('a callee who is busy is said to be busy, with the call in their missed calls, not to have declined', async () => {
    await connected();
    const calls = useCallsStore();
    client.nextInvite = { ok: true, data: { callId: CALL, ringing: [BOB.deviceId] } };
    expect(await calls.call([BOB])).toBe(true);
    client.serverEmit('call:declined', { callId: CALL, deviceId: BOB.deviceId, busy: true });
    expect(calls.busy).toEqual(['Bob']);
    expect(calls.declinedBy).toEqual([]);
    client.serverEmit('call:ended', { callId: CALL, reason: 'declined' });
    expect(useRoomStore().notice).toEqual({ kind: 'call-ended', reason: 'declined', who: 'Bob', busy: true });
  });

  it('calling puts us in the call, lists who is ringing, and says who declined when it ends', async () => {
    await connected();
    const calls = useCallsStore();
    client.nextInvite = { ok: true, data: { callId: CALL, ringing: [BOB.deviceId] } };
    expect(await calls.call([BOB])).toBe(true);
    const room = useRoomStore();
    expect(client.invites).toEqual([{ to: [BOB.deviceId] }]);
    expect(room.callId).toBe(CALL);
    expect(room.self).toEqual({ id: 'self-socket', name: 'Ada' });
    expect(calls.outgoing.map((o) => o.name)).toEqual(['Bob']);
    client.serverEmit('call:declined', { callId: CALL, deviceId: BOB.deviceId });
    expect(calls.outgoing).toEqual([]);
    expect(calls.declinedBy).toEqual(['Bob']);
    client.serverEmit('call:ended', { callId: CALL, reason: 'declined' });
    expect(room.phase).toBe('idle');
    expect(room.notice).toEqual({ kind: 'call-ended', reason: 'declined', who: 'Bob' });
    expect(useMediaStore().engine).toBeNull();
  });

  it('cancelling our own call ends it without telling us that it was cancelled', async () => {
    await connected();
    const calls = useCallsStore();
    client.nextInvite = { ok: true, data: { callId: CALL, ringing: [BOB.deviceId] } };
    expect(await calls.call([BOB])).toBe(true);
    await calls.cancelRinging();
    client.serverEmit('call:ended', { callId: CALL, reason: 'cancelled' });
    const room = useRoomStore();
    expect(room.phase).toBe('idle');
    expect(room.notice).toBeNull();
  });

  it('a refused invitation says why and leaves us home with the devices released', async () => {
    await connected();
    client.nextInvite = err('BUSY', 'Bob is already in a call.');
    const calls = useCallsStore();
    expect(await calls.call([BOB])).toBe(false);
    expect(calls.error).toEqual({ code: 'BUSY', message: 'Bob is already in a call.' });
    expect(useRoomStore().phase).toBe('idle');
    expect(useMediaStore().engine).toBeNull();
  });

  it('a call cannot outlive a signaling drop: it ends with a plain reason', async () => {
    await connected();
    await useCallsStore().call([BOB]);
    client.serverEmit('connection:status', 'disconnected');
    client.serverEmit('connection:status', 'connected');
    client.serverEmit('connection:reconnected', undefined);
    const room = useRoomStore();
    expect(room.phase).toBe('idle');
    expect(room.notice).toEqual({ kind: 'signaling-dropped' });
  });

  it('in the desktop app: a native notification rings too, answers from it, and closes once answered', async () => {
    const { bridge, channels } = fakeBridge();
    setActivePinia(piniaWith(services(fakeWindow({ bridge }).win)));
    await connected();
    client.serverEmit('call:ringing', { callId: CALL, from: BOB });
    expect(bridge.notifyIncomingCall).toHaveBeenCalledWith({ callId: CALL, callerName: 'Bob' });
    channels.callAction.fire({ callId: CALL, action: 'accept' });
    await vi.waitFor(() => expect(useRoomStore().callId).toBe(CALL));
    expect(client.accepted).toEqual([CALL]);
    expect(bridge.dismissIncomingCall).toHaveBeenCalledWith(CALL);
  });
});
