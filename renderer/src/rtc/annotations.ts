/**
 * Pointing and drawing on shared screens: each viewer's laser pointer and the short strokes people
 * draw, per share (a share is its MediaStream id, as its sharer announced it). Positions are fractions
 * of the shared frame, so every tile, whatever its size, letterboxing or full screen, draws them on
 * the same point of the picture. What arrives is bounded (AnnotationRate) and checked against who
 * shares what: only the sharer clears a share or turns annotations off, and nothing is taken for a
 * share nobody is sharing or on which annotations are off.
 */
import type { AnnotationMessage, ControlMessage, StrokeTool } from '../../../common/peer-protocol';
import { AnnotationRate } from './annotations-rate';
import { Emitter } from './emitter';
import type { PeerPort } from './peer-port';
import { randomId } from './random-id';

/** How long a stroke that is not kept stays; it fades out over the last second (CSS). */
export const STROKE_FADE_MS = 5_000;
/** A pointer that has not moved for this long is hidden (its viewer went away without a word). */
export const POINTER_IDLE_MS = 10_000;
/** Strokes kept per share; the oldest give way. */
export const MAX_STROKES_PER_SHARE = 100;
/** Colours people are told apart by; each person's is derived from their peer id (all agree on it). */
export const ANNOTATION_COLOURS = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#0f9fa8',
  '#c21e8c',
  '#8a6d00',
] as const;

/** Who shares a stream: ourselves, a peer (by id), or nobody we know of. */
export type ShareOwner = 'self' | string | null;

export interface PointerView {
  peerId: string;
  name: string;
  colour: string;
  x: number;
  y: number;
}

export interface StrokeView {
  id: string;
  /** 'self' or the author's peer id. */
  author: string;
  colour: string;
  tool: StrokeTool;
  points: readonly (readonly [number, number])[];
  keep: boolean;
  /** When it was drawn or received (engine clock); a stroke not kept fades from here. */
  at: number;
}

export interface ShareAnnotations {
  pointers: PointerView[];
  strokes: StrokeView[];
  /** Whether its sharer lets people point and draw on it. */
  allowed: boolean;
}

export interface AnnotationOptions {
  port: Pick<PeerPort, 'send' | 'peers'>;
  /** Our peer id, which our colour derives from. */
  selfId: () => string | null;
  ownerOf: (share: string) => ShareOwner;
  now?: () => number;
}

export interface AnnotationEvents {
  /** Something on this share changed: redraw it. */
  changed: { share: string };
}

interface Pointer {
  x: number;
  y: number;
  at: number;
}

/** A stable colour per person: the same on every screen, as each derives it from the same peer id. */
export function colourOf(peerId: string): string {
  let hash = 0;
  for (let i = 0; i < peerId.length; i++) hash = (hash * 31 + peerId.charCodeAt(i)) >>> 0;
  return ANNOTATION_COLOURS[hash % ANNOTATION_COLOURS.length] ?? ANNOTATION_COLOURS[0];
}

export class AnnotationEngine extends Emitter<AnnotationEvents> {
  private readonly pointers = new Map<string, Map<string, Pointer>>();
  private readonly strokes = new Map<string, StrokeView[]>();
  private readonly disallowed = new Set<string>();
  private readonly now: () => number;
  readonly rate: AnnotationRate;

  constructor(private readonly options: AnnotationOptions) {
    super();
    this.now = options.now ?? (() => performance.now());
    this.rate = new AnnotationRate(this.now);
  }

  view(share: string): ShareAnnotations {
    const names = new Map(this.options.port.peers().map((peer) => [peer.id, peer.name]));
    const pointers = [...(this.pointers.get(share) ?? [])].map(([peerId, { x, y }]) => ({
      peerId,
      name: names.get(peerId) ?? '',
      colour: colourOf(peerId),
      x,
      y,
    }));
    return { pointers, strokes: [...(this.strokes.get(share) ?? [])], allowed: this.allowed(share) };
  }

  allowed(share: string): boolean {
    return !this.disallowed.has(share);
  }

  /** Our pointer moved to (x, y) of the share's frame. */
  movePointer(share: string, x: number, y: number): void {
    if (!this.allowed(share)) return;
    this.broadcast({ t: 'pointer', share, x: round(x), y: round(y) });
  }

  hidePointer(share: string): void {
    this.broadcast({ t: 'pointer-gone', share });
  }

  /** Draws a finished stroke of ours; null when annotations are off on that share. */
  draw(share: string, tool: StrokeTool, points: [number, number][], keep: boolean): string | null {
    if (!this.allowed(share) || points.length < 2) return null;
    const id = randomId();
    const rounded = points.map(([x, y]) => [round(x), round(y)] as [number, number]);
    this.addStroke(share, 'self', { id, tool, points: rounded, keep });
    this.broadcast({ t: 'stroke', share, id, tool, points: rounded, keep });
    return id;
  }

  /** Takes back our last stroke on the share still shown; false when there is none. */
  undo(share: string): boolean {
    const last = (this.strokes.get(share) ?? []).findLast((stroke) => stroke.author === 'self');
    if (!last) return false;
    this.removeStroke(share, 'self', last.id);
    this.broadcast({ t: 'stroke-undo', share, id: last.id });
    return true;
  }

