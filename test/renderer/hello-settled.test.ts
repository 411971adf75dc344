/**
 * A link whose control channel opens before the page sees its descriptions (Chromium does this when
 * the polite side answers after a rollback: the channel's open event comes before the answer's
 * promise, with no current description yet). The hello is still signed over the link, once its
 * descriptions are current, and a signed hello arriving that early is checked then, not refused or
 * taken for a guest's.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ControlMessage } from '../../common/peer-protocol';
import { toBase64url } from '../../renderer/src/rtc/base64url';
import { Emitter } from '../../renderer/src/rtc/emitter';
import { checkHello, proveHello, type HelloSigner } from '../../renderer/src/rtc/hello-proof';
import type { Mesh, MeshEvents } from '../../renderer/src/rtc/mesh';
import { RoomSession } from '../../renderer/src/rtc/room-session';
import { MemorySink } from '../../renderer/src/rtc/transfers/sinks';

const PLACE = 'room:Standup';
const BOB_FP = `sha-256 ${Array.from({ length: 32 }, () => 'B0').join(':')}`;
const ADA_FP = `sha-256 ${Array.from({ length: 32 }, () => 'A0').join(':')}`;
const sdp = (fingerprint: string) => `v=0\r\na=fingerprint:${fingerprint}\r\n`;

/** Bob's connection to Ada as the page sees it: no current description until `settle()`. */
class EarlyConnection extends EventTarget {
  currentLocalDescription: { sdp: string } | null = null;
  currentRemoteDescription: { sdp: string } | null = null;
  signalingState: RTCSignalingState = 'have-local-offer';

  settle(): void {
    this.currentLocalDescription = { sdp: sdp(BOB_FP) };
    this.currentRemoteDescription = { sdp: sdp(ADA_FP) };
    this.signalingState = 'stable';
    this.dispatchEvent(new Event('signalingstatechange'));
  }
}

class FakeMesh extends Emitter<MeshEvents> {
  readonly outbox: ControlMessage[] = [];
  readonly pc = new EarlyConnection();
  private readonly only = { pc: this.pc };
  sendControl(_peerId: string, message: ControlMessage): boolean {
    this.outbox.push(message);
    return true;
  }
  link() {
    return this.only;
  }
  fire<K extends keyof MeshEvents>(event: K, payload: MeshEvents[K]): void {
    this.emit(event, payload);
  }
}

async function deviceKey(): Promise<HelloSigner> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const algorithm = { name: 'ECDSA', hash: 'SHA-256' };
  return {
    publicKey: toBase64url(await crypto.subtle.exportKey('spki', pair.publicKey)),
    sign: async (text) =>
      toBase64url(await crypto.subtle.sign(algorithm, pair.privateKey, new TextEncoder().encode(text))),
  };
}

/** Lets the signing (WebCrypto, asynchronous) run; bounded so a hello that never comes fails. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    if (turn > 1_000) throw new Error('never happened');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

const ADA = { id: 'p-ada', name: 'Ada' };
let mesh: FakeMesh;
let session: RoomSession;
let bobKey: HelloSigner;

beforeEach(async () => {
  bobKey = await deviceKey();
  mesh = new FakeMesh();
  session = new RoomSession({
    clientId: 'client-bob',
    selfName: () => 'Bob',
    place: () => PLACE,
    signer: async () => bobKey,
    peers: () => [ADA],
    maxReceiveBytes: () => 1_000_000,
    openSink: async (_name, type) => new MemorySink(type),
  });
  session.attach(mesh as unknown as Mesh);
});

describe('a control channel open before the descriptions are current', () => {
  it('our hello waits for them and is signed over this link', async () => {
    mesh.fire('control-open', { peerId: ADA.id });
    // Signing the first time takes a few turns; without the descriptions nothing may go out.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(mesh.outbox.filter((m) => m.t === 'hello' && !m.proof)).toEqual([]);
    mesh.pc.settle();
    await until(() => mesh.outbox.some((m) => m.t === 'hello'));
    const hello = mesh.outbox.find((m) => m.t === 'hello');
    expect(hello?.t === 'hello' && hello.proof).toBeTruthy();
    if (hello?.t !== 'hello' || !hello.proof) return;
    // Ada checks it over her view of the same link.
    const adaView = { local: [ADA_FP], remote: [BOB_FP] };
    expect(checkHello(hello.proof, { place: PLACE, clientId: 'client-bob' }, adaView)).toMatchObject({
      publicKey: bobKey.publicKey,
    });
  });

  it('a signed hello arriving then is checked once they are, and what followed it is handled after', async () => {
    const adaKey = await deviceKey();
    const proof = await proveHello(adaKey, PLACE, 'client-ada', { local: [ADA_FP], remote: [BOB_FP] });
    mesh.fire('message', {
      peerId: ADA.id,
      message: { t: 'hello', clientId: 'client-ada', name: 'Ada', proof },
    });
    mesh.fire('message', { peerId: ADA.id, message: { t: 'chat', id: 'm1', text: 'hi Bob', sentAt: 1 } });
    expect(session.identities.trustOf(ADA.id).kind).toBe('pending');
    mesh.pc.settle();
    await until(() => session.identities.trustOf(ADA.id).kind !== 'pending');
    expect(session.identities.trustOf(ADA.id)).toMatchObject({ kind: 'keyed', publicKey: adaKey.publicKey });
    expect(session.chat.list().map((m) => [m.authorName, m.text])).toEqual([['Ada', 'hi Bob']]);
  });
});
