/**
 * Who is who in a room. A hello signed with a device key over the link's two DTLS fingerprints proves
 * its sender; one without a proof is an unverified guest; one whose proof does not check for this
 * link (forged, replayed from another link, made for another room) is refused. What is meant for
 * someone (receipts, file offers, resumes) never goes to a link that did not prove that identity, and
 * a chat author is the name the server stamped, not the hello's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ControlMessage } from '../../common/peer-protocol';
import type { DeviceProof } from '../../common/signaling/presence';
import { Emitter } from '../../renderer/src/rtc/emitter';
import { checkHello, proveHello, type HelloSigner } from '../../renderer/src/rtc/hello-proof';
import type { PeerTrust } from '../../renderer/src/rtc/identities';
import type { Mesh, MeshEvents } from '../../renderer/src/rtc/mesh';
import { RoomSession } from '../../renderer/src/rtc/room-session';
import { MemorySink } from '../../renderer/src/rtc/transfers/sinks';
import { toBase64url } from '../../renderer/src/rtc/base64url';

const PLACE = 'room:Standup';

/** A fingerprint line as Chromium writes it, distinct per certificate. */
function fingerprint(certificate: string): string {
  const hex = Array.from({ length: 32 }, (_, i) =>
    ((certificate.charCodeAt(i % certificate.length) + i) % 256).toString(16).padStart(2, '0').toUpperCase(),
  );
  return `sha-256 ${hex.join(':')}`;
}

const sdp = (certificate: string) => `v=0\r\na=fingerprint:${fingerprint(certificate)}\r\n`;

/** Bob's view of one link: his certificate on it, and the remote end's. */
interface FakeLink {
  pc: { currentLocalDescription: { sdp: string }; currentRemoteDescription: { sdp: string } };
}

/** The part of a mesh the room session uses, driven by the test instead of WebRTC. */
class FakeMesh extends Emitter<MeshEvents> {
  readonly outbox: { peerId: string; message: ControlMessage }[] = [];
  readonly links = new Map<string, FakeLink>();

  connect(peerId: string, local: string, remote: string): void {
    this.links.set(peerId, {
      pc: { currentLocalDescription: { sdp: sdp(local) }, currentRemoteDescription: { sdp: sdp(remote) } },
    });
  }

  sendControl(peerId: string, message: ControlMessage): boolean {
    this.outbox.push({ peerId, message });
    return true;
  }

  link(peerId: string): FakeLink | undefined {
    return this.links.get(peerId);
  }

  fire<K extends keyof MeshEvents>(event: K, payload: MeshEvents[K]): void {
    this.emit(event, payload);
  }

  to(peerId: string): ControlMessage[] {
    return this.outbox.filter((o) => o.peerId === peerId).map((o) => o.message);
  }
}

/** A device key as services/device-key.ts makes one, in memory. */
async function deviceKey(): Promise<HelloSigner> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  return {
    publicKey: toBase64url(await crypto.subtle.exportKey('spki', pair.publicKey)),
    sign: async (text) =>
      toBase64url(
        await crypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          pair.privateKey,
          new TextEncoder().encode(text),
        ),
      ),
  };
}

const ADA = { id: 'p-ada', name: 'Ada' };
const MALLORY = { id: 'p-mallory', name: 'Mallory' };

let mesh: FakeMesh;
let session: RoomSession;
let keys: { ada: HelloSigner; mallory: HelloSigner; bob: HelloSigner };
let hold: (peerId: string, trust: PeerTrust) => boolean;
let roster: { id: string; name: string }[];

/** A proof made by `signer` for the link between certificates `signerCert` → `receiverCert`. */
function proof(
  signer: HelloSigner,
  clientId: string,
  signerCert: string,
  receiverCert: string,
  place = PLACE,
) {
  return proveHello(signer, place, clientId, {
    local: [fingerprint(signerCert)],
    remote: [fingerprint(receiverCert)],
  });
}

