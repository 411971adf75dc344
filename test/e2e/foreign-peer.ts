/**
 * A room member that is not the web client: werift (a WebRTC stack in TypeScript, no browser) over
 * socket.io-client, written from docs/PROTOCOL.md alone. It chats on the `control` channel, so a test
 * can show that the document is enough to interoperate and that the web client keeps up with it.
 * werift trickles its first candidates before its offer is sent, which the web client must hold.
 */
import { io, type Socket } from 'socket.io-client';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';

interface Link {
  pc: RTCPeerConnection;
  /** Made before our own offer, or after applying the peer's (PROTOCOL: it rides on the answer). */
  control: RTCDataChannel | null;
}

const fingerprints = (sdp: string | undefined) =>
  (sdp ?? '')
    .split(/\r?\n/)
    .filter((line) => line.startsWith('a=fingerprint:'))
    .sort()
    .join();

type SignalData =
  | { kind: 'description'; description: { type: 'offer' | 'answer'; sdp: string } }
  | { kind: 'candidate'; candidate: { candidate: string; sdpMid?: string | null } | null }
  | { kind: 'media'; state: unknown };

export class ForeignPeer {
  readonly links = new Map<string, Link>();
  /** Chat texts received, from any peer, in order. */
  readonly chats: string[] = [];
  private readonly socket: Socket;
  /** Signals are applied one at a time, in arrival order (PROTOCOL, negotiation step 7). */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    url: string,
    private readonly name: string,
    private readonly clientId: string,
  ) {
    this.socket = io(url, { transports: ['websocket'], forceNew: true });
    this.socket.on('peer:joined', ({ id }: { id: string }) => this.enqueue(() => this.link(id, false)));
    this.socket.on('peer:left', ({ id }: { id: string }) => this.links.get(id)?.pc.close());
    this.socket.on('signal', ({ from, data }: { from: string; data: SignalData }) =>
      this.enqueue(() => this.onSignal(from, data)),
    );
  }

  /** Joins; as the newcomer, offers to everyone already there (PROTOCOL: only the newcomer offers first). */
  async join(room: string): Promise<void> {
    const result = (await this.socket.emitWithAck('room:join', { room, name: this.name })) as {
      ok: boolean;
      data: { peers: { id: string }[] };
    };
    if (!result.ok) throw new Error(`join refused: ${JSON.stringify(result)}`);
    for (const peer of result.data.peers) await this.link(peer.id, true);
  }

  sendChat(peerId: string, text: string): void {
    const id = `chat-${Math.random().toString(16).slice(2, 14)}`;
    this.links.get(peerId)?.control?.send(JSON.stringify({ t: 'chat', id, text, sentAt: Date.now() }));
  }

  controlOpen(peerId: string): boolean {
    return this.links.get(peerId)?.control?.readyState === 'open';
  }

  /** States of each link, for a failing test's message. */
  describe(): string {
    return [...this.links.entries()]
      .map(
        ([id, { pc, control }]) =>
          `${id}: ${pc.signalingState}/${pc.iceConnectionState}/${pc.connectionState}, control ${control?.readyState}`,
      )
      .join('; ');
  }

  close(): void {
    for (const { pc } of this.links.values()) void pc.close();
    this.socket.close();
  }

  private async link(peerId: string, offer: boolean, fresh = false): Promise<Link> {
    const existing = this.links.get(peerId);
    if (existing && !fresh) return existing;
    if (existing) await existing.pc.close();
    // The tests run in a namespace whose only interface is loopback, which werift skips unless told.
    const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
    const link: Link = { pc, control: null };
    this.links.set(peerId, link);
    pc.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) {
        this.signal(peerId, {
          kind: 'candidate',
          candidate: { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null },
        });
      }
    };
    if (offer) {
      this.openControl(link);
      await pc.setLocalDescription(await pc.createOffer());
      this.signal(peerId, { kind: 'description', description: this.local(pc) });
    }
    return link;
  }

  private openControl(link: Link): void {
    const control = link.pc.createDataChannel('control', { negotiated: true, id: 0, ordered: true });
    link.control = control;
    control.onopen = () => this.sendControl(link, { t: 'hello', clientId: this.clientId, name: this.name });
    control.onmessage = ({ data }) => {
      const message = JSON.parse(typeof data === 'string' ? data : data.toString('utf8')) as {
        t: string;
        id?: string;
        text?: string;
      };
      if (message.t === 'chat') {
        this.sendControl(link, { t: 'chat-ack', id: message.id });
        this.chats.push(message.text ?? '');
      }
    };
  }

  private enqueue(task: () => Promise<unknown>): void {
    this.queue = this.queue.then(task).then(
      () => undefined,
      (error: unknown) => {
        process.stderr.write(`foreign peer: ${String(error)}\n`);
      },
    );
  }

  private async onSignal(from: string, data: SignalData): Promise<void> {
    let link = await this.link(from, false);
    if (data.kind === 'candidate') {
      if (data.candidate) await link.pc.addIceCandidate(data.candidate).catch(() => undefined);
      return;
    }
    if (data.kind !== 'description') return;
    if (
      data.description.type === 'offer' &&
      link.pc.remoteDescription &&
      fingerprints(link.pc.remoteDescription.sdp) !== fingerprints(data.description.sdp)
    ) {
      // The peer made a new connection (PROTOCOL, negotiation step 9).
      link = await this.link(from, false, true);
    }
    await link.pc.setRemoteDescription(data.description);
    if (data.description.type === 'offer') {
      if (!link.control) this.openControl(link);
      await link.pc.setLocalDescription(await link.pc.createAnswer());
      this.signal(from, { kind: 'description', description: this.local(link.pc) });
    }
  }

  private local(pc: RTCPeerConnection): { type: 'offer' | 'answer'; sdp: string } {
    const description = pc.localDescription;
    if (!description) throw new Error('no local description');
    return { type: description.type as 'offer' | 'answer', sdp: description.sdp };
  }

  private signal(to: string, data: SignalData): void {
    this.socket.emit('signal', { to, data }, () => undefined);
  }

  private sendControl(link: Link, message: object): void {
    if (link.control?.readyState === 'open') link.control.send(JSON.stringify(message));
  }
}
