/**
 * What a compromised signaling server can do to the link between two room members: terminate WebRTC
 * itself. It answers each page with a werift peer connection of its own (its own DTLS certificate, so
 * the fingerprints in every description it relays are its own, not the other page's), and passes the
 * `control` channel's messages from one connection to the other. Its hellos are one of three lies:
 * the real ones unchanged, its own key's proof claiming the other page's client id, or the real hello
 * with the proof taken out. It keeps every control message and data channel the pages sent it, so a
 * test can say what reached the attacker.
 */
import { webcrypto } from 'node:crypto';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import { helloProofMessage } from '../../common/peer-protocol';

/** What the man in the middle does with the hellos it passes on. */
export type HelloLie = 'forward' | 'sign-own' | 'strip-proof';

/** How the middle emits a signal to a page, as the server would relay it from `from`. */
export type SignalOut = (to: string, from: string, data: unknown) => void;

export interface Received {
  /** Name of the page that sent it. */
  from: string;
  message: { t: string; [field: string]: unknown };
}

interface Side {
  /** The page this connection faces. */
  socketId: string;
  name: string;
  /** The page it pretends to be. */
  posingAs: string;
  pc: RTCPeerConnection | null;
  control: RTCDataChannel | null;
  candidates: { candidate: string; sdpMid?: string | null }[];
  /** Control messages for this page, in order; signing a hello is asynchronous. */
  sending: Promise<void>;
}

type Description = { type: 'offer' | 'answer'; sdp: string };
type Signal =
  | { kind: 'description'; description: Description }
  | { kind: 'candidate'; candidate: { candidate: string; sdpMid?: string | null } | null }
  | { kind: string };

/** `a=fingerprint` values as signed hellos bind them (algorithm lowercase, hex uppercase, sorted). */
function fingerprints(sdp: string | undefined): string[] {
  const found = new Set<string>();
  for (const line of (sdp ?? '').split(/\r?\n/)) {
    const match = /^a=fingerprint:(\S+)\s+([0-9a-fA-F:]+)\s*$/.exec(line);
    if (match?.[1] && match[2]) found.add(`${match[1].toLowerCase()} ${match[2].toUpperCase()}`);
  }
  return [...found].sort();
}

/** The attacker's own device key: a valid ECDSA P-256 key, just not the contact's. */
async function attackerKey(): Promise<{ publicKey: string; sign(text: string): Promise<string> }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const pair = await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify']);
  const spki = await webcrypto.subtle.exportKey('spki', pair.publicKey);
  return {
    publicKey: Buffer.from(spki).toString('base64url'),
    sign: async (text) => {
      const bytes = new TextEncoder().encode(text);
      const signature = await webcrypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        pair.privateKey,
        bytes,
      );
      return Buffer.from(signature).toString('base64url');
    },
  };
}

export class ManInTheMiddle {
  /** Every control message the pages sent the middle, in arrival order. */
  readonly received: Received[] = [];
  /** Labels of data channels a page opened to the middle (file transfers), by page name. */
  readonly dataChannels: { from: string; label: string }[] = [];
  private readonly sides = new Map<string, Side>();
  private queue: Promise<void> = Promise.resolve();
  private readonly key = attackerKey();