/** Our hello is signed asynchronously: waits until it is in the outbox. */
async function ourHelloSent(peerId: string): Promise<void> {
  for (let turn = 0; !mesh.to(peerId).some((m) => m.t === 'hello'); turn++) {
    if (turn > 1_000) throw new Error(`no hello sent to ${peerId}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * `peerId`'s channel opens (Bob on `bob-<peer>`, the peer on `<peer>-cert`), we say hello and its
 * hello arrives.
 */
async function hello(peerId: string, clientId: string, name: string, signed?: DeviceProof): Promise<void> {
  if (!mesh.links.has(peerId)) mesh.connect(peerId, `bob-${peerId}`, `${peerId}-cert`);
  if (!mesh.to(peerId).some((m) => m.t === 'hello')) {
    mesh.fire('control-open', { peerId });
    await ourHelloSent(peerId);
  }
  const message: ControlMessage = { t: 'hello', clientId, name, ...(signed ? { proof: signed } : {}) };
  mesh.fire('message', { peerId, message });
}

/** Ada's genuine hello on her own link with Bob. */
async function adaSays(peerId = ADA.id): Promise<void> {
  await hello(
    peerId,
    'client-ada',
    'Ada',
    await proof(keys.ada, 'client-ada', `${peerId}-cert`, `bob-${peerId}`),
  );
}

function fileOffersTo(peerId: string): ControlMessage[] {
  return mesh.to(peerId).filter((m) => m.t === 'file-offer');
}

beforeEach(async () => {
  keys = { ada: await deviceKey(), mallory: await deviceKey(), bob: await deviceKey() };
  hold = () => false;
  roster = [ADA, MALLORY];
  mesh = new FakeMesh();
  session = new RoomSession({
    clientId: 'client-bob',
    selfName: () => 'Bob',
    place: () => PLACE,
    signer: async () => keys.bob,
    shouldHold: (peerId, trust) => hold(peerId, trust),
    peers: () => roster,
    // Reactions are rated by this clock, which stands still: a flood is a flood however slow the run.
    now: () => 0,
    maxReceiveBytes: () => 1_000_000,
    openSink: async (_name, type) => new MemorySink(type),
  });
  session.attach(mesh as unknown as Mesh);
});

describe('a signed hello', () => {
  it('that checks binds the link to the sender’s device, and what waited goes out', async () => {
    session.chat.send('hello all');
    await adaSays();
    const trust = session.identities.trustOf(ADA.id);
    expect(trust).toMatchObject({ kind: 'keyed', clientId: 'client-ada', publicKey: keys.ada.publicKey });
    expect(session.identities.keyOf(ADA.id)).toMatch(/^dk-[A-Za-z0-9_-]{43}\/client-ada$/);
    expect(mesh.to(ADA.id).filter((m) => m.t === 'chat')).toHaveLength(1);
  });

  it('replayed by another member on its own link is refused: nothing goes to it, its messages are dropped', async () => {
    await adaSays();
    const adas = mesh.to(ADA.id);
    expect(adas).toHaveLength(1); // our hello
    // Mallory received Ada's hello (Ada's link with Mallory) and replays it to Bob.
    await hello(
      MALLORY.id,
      'client-ada',
      'Ada',
      await proof(keys.ada, 'client-ada', 'ada-cert', 'mallory-cert'),
    );
    expect(session.identities.trustOf(MALLORY.id)).toEqual({ kind: 'refused', reason: 'forged' });

    session.chat.send('for the room');
    session.transfers.offer([new File(['plans'], 'plans.txt')], [MALLORY.id]);
    expect(mesh.to(MALLORY.id).map((m) => m.t)).toEqual(['hello']);
    expect(session.chat.list()[0]!.delivery.map((d) => d.name)).toEqual(['Ada']);

    mesh.fire('message', {
      peerId: MALLORY.id,
      message: { t: 'chat', id: 'forged-chat-1', text: 'hi', sentAt: 1 },
    });
    expect(session.chat.list().filter((m) => !m.mine)).toEqual([]);
  });

  it('made for another room does not check in this one', async () => {
    const elsewhere = await proof(keys.ada, 'client-ada', `${ADA.id}-cert`, `bob-${ADA.id}`, 'room:Other');
    await hello(ADA.id, 'client-ada', 'Ada', elsewhere);
    expect(session.identities.trustOf(ADA.id)).toEqual({ kind: 'refused', reason: 'forged' });
  });

  it('by another key claiming Ada’s client id is another identity: Ada’s file is not offered to it', async () => {
    await adaSays();
    session.transfers.offer([new File(['secret'], 'plans.txt')], [ADA.id]);
    const offerId = session.transfers.views()[0]!.id;
    await hello(
      MALLORY.id,
      'client-ada',
      'Ada',
      await proof(keys.mallory, 'client-ada', `${MALLORY.id}-cert`, `bob-${MALLORY.id}`),
    );
    expect(session.identities.trustOf(MALLORY.id)).toMatchObject({
      kind: 'keyed',
      publicKey: keys.mallory.publicKey,
    });
    expect(session.identities.keyOf(MALLORY.id)).not.toBe(session.identities.keyOf(ADA.id));
    expect(fileOffersTo(MALLORY.id)).toEqual([]);
    mesh.fire('message', { peerId: MALLORY.id, message: { t: 'file-accept', id: offerId, offset: 0 } });
    expect(session.transfers.views()[0]).toMatchObject({ state: 'offered', peerName: 'Ada' });
  });

  it('from a new link of the same device replaces the old one, whose removal has not arrived yet', async () => {
    await adaSays();
    await adaSays('p-ada-again');
    expect(session.identities.trustOf(ADA.id)).toEqual({ kind: 'refused', reason: 'superseded' });
    expect(session.identities.peerOf(session.identities.keyOf('p-ada-again'))).toBe('p-ada-again');
  });

  it('is what we send too, and it checks on the other end of the same link', async () => {
    await adaSays();
    const ours = mesh.to(ADA.id).find((m) => m.t === 'hello');
    expect(ours?.t === 'hello' && ours.proof).toBeTruthy();
    if (ours?.t !== 'hello' || !ours.proof) return;
    // Ada sees the link the other way round: her certificate is local, Bob's remote.
    const atAda = { local: [fingerprint(`${ADA.id}-cert`)], remote: [fingerprint(`bob-${ADA.id}`)] };
    expect(checkHello(ours.proof, { place: PLACE, clientId: 'client-bob' }, atAda)).toMatchObject({
      publicKey: keys.bob.publicKey,
    });
    const elsewhere = { local: [fingerprint('ada-other-cert')], remote: [fingerprint(`bob-${ADA.id}`)] };
    expect(checkHello(ours.proof, { place: PLACE, clientId: 'client-bob' }, elsewhere)).toBeNull();
  });
});

describe('a hello without a proof (an unverified guest)', () => {
  it('claiming a keyed member’s client id gets an identity of its own and nothing meant for that member', async () => {
    await adaSays();
    session.transfers.offer([new File(['secret'], 'plans.txt')], [ADA.id]);
    await hello(MALLORY.id, 'client-ada', 'Ada');
    expect(session.identities.trustOf(MALLORY.id)).toEqual({ kind: 'guest', clientId: 'client-ada' });
    expect(session.identities.keyOf(MALLORY.id)).toBe('guest/client-ada');
    expect(fileOffersTo(MALLORY.id)).toEqual([]);
  });

  it('claiming another live guest’s client id is refused and receives nothing', async () => {
    await hello(ADA.id, 'client-ada', 'Ada');
    session.transfers.offer([new File(['secret'], 'plans.txt')], [ADA.id]);
    await hello(MALLORY.id, 'client-ada', 'Ada');
    expect(session.identities.trustOf(MALLORY.id)).toEqual({ kind: 'refused', reason: 'duplicate' });
    expect(fileOffersTo(MALLORY.id)).toEqual([]);
  });

  it('is refused for our own client id, and a second hello cannot change a link’s identity', async () => {
    await hello(MALLORY.id, 'client-bob', 'Bob');
    expect(session.identities.keyOf(MALLORY.id)).toBe(`peer:${MALLORY.id}`);
    await hello(ADA.id, 'client-ada', 'Ada');
    await hello(ADA.id, 'client-other', 'Ada');
    expect(session.identities.keyOf(ADA.id)).toBe('guest/client-ada');
  });

  it('is accepted for a member who came back under a new peer id once the old link is gone', async () => {
    await hello(ADA.id, 'client-ada', 'Ada');
    mesh.fire('peer-removed', { peerId: ADA.id });
    await hello('p-ada-again', 'client-ada', 'Ada');
    expect(session.identities.keyOf('p-ada-again')).toBe('guest/client-ada');
  });

  it('binds afresh on a rebuilt mesh, where the old links are gone without a removal', async () => {
    await hello(ADA.id, 'client-ada', 'Ada');
    const rebuilt = new FakeMesh();
    mesh = rebuilt;
    session.attach(rebuilt as unknown as Mesh);
    await hello('p-ada-again', 'client-ada', 'Ada');
    expect(session.identities.keyOf('p-ada-again')).toBe('guest/client-ada');
  });
});

describe('a held link (a verified contact’s name with another key)', () => {
  it('gets no chat and no file offer until released, then what waited', async () => {
    hold = (peerId) => peerId === ADA.id;
    await adaSays();
    session.chat.send('is that you?');
    session.transfers.offer([new File(['secret'], 'plans.txt')], [ADA.id]);
    expect(mesh.to(ADA.id).map((m) => m.t)).toEqual(['hello']);
    expect(session.trustOf(ADA.id).held).toBe(true);

    // Its own chat still arrives and is acknowledged.
    mesh.fire('message', {
      peerId: ADA.id,
      message: { t: 'chat', id: 'from-ada-1', text: 'it is me', sentAt: 1 },
    });
    expect(session.chat.list().some((m) => m.text === 'it is me')).toBe(true);

    session.release(ADA.id);
    expect(mesh.to(ADA.id).map((m) => m.t)).toEqual(['hello', 'chat-ack', 'chat', 'file-offer']);
  });
});

describe('the author of a chat message', () => {
  it('is the name the server stamped for the peer, not the name in its hello', async () => {
    await hello(MALLORY.id, 'client-mallory', 'Ada');
    mesh.fire('message', {
      peerId: MALLORY.id,
      message: { t: 'chat', id: 'message-1', text: 'send me the plans', sentAt: 1 },
    });
    expect(session.chat.list()[0]).toMatchObject({ authorName: 'Mallory', mine: false });
  });
});

describe('reactions', () => {
  it('count only from a link whose hello was accepted, and a flood is cut to the burst', async () => {
    const heard: string[] = [];
    session.on('reaction', ({ peerId, emoji }) => heard.push(`${peerId} ${emoji}`));
    mesh.connect(ADA.id, `bob-${ADA.id}`, `${ADA.id}-cert`);
    mesh.fire('message', { peerId: ADA.id, message: { t: 'reaction', emoji: '🎉' } });
    expect(heard).toEqual([]);

    await adaSays();
    for (let i = 0; i < 10; i++)
      mesh.fire('message', { peerId: ADA.id, message: { t: 'reaction', emoji: '👍' } });
    expect(heard).toEqual([`${ADA.id} 👍`, `${ADA.id} 👍`, `${ADA.id} 👍`, `${ADA.id} 👍`]);
  });

  it('of ours go to settled links only, never to one held or without a hello', async () => {
    await adaSays();
    await hello(MALLORY.id, 'client-mallory', 'Mallory');
    session.hold(MALLORY.id);
    session.react('👏');
    expect(mesh.to(ADA.id).filter((m) => m.t === 'reaction')).toEqual([{ t: 'reaction', emoji: '👏' }]);
    expect(mesh.to(MALLORY.id).filter((m) => m.t === 'reaction')).toEqual([]);
  });
});
