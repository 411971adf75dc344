/**
 * The offerer's control channel can open a moment before its `setRemoteDescription(answer)` has
 * resolved (Chromium fires `open` first): the link's remote fingerprints are not known yet. Our hello
 * must still be signed (sent unsigned, a verified contact would see an unverified guest and be held),
 * and a signed hello that arrives in that moment must be checked once the answer is applied, not
 * refused, with what follows it kept in order.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ControlMessage } from '../../common/peer-protocol';
import { Emitter } from '../../renderer/src/rtc/emitter';
import { checkHello, proveHello, type HelloSigner } from '../../renderer/src/rtc/hello-proof';
import type { Mesh, MeshEvents } from '../../renderer/src/rtc/mesh';
import { RoomSession } from '../../renderer/src/rtc/room-session';
import { MemorySink } from '../../renderer/src/rtc/transfers/sinks';
import { toBase64url } from '../../renderer/src/rtc/base64url';

const PLACE = 'room:Standup';
const ADA_CERT = 'sha-256 AA:AA:AA:AA';
const BOB_CERT = 'sha-256 BB:BB:BB:BB';
const sdp = (fingerprint: string) => ({ sdp: `v=0\r\na=fingerprint:${fingerprint}\r\n` });

/** Bob's connection with Ada after his offer: the answer is being applied. */
class OffererPc extends EventTarget {
  signalingState: RTCSignalingState = 'have-local-offer';
  currentLocalDescription = sdp(BOB_CERT);
  currentRemoteDescription: { sdp: string } | null = null;

  answerApplied(): void {
    this.currentRemoteDescription = sdp(ADA_CERT);
    this.signalingState = 'stable';
    this.dispatchEvent(new Event('signalingstatechange'));
  }
}

class FakeMesh extends Emitter<MeshEvents> {
  readonly sent: ControlMessage[] = [];
  readonly pc = new OffererPc();
  private readonly only = { pc: this.pc };

  link(): { pc: OffererPc } {
    return this.only;
  }

  sendControl(_peerId: string, message: ControlMessage): boolean {
    this.sent.push(message);
    return true;
  }

  fire<K extends keyof MeshEvents>(event: K, payload: MeshEvents[K]): void {
    this.emit(event, payload);
  }
}

async function deviceKey(): Promise<HelloSigner> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const sign = async (text: string) =>
    toBase64url(
      await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        pair.privateKey,
        new TextEncoder().encode(text),
      ),
    );
  return { publicKey: toBase64url(await crypto.subtle.exportKey('spki', pair.publicKey)), sign };
}

/** Lets the session's pending promises (signing, key loading) run. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
}

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
    peers: () => [{ id: 'p-ada', name: 'Ada' }],
    maxReceiveBytes: () => 1_000_000,
    openSink: async (_name, type) => new MemorySink(type),
  });
  session.attach(mesh as unknown as Mesh);
});

describe('a control channel that opens before the answer is applied', () => {
  it('gets our hello once the answer is applied, signed over both fingerprints', async () => {
    mesh.fire('control-open', { peerId: 'p-ada' });
    await settle();
    expect(mesh.sent).toEqual([]);

    mesh.pc.answerApplied();
    await settle();
    const [hello] = mesh.sent;
    expect(hello?.t === 'hello' && hello.proof).toBeTruthy();
    if (hello?.t !== 'hello' || !hello.proof) return;
    const atAda = { local: [ADA_CERT], remote: [BOB_CERT] };
    expect(checkHello(hello.proof, { place: PLACE, clientId: 'client-bob' }, atAda)).toMatchObject({
      publicKey: bobKey.publicKey,
    });
  });

  it('checks a signed hello arriving meanwhile once the answer is applied, and keeps what follows', async () => {
    const adaKey = await deviceKey();
    const proof = await proveHello(adaKey, PLACE, 'client-ada', { local: [ADA_CERT], remote: [BOB_CERT] });
    mesh.fire('message', {
      peerId: 'p-ada',
      message: { t: 'hello', clientId: 'client-ada', name: 'Ada', proof },
    });
    mesh.fire('message', {
      peerId: 'p-ada',
      message: { t: 'chat', id: 'from-ada-1', text: 'hi Bob', sentAt: 1 },
    });
    expect(session.identities.trustOf('p-ada').kind).toBe('pending');

    mesh.pc.answerApplied();
    await settle();
    expect(session.identities.trustOf('p-ada')).toMatchObject({ kind: 'keyed', publicKey: adaKey.publicKey });
    expect(session.chat.list().map((message) => message.text)).toEqual(['hi Bob']);
  });
});
