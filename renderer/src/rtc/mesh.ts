/**
 * A full mesh of PeerLinks for one room: one RTCPeerConnection per remote peer. It turns room
 * membership and relayed signals into links, and links into a plain snapshot the UI renders. A link
 * whose negotiation breaks is replaced by a fresh one, after a back-off, a bounded number of times.
 * In a forwarded room the links carry no media (chat, files and hellos only): people's streams come
 * from the forwarding unit (unit-link.ts), found by the stream ids they announce over their link.
 */
import type { ControlMessage } from '../../../common/peer-protocol';
import type { PeerInfo } from '../../../common/signaling/room';
import type { MediaState, SignalData } from '../../../common/signaling/signal';
import { createLogger } from '../log';
import { Emitter } from './emitter';
import type { LocalTracks } from './local-tracks';
import type { NegotiationBreak } from './link-negotiation';
import { PeerLink, type LinkState, type PeerLinkOptions } from './peer-link';
import { receivesThroughUnit, viewOf, type ForwardedMedia, type PeerView } from './peer-view';

export { viewOf, type ForwardedMedia, type PeerView } from './peer-view';

const log = createLogger('rtc:mesh');

/** Signals from a peer we have not been told about yet wait this long before being dropped. */
const PENDING_SIGNAL_TTL_MS = 10_000;
/**
 * Waits before each new link after a failed negotiation; their number bounds the attempts. The count
 * starts over once a link connects. A peer that starts a new connection itself is answered at once.
 */
export const RECOVERY_DELAYS_MS: readonly number[] = [500, 1_000, 2_000, 4_000, 8_000];

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
  /**
   * A room that carries media through the forwarding unit from the start: our links never send media.
   * Default: links send our media until {@link Mesh.stopSendingMedia}.
   */
  dataOnly?: boolean;
  send: (to: string, data: SignalData) => void;
  /** No STUN or TURN by default: on a LAN, host candidates suffice. */
  rtcConfig?: RTCConfiguration;
  createPeerConnection?: PeerLinkOptions['createPeerConnection'];
}

interface Entry {
  info: PeerInfo;
  link: PeerLink;
  /** Links recreated since this peer last connected. */
  attempts: number;
  /** Waiting out the back-off: signals collect in `held` for the next link. */
  retry: ReturnType<typeof setTimeout> | undefined;
  held: SignalData[];
  /** Out of attempts: shown as failed until the peer starts a new connection or leaves. */
  gaveUp: boolean;
  /** The peer receives our media through the forwarding unit: this link no longer sends it. */
  mediaOff: boolean;
  /** We told the peer its media reaches us through the unit (`unit-media`), on this link. */
  toldForwarded: boolean;
}

export class Mesh extends Emitter<MeshEvents> {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, { at: number; data: SignalData }[]>();
  private local: LocalTracks | null = null;
  private mediaState: MediaState | null = null;
  /** False once media goes through the forwarding unit: links then carry data only. */
  private sendsMedia: boolean;
  private forwarded: ForwardedMedia | null = null;

  constructor(private readonly options: MeshOptions) {
    super();
    this.sendsMedia = !options.dataOnly;
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
    const entry: Entry = {
      info,
      link: this.createLink(info, newcomer),
      attempts: 0,
      retry: undefined,
      held: [],
      gaveUp: false,
      mediaOff: false,
      toldForwarded: false,
    };
    this.entries.set(info.id, entry);
    this.wire(entry);
    for (const { data } of this.takePending(info.id)) void entry.link.handleSignal(data);
    this.changed();
  }

  removePeer(id: string): void {
    const entry = this.entries.get(id);
    this.pending.delete(id);
    if (!entry) return;
    clearTimeout(entry.retry);
    entry.link.close();
    this.entries.delete(id);
    this.emit('peer-removed', { peerId: id });
    this.changed();
  }

  handleSignal(from: string, data: SignalData): void {
    const entry = this.entries.get(from);
    if (entry?.retry !== undefined) {
      entry.held.push(data);
      return;
    }
    if (entry?.gaveUp && data.kind === 'description' && data.description.type === 'offer') {
      // The peer tries a new connection of its own: worth one more link.
      this.replaceLink(entry, [data]);
      return;
    }
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
    for (const entry of this.entries.values()) {
      entry.link.setLocalTracks(this.outgoing(local, entry));
      entry.link.sendMediaState(state);
    }
  }

  /**
   * The room's media now comes through the forwarding unit: a person's stream from there is shown as
   * soon as it flows, their stream over the link until then (make before break).
   */
  receiveForwarded(media: ForwardedMedia): void {
    this.forwarded = media;
    this.changed();
  }

  /**
   * Our media reaches everyone through the unit: the links stop sending it (camera and microphone
   * senders emptied with replaceTrack, screen senders removed) and carry data only from now on.
   */
  stopSendingMedia(): void {
    if (!this.sendsMedia) return;
    this.sendsMedia = false;
    if (!this.local) return;
    for (const entry of this.entries.values()) entry.link.setLocalTracks(this.outgoing(this.local, entry));
  }

