/**
 * A room's media through the forwarding unit, next to its mesh: the unit link sends and receives
 * media, the mesh keeps chat, files and hellos. A room that switches from mesh does it make before
 * break: tiles take a person's stream from the unit once it flows (peer-view.ts), and our links stop
 * sending our media only once our publish connection is up and the unit had time to offer it to the
 * others (a renegotiation and a keyframe: well under a second on a LAN).
 */
import type { UnitPc, UnitSignal, UnitSignalData } from '../../../common/signaling/unit';
import { Emitter } from './emitter';
import type { LocalTracks } from './local-tracks';
import type { Mesh } from './mesh';
import { UnitLink, type UnitLinkOptions, type UnitLinkView } from './unit-link';

/** How long our links keep sending after our media reaches the unit, so that nobody sees a gap. */
export const MESH_OVERLAP_MS = 1_500;

export interface ForwardingOptions extends Omit<UnitLinkOptions, 'send'> {
  mesh: Mesh;
  send: (pc: UnitPc, data: UnitSignalData) => void;
  overlapMs?: number;
}

export interface ForwardingEvents {
  changed: UnitLinkView;
}

export class Forwarding extends Emitter<ForwardingEvents> {
  readonly link: UnitLink;
  private readonly mesh: Mesh;
  private overlap: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  constructor(options: ForwardingOptions) {
    super();
    const { mesh, overlapMs = MESH_OVERLAP_MS, ...linkOptions } = options;
    this.mesh = mesh;
    this.link = new UnitLink(linkOptions);
    this.link.on('changed', () => {
      if (this.link.view().refused) this.mesh.stopSendingMedia();
      this.mesh.refresh();
      this.emit('changed', this.link.view());
    });
    this.link.on('publishing', () => {
      clearTimeout(this.overlap);
      this.overlap = setTimeout(() => this.mesh.stopSendingMedia(), overlapMs);
    });
    mesh.receiveForwarded(this.link);
  }

  /** What we send; the first call with nothing to send frees the links at once (no gap to cover). */
  setLocalMedia(local: LocalTracks): void {
    if (!this.started) {
      this.started = true;
      if (!local.audioTrack && !local.videoTrack && !local.screenStream) this.mesh.stopSendingMedia();
    }
    this.link.setLocalMedia(local);
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