  /** The sharer removes every stroke on its own share. */
  clear(share: string): void {
    if (this.options.ownerOf(share) !== 'self') return;
    this.strokes.delete(share);
    this.changed(share);
    this.broadcast({ t: 'annotations-clear', share });
  }

  /** The sharer lets people point and draw on its share, or stops them (and clears what is there). */
  setAllowed(share: string, allowed: boolean): void {
    if (this.options.ownerOf(share) !== 'self') return;
    this.applyAllowed(share, allowed);
    this.broadcast({ t: 'annotations-allowed', share, allowed });
  }

  handle(peerId: string, message: AnnotationMessage): void {
    if (!this.rate.admit(peerId, message)) return;
    const owner = this.options.ownerOf(message.share);
    if (owner === null) return;
    const fromSharer = owner === peerId;
    switch (message.t) {
      case 'annotations-allowed':
        if (fromSharer) this.applyAllowed(message.share, message.allowed);
        return;
      case 'annotations-clear':
        if (fromSharer && this.strokes.delete(message.share)) this.changed(message.share);
        return;
      default:
        if (!this.allowed(message.share)) return;
    }
    if (message.t === 'pointer') {
      this.pointersOf(message.share).set(peerId, { x: message.x, y: message.y, at: this.now() });
      this.changed(message.share);
    } else if (message.t === 'pointer-gone') {
      if (this.pointers.get(message.share)?.delete(peerId)) this.changed(message.share);
    } else if (message.t === 'stroke') {
      const { id, tool, points, keep } = message;
      this.addStroke(message.share, peerId, { id, tool, points, keep });
    } else if (message.t === 'stroke-undo') {
      this.removeStroke(message.share, peerId, message.id);
    }
  }

  /** A peer whose identity settled: it learns which of our shares take no annotations. */
  peerIdentified(peerId: string): void {
    for (const share of this.disallowed) {
      if (this.options.ownerOf(share) === 'self') {
        this.options.port.send(peerId, { t: 'annotations-allowed', share, allowed: false });
      }
    }
  }

  peerRemoved(peerId: string): void {
    this.rate.forget(peerId);
    for (const [share, pointers] of this.pointers) if (pointers.delete(peerId)) this.changed(share);
  }

  /**
   * Forgets faded strokes, idle pointers and shares that ended; called on a timer by the store, with
   * the engine's own clock, so tests move time by hand.
   */
  sweep(): void {
    const now = this.now();
    for (const [share, strokes] of this.strokes) {
      const kept =
        this.options.ownerOf(share) === null
          ? []
          : strokes.filter((s) => s.keep || now - s.at < STROKE_FADE_MS);
      if (kept.length === strokes.length) continue;
      if (kept.length) this.strokes.set(share, kept);
      else this.strokes.delete(share);
      this.changed(share);
    }
    for (const [share, pointers] of this.pointers) {
      const gone = this.options.ownerOf(share) === null;
      for (const [peerId, pointer] of pointers) {
        if (gone || now - pointer.at >= POINTER_IDLE_MS) {
          pointers.delete(peerId);
          this.changed(share);
        }
      }
    }
    for (const share of this.disallowed)
      if (this.options.ownerOf(share) === null) this.disallowed.delete(share);
  }

  dispose(): void {
    this.pointers.clear();
    this.strokes.clear();
    this.disallowed.clear();
    this.clearListeners();
  }

  private applyAllowed(share: string, allowed: boolean): void {
    if (allowed === this.allowed(share)) return;
    if (allowed) this.disallowed.delete(share);
    else {
      this.disallowed.add(share);
      this.pointers.delete(share);
      this.strokes.delete(share);
    }
    this.changed(share);
  }

  private addStroke(
    share: string,
    author: string,
    stroke: Pick<StrokeView, 'id' | 'tool' | 'points' | 'keep'>,
  ): void {
    const strokes = this.strokes.get(share) ?? [];
    if (strokes.some((s) => s.author === author && s.id === stroke.id)) return;
    const colourKey = author === 'self' ? (this.options.selfId() ?? '') : author;
    strokes.push({ ...stroke, author, colour: colourOf(colourKey), at: this.now() });
    this.strokes.set(share, strokes.slice(-MAX_STROKES_PER_SHARE));
    this.changed(share);
  }

  private removeStroke(share: string, author: string, id: string): void {
    const strokes = this.strokes.get(share);
    const index = strokes?.findIndex((s) => s.author === author && s.id === id) ?? -1;
    if (!strokes || index < 0) return;
    strokes.splice(index, 1);
    this.changed(share);
  }

  private pointersOf(share: string): Map<string, Pointer> {
    let pointers = this.pointers.get(share);
    if (!pointers) this.pointers.set(share, (pointers = new Map()));
    return pointers;
  }

  private broadcast(message: ControlMessage): void {
    for (const peer of this.options.port.peers()) this.options.port.send(peer.id, message);
  }

  private changed(share: string): void {
    this.emit('changed', { share });
  }
}

/** Four decimals: a ten-thousandth of the frame, finer than any screen's pixel, and short JSON. */
function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 10_000) / 10_000;
}
