/**
 * A room's media through the forwarding unit, next to its mesh: the unit link sends and receives
 * media, the mesh keeps chat, files and hellos. A room that switches from mesh does it make before
 * break: tiles take a person's stream from the unit once it flows in every kind the link's did
 * (peer-view.ts) and then tell that person so (`unit-media` over the link); a link stops sending our
 * media when its peer says our media reaches it through the unit. A peer that never says so (a client
 * that predates it, or one whose unit connection does not come up) gets nothing over the link
 * MESH_FALLBACK_MS after both our connections to the unit are up.
 */
import type { UnitPc, UnitRequestData, UnitSignal } from '../../../common/signaling/unit';
import { Emitter } from './emitter';
import type { LocalTracks } from './local-tracks';
import type { Mesh } from './mesh';
import { UnitLink, type UnitLinkOptions, type UnitLinkView } from './unit-link';
import type { AskAnswer, AskKind, SendKind } from './unit-answer';

/**
 * How long our links may keep sending once both our connections to the unit are up, for peers that do
 * not tell when our media reaches them through the unit. Twice the media's encoding while it lasts.
 */
export const MESH_FALLBACK_MS = 15_000;

export interface ForwardingOptions extends Omit<UnitLinkOptions, 'send'> {
  mesh: Mesh;
  send: (pc: UnitPc, data: UnitRequestData) => void;
  fallbackMs?: number;
}

export interface ForwardingEvents {
  changed: UnitLinkView;
  /** The unit refused what we tried to send; the room turns it off (see UnitLinkEvents). */
  refused: SendKind[];
}

export class Forwarding extends Emitter<ForwardingEvents> {
  readonly link: UnitLink;
  private readonly mesh: Mesh;
  private overlap: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  constructor(options: ForwardingOptions) {
    super();
    const { mesh, fallbackMs = MESH_FALLBACK_MS, ...linkOptions } = options;
    this.mesh = mesh;
    this.link = new UnitLink(linkOptions);
    this.link.on('changed', () => {
      if (this.link.view().refused) this.mesh.stopSendingMedia();
      this.mesh.refresh();
      this.emit('changed', this.link.view());
    });
    this.link.on('refused', (kinds) => this.emit('refused', kinds));
    this.link.on('connected', () => {
      clearTimeout(this.overlap);
      this.overlap = setTimeout(() => this.mesh.stopSendingMedia(), fallbackMs);
    });
    mesh.receiveForwarded(this.link);
  }

  /**
   * What we send; the first call with nothing to send (a muted microphone counts as nothing: the unit
   * gets none of it) frees the links at once, as there is no gap to cover.
   */
  setLocalMedia(local: LocalTracks): void {
    if (!this.started) {
      this.started = true;
      const sound = local.audioTrack !== null && !local.micMuted;
      if (!sound && !local.videoTrack && !local.screenStream) this.mesh.stopSendingMedia();
    }
    this.link.setLocalMedia(local);
  }

  /** For an unmute or a camera turned on: how the unit answered (see UnitPublisher.askToSend). */
  askToSend(kind: AskKind): Promise<AskAnswer> {
    return this.link.askToSend(kind);
  }

  giveBack(kind: AskKind): void {
    this.link.giveBack(kind);
  }

  handleSignal(signal: UnitSignal): void {
    this.link.handleSignal(signal);
  }

  view(): UnitLinkView {
    return this.link.view();
  }

  close(): void {
    clearTimeout(this.overlap);
    this.link.close();
    this.clearListeners();
  }
}