  constructor(
    private readonly place: string,
    pages: readonly [{ socketId: string; name: string }, { socketId: string; name: string }],
    private readonly lie: HelloLie,
    private readonly emitSignal: SignalOut,
  ) {
    const [a, b] = pages;
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      this.sides.set(self.socketId, {
        ...self,
        posingAs: other.socketId,
        pc: null,
        control: null,
        candidates: [],
        sending: Promise.resolve(),
      });
    }
  }

  /** True for a signal between the two pages: the middle takes it instead of relaying it. */
  diverts(from: string, to: string): boolean {
    return this.sides.get(from)?.posingAs === to;
  }

  /** A signal a page sent to the other one, handled one at a time in arrival order. */
  take(from: string, data: unknown): void {
    this.queue = this.queue
      .then(() => this.onSignal(from, data as Signal))
      .catch((error: unknown) => {
        process.stderr.write(`man in the middle: ${String(error)}\n`);
      });
  }

  /** True once both pages' control channels to the middle are open and both said hello. */
  bothGreeted(): boolean {
    const greeted = new Set(this.received.filter(({ message }) => message.t === 'hello').map((r) => r.from));
    return [...this.sides.values()].every(
      (side) => side.control?.readyState === 'open' && greeted.has(side.name),
    );
  }

  /** Sends a chat to the page named `to`, as the page the middle poses as there; its id. */
  sendChat(to: string, text: string): string {
    const side = [...this.sides.values()].find((candidate) => candidate.name === to);
    const id = `mitm-${Math.random().toString(16).slice(2, 14)}`;
    side?.control?.send(JSON.stringify({ t: 'chat', id, text, sentAt: Date.now() }));
    return id;
  }

  describe(): string {
    return [...this.sides.values()]
      .map(
        ({ name, pc, control }) =>
          `${name}: ${pc?.connectionState ?? 'no link'}, control ${control?.readyState}`,
      )
      .join('; ');
  }

  close(): void {
    for (const side of this.sides.values()) void side.pc?.close();
  }

  private async onSignal(from: string, signal: Signal): Promise<void> {
    const side = this.sides.get(from);
    if (!side) return;
    if (signal.kind === 'candidate' && 'candidate' in signal) {
      if (!signal.candidate) return;
      if (side.pc?.remoteDescription) await side.pc.addIceCandidate(signal.candidate).catch(() => undefined);
      else side.candidates.push(signal.candidate);
      return;
    }
    if (signal.kind !== 'description' || !('description' in signal)) {
      // Media notices (muted, camera off) carry nothing to attack: passed on as the server would.
      this.emitSignal(side.posingAs, from, signal);
      return;
    }
    const pc = side.pc ?? this.connect(side);
    await pc.setRemoteDescription(signal.description);
    for (const candidate of side.candidates.splice(0))
      await pc.addIceCandidate(candidate).catch(() => undefined);
    if (signal.description.type !== 'offer') return;
    await pc.setLocalDescription(await pc.createAnswer());
    this.emitSignal(from, side.posingAs, { kind: 'description', description: this.local(pc) });
    // The page that offered is the newcomer: towards the other page the middle plays it, and offers.
    const other = this.sides.get(side.posingAs);
    if (other && !other.pc) {
      const otherPc = this.connect(other);
      await otherPc.setLocalDescription(await otherPc.createOffer());
      this.emitSignal(other.socketId, other.posingAs, {
        kind: 'description',
        description: this.local(otherPc),
      });
    }
  }

  private connect(side: Side): RTCPeerConnection {
    // The tests run in a namespace whose only interface is loopback, which werift skips unless told.
    const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
    side.pc = pc;
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate?.candidate) return;
      this.emitSignal(side.socketId, side.posingAs, {
        kind: 'candidate',
        candidate: { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null },
      });
    };
    pc.ondatachannel = ({ channel }) => this.dataChannels.push({ from: side.name, label: channel.label });
    const control = pc.createDataChannel('control', { negotiated: true, id: 0, ordered: true });
    side.control = control;
    control.onmessage = ({ data }) => {
      const message = JSON.parse(
        typeof data === 'string' ? data : data.toString('utf8'),
      ) as Received['message'];
      this.received.push({ from: side.name, message });
      const other = this.sides.get(side.posingAs);
      if (other) this.pass(other, message);
    };
    return pc;
  }

  /** Passes a message on to the page `to` faces, once its control channel is open; lies in hellos. */
  private pass(to: Side, message: Received['message']): void {
    to.sending = to.sending.then(async () => {
      const out = message.t === 'hello' ? await this.rewriteHello(to, message) : message;
      const control = to.control;
      if (!control) return;
      if (control.readyState !== 'open')
        await new Promise<void>((resolve) => (control.onopen = () => resolve()));
      control.send(JSON.stringify(out));
    });
  }

  private async rewriteHello(to: Side, hello: Received['message']): Promise<Received['message']> {
    if (this.lie === 'forward') return hello;
    const { proof: _dropped, ...claim } = hello;
    if (this.lie === 'strip-proof') return claim;
    // Signed over the very link to this page, with the middle's own key: it checks, as another device.
    const key = await this.key;
    const text = helloProofMessage({
      place: this.place,
      clientId: String(hello.clientId),
      signer: fingerprints(to.pc?.localDescription?.sdp),
      receiver: fingerprints(to.pc?.remoteDescription?.sdp),
    });
    return { ...claim, proof: { publicKey: key.publicKey, signature: await key.sign(text) } };
  }

  private local(pc: RTCPeerConnection): Description {
    const description = pc.localDescription;
    if (!description) throw new Error('no local description');
    return { type: description.type as Description['type'], sdp: description.sdp };
  }
}
