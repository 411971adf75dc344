/**
 * A full mesh of PeerLinks for one room: one RTCPeerConnection per remote peer. It turns room
 * membership and relayed signals into links, and links into a plain snapshot the UI renders.
 */
import type { ControlMessage } from '../../../common/peer-protocol';
import type { PeerInfo } from '../../../common/signaling/room';
import type { MediaState, SignalData } from '../../../common/signaling/signal';
import { createLogger } from '../log';
import { Emitter } from './emitter';
import type { IceProblem } from './ice-diagnosis';
import type { LocalTracks } from './local-tracks';
import { PeerLink, type LinkState, type PeerLinkOptions } from './peer-link';

const log = createLogger('rtc:mesh');

/** Signals from a peer we have not been told about yet wait this long before being dropped. */
const PENDING_SIGNAL_TTL_MS = 10_000;

export interface PeerView {
  id: string;
  name: string;
  state: LinkState;
  cameraStream: MediaStream | null;
  screenStream: MediaStream | null;
  micMuted: boolean;
  cameraOff: boolean;
  /** Security code to compare aloud with this peer; null until the connection is up. */
  sas: string | null;
  /** Why the link does not connect, when it has not for a while (ice-diagnosis.ts); else null. */
  problem: IceProblem | null;
  /** The link itself, for the stats panel and screen tuning; the UI only reads from it. */
  link: PeerLink;
}

export interface MeshEvents {
  changed: PeerView[];
  /** A peer's control channel opened (first time or after a reconnect). */
  'control-open': { peerId: string };
  message: { peerId: string; message: ControlMessage };
  'file-channel': { peerId: string; transferId: string; channel: RTCDataChannel };
  'peer-removed': { peerId: string };
}

export interface MeshOptions {
  selfId: string;
  send: (to: string, data: SignalData) => void;
  /** No STUN or TURN by default: on a LAN, host candidates suffice. */
  rtcConfig?: RTCConfiguration;
  createPeerConnection?: PeerLinkOptions['createPeerConnection'];
}

interface Entry {
  info: PeerInfo;
  link: PeerLink;
}

export class Mesh extends Emitter<MeshEvents> {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, { at: number; data: SignalData }[]>();
  private local: LocalTracks | null = null;
  private mediaState: MediaState | null = null;

  constructor(private readonly options: MeshOptions) {
    super();
  }

  /** Politeness must be opposite on the two ends: decided by comparing the two ids. */
  static isPolite(selfId: string, peerId: string): boolean {
    return selfId < peerId;
  }

  /**
   * Opens a link to a peer. `newcomer` is true when the peer has just joined (we learned of it from
   * `peer:joined`): it will offer first, and we answer. Peers listed when we join are not newcomers.
   */
  addPeer(info: PeerInfo, newcomer = false): void {
    if (this.entries.has(info.id) || info.id === this.options.selfId) return;
    const link = new PeerLink({
      peerId: info.id,
      polite: Mesh.isPolite(this.options.selfId, info.id),
      awaitOffer: newcomer,
      rtcConfig: this.options.rtcConfig ?? { iceServers: [] },
      send: (data) => this.options.send(info.id, data),
      createPeerConnection: this.options.createPeerConnection,
    });
    link.on('state', () => this.changed());
    link.on('media', () => this.changed());
    link.on('sas', () => this.changed());
    link.channels.on('control-open', () => this.emit('control-open', { peerId: info.id }));
    link.channels.on('message', (message) => this.emit('message', { peerId: info.id, message }));
    link.channels.on('file-channel', (event) => this.emit('file-channel', { peerId: info.id, ...event }));
    this.entries.set(info.id, { info, link });
    if (this.local) link.setLocalTracks(this.local);
    if (this.mediaState) link.sendMediaState(this.mediaState);
    for (const { data } of this.takePending(info.id)) void link.handleSignal(data);
    this.changed();
  }

  removePeer(id: string): void {
    const entry = this.entries.get(id);
    this.pending.delete(id);
    if (!entry) return;
    entry.link.close();
    this.entries.delete(id);
    this.emit('peer-removed', { peerId: id });
    this.changed();
  }

  handleSignal(from: string, data: SignalData): void {
    const entry = this.entries.get(from);
    if (entry) {
      void entry.link.handleSignal(data);
      return;
    }
    const now = Date.now();
    const queue = (this.pending.get(from) ?? []).filter((p) => now - p.at < PENDING_SIGNAL_TTL_MS);
    queue.push({ at: now, data });
    this.pending.set(from, queue);
    log.debug(`holding a signal from ${from} until the peer is known`);
  }

  /** Applies local media to every link and tells every peer the new media state. */
  setLocalMedia(local: LocalTracks, state: MediaState): void {
    this.local = local;
    this.mediaState = state;
    for (const { link } of this.entries.values()) {
      link.setLocalTracks(local);
      link.sendMediaState(state);
    }
  }

  /** Sends a control message to one peer; false when its channel is not open yet. */
  sendControl(peerId: string, message: ControlMessage): boolean {
    return this.entries.get(peerId)?.link.channels.send(message) ?? false;
  }

  /** Direct access for stats, diagnostics and file channels. */
  link(id: string): PeerLink | undefined {
    return this.entries.get(id)?.link;
  }

  snapshot(): PeerView[] {
    return [...this.entries.values()].map(({ info, link }) => viewOf(info, link));
  }

  close(): void {
    for (const { link } of this.entries.values()) link.close();
    this.entries.clear();
    this.pending.clear();
    this.changed();
    this.clearListeners();
  }

  private takePending(id: string): { at: number; data: SignalData }[] {
    const queue = this.pending.get(id) ?? [];
    this.pending.delete(id);
    const now = Date.now();
    return queue.filter((p) => now - p.at < PENDING_SIGNAL_TTL_MS);
  }

  private changed(): void {
    this.emit('changed', this.snapshot());
  }
}

/** Matches remote streams to their role using the ids the peer announced in its media state. */
export function viewOf(info: PeerInfo, link: PeerLink): PeerView {
  const media = link.remoteMedia;
  const streams = link.remoteStreams;
  const screenStream = media?.screenStreamId ? (streams.get(media.screenStreamId) ?? null) : null;
  let cameraStream: MediaStream | null = null;
  if (media?.cameraStreamId) cameraStream = streams.get(media.cameraStreamId) ?? null;
  else if (!media) cameraStream = streams.values().next().value ?? null;
  return {
    id: info.id,
    name: info.name,
    state: link.state,
    cameraStream,
    screenStream: screenStream && screenStream.getVideoTracks().length > 0 ? screenStream : null,
    micMuted: media?.micMuted ?? false,
    cameraOff: media?.cameraOff ?? false,
    sas: link.sas,
    problem: link.state === 'connected' ? null : link.ice.problem,
    link,
  };
}