  /** One peer receives our media through the unit (it said so): its link stops sending it. */
  private stopSendingMediaTo(entry: Entry): void {
    if (entry.mediaOff) return;
    entry.mediaOff = true;
    if (this.local) entry.link.setLocalTracks(this.outgoing(this.local, entry));
  }

  /**
   * Tells each peer whose media now reaches us through the unit, once per link, so that it stops
   * sending it over the link (make before break, see forwarding.ts).
   */
  private tellForwarded(): void {
    if (!this.forwarded) return;
    for (const entry of this.entries.values()) {
      if (entry.toldForwarded || !receivesThroughUnit(entry.info, entry.link, this.forwarded)) continue;
      entry.toldForwarded = entry.link.channels.send({ t: 'unit-media' });
    }
  }

  /** Reads again which streams people are seen with (a forwarded stream started to flow). */
  refresh(): void {
    this.changed();
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
    return [...this.entries.values()].map((entry) =>
      viewOf(entry.info, entry.link, stateOf(entry), this.forwarded),
    );
  }

  close(): void {
    for (const { link, retry } of this.entries.values()) {
      clearTimeout(retry);
      link.close();
    }
    this.entries.clear();
    this.pending.clear();
    this.changed();
    this.clearListeners();
  }

  private createLink(info: PeerInfo, awaitOffer: boolean): PeerLink {
    return new PeerLink({
      peerId: info.id,
      polite: Mesh.isPolite(this.options.selfId, info.id),
      awaitOffer,
      rtcConfig: this.options.rtcConfig ?? { iceServers: [] },
      send: (data) => this.options.send(info.id, data),
      createPeerConnection: this.options.createPeerConnection,
    });
  }

  /** Connects a (new) link of an entry to the mesh's events and hands it the local media. */
  private wire(entry: Entry): void {
    const { link, info } = entry;
    link.on('state', (state) => {
      if (state === 'connected') entry.attempts = 0;
      this.changed();
    });
    link.on('media', () => this.changed());
    link.on('sas', () => this.changed());
    link.on('broken', (event) => this.recover(entry, link, event));
    link.channels.on('control-open', () => this.emit('control-open', { peerId: info.id }));
    link.channels.on('message', (message) => {
      if (message.t === 'unit-media') this.stopSendingMediaTo(entry);
      else this.emit('message', { peerId: info.id, message });
    });
    link.channels.on('file-channel', (event) => this.emit('file-channel', { peerId: info.id, ...event }));
    if (this.local) link.setLocalTracks(this.outgoing(this.local, entry));
    if (this.mediaState) link.sendMediaState(this.mediaState);
  }

  /** What a link sends: our media, or nothing at all once it goes through the forwarding unit. */
  private outgoing(local: LocalTracks, entry: Entry): LocalTracks {
    if (this.sendsMedia && !entry.mediaOff) return local;
    return {
      cameraStream: local.cameraStream,
      micMuted: true,
      audioTrack: null,
      videoTrack: null,
      screenStream: null,
    };
  }

  private recover(entry: Entry, link: PeerLink, event: NegotiationBreak): void {
    if (this.entries.get(entry.info.id) !== entry || entry.link !== link) return;
    if (event.reason === 'peer-restarted') {
      this.replaceLink(entry, event.carry);
      return;
    }
    const delay = RECOVERY_DELAYS_MS[entry.attempts];
    if (delay === undefined) {
      log.error(`giving up on ${entry.info.id} after ${entry.attempts} new links`);
      entry.gaveUp = true;
      link.close();
      this.changed();
      return;
    }
    entry.attempts += 1;
    entry.held = event.carry;
    entry.retry = setTimeout(() => this.replaceLink(entry, entry.held), delay);
    link.close();
    this.changed();
  }

  /**
   * A fresh link for the same peer. With an offer to answer, it answers it, tracks riding on the
   * answer. Otherwise the impolite end offers at once and the polite end waits for that offer (and
   * offers itself if none comes), so the two ends do not start the new link with colliding offers.
   */
  private replaceLink(entry: Entry, carry: SignalData[]): void {
    clearTimeout(entry.retry);
    entry.retry = undefined;
    entry.held = [];
    entry.gaveUp = false;
    entry.toldForwarded = false;
    entry.link.close();
    const polite = Mesh.isPolite(this.options.selfId, entry.info.id);
    const answering = carry.some((data) => data.kind === 'description' && data.description.type === 'offer');
    entry.link = this.createLink(entry.info, answering || polite);
    this.wire(entry);
    for (const data of carry) void entry.link.handleSignal(data);
    this.changed();
  }

  private takePending(id: string): { at: number; data: SignalData }[] {
    const queue = this.pending.get(id) ?? [];
    this.pending.delete(id);
    const now = Date.now();
    return queue.filter((p) => now - p.at < PENDING_SIGNAL_TTL_MS);
  }

  private changed(): void {
    this.tellForwarded();
    this.emit('changed', this.snapshot());
  }
}

/** A link being replaced shows as reconnecting, one given up on as failed. */
function stateOf(entry: Entry): LinkState {
  if (entry.gaveUp) return 'failed';
  return entry.retry === undefined ? entry.link.state : 'reconnecting';
}
