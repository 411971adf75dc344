import { beforeEach, describe, expect, it } from 'vitest';
import { ANNOTATION_RATE, type AnnotationMessage, type ControlMessage } from '../../common/peer-protocol';
import {
  AnnotationEngine,
  POINTER_IDLE_MS,
  STROKE_FADE_MS,
  colourOf,
  type ShareOwner,
} from '../../renderer/src/rtc/annotations';

const ADA_SHARE = 'ada-screen';
const BOB_SHARE = 'bob-screen';
let now: number;
let outbox: { peerId: string; message: ControlMessage }[];
let owners: Map<string, ShareOwner>;
let engine: AnnotationEngine;

beforeEach(() => {
  now = 0;
  outbox = [];
  // We are Ada (peer "a"); Bob ("b") and Cy ("c") watch, Bob shares too.
  owners = new Map<string, ShareOwner>([
    [ADA_SHARE, 'self'],
    [BOB_SHARE, 'b'],
  ]);
  engine = new AnnotationEngine({
    port: {
      send: (peerId, message) => (outbox.push({ peerId, message }), true),
      peers: () => [
        { id: 'b', name: 'Bob' },
        { id: 'c', name: 'Cy' },
      ],
    },
    selfId: () => 'a',
    ownerOf: (share) => owners.get(share) ?? null,
    now: () => now,
  });
});

const pointer = (share: string, x: number, y: number): AnnotationMessage => ({ t: 'pointer', share, x, y });

describe('AnnotationEngine', () => {
  it("shows a viewer's pointer with their name and colour, on the share it points at only", () => {
    engine.handle('c', pointer(BOB_SHARE, 0.25, 0.75));
    expect(engine.view(BOB_SHARE).pointers).toEqual([
      { peerId: 'c', name: 'Cy', colour: colourOf('c'), x: 0.25, y: 0.75 },
    ]);
    expect(engine.view(ADA_SHARE).pointers).toEqual([]);
    engine.handle('c', { t: 'pointer-gone', share: BOB_SHARE });
    expect(engine.view(BOB_SHARE).pointers).toEqual([]);
  });

  it('sends our pointer to everyone, rounded, and nothing for a share that takes none', () => {
    engine.movePointer(BOB_SHARE, 0.123456, 0.5);
    expect(outbox.map((o) => o.peerId)).toEqual(['b', 'c']);
    expect(outbox[0]?.message).toEqual({ t: 'pointer', share: BOB_SHARE, x: 0.1235, y: 0.5 });
    outbox = [];
    engine.handle('b', { t: 'annotations-allowed', share: BOB_SHARE, allowed: false });
    engine.movePointer(BOB_SHARE, 0.5, 0.5);
    expect(
      engine.draw(
        BOB_SHARE,
        'arrow',
        [
          [0, 0],
          [1, 1],
        ],
        false,
      ),
    ).toBeNull();
    expect(outbox).toEqual([]);
  });

  it('ignores anything about a share nobody shares', () => {
    engine.handle('c', pointer('gone', 0.5, 0.5));
    engine.handle('c', {
      t: 'stroke',
      share: 'gone',
      id: 'stroke-01',
      tool: 'box',
      points: [
        [0, 0],
        [1, 1],
      ],
      keep: true,
    });
    expect(engine.view('gone')).toEqual({ pointers: [], strokes: [], allowed: true });
  });

  it('draws, fades a stroke that is not kept, keeps one that is, and undoes only our own last', () => {
    const fading = engine.draw(
      ADA_SHARE,
      'arrow',
      [
        [0.1, 0.1],
        [0.9, 0.9],
      ],
      false,
    );
    const kept = engine.draw(
      ADA_SHARE,
      'box',
      [
        [0.2, 0.2],
        [0.4, 0.4],
      ],
      true,
    );
    engine.handle('c', {
      t: 'stroke',
      share: ADA_SHARE,
      id: 'stroke-cy-1',
      tool: 'free',
      points: [
        [0, 0],
        [0.1, 0.2],
        [0.3, 0.3],
      ],
      keep: true,
    });
    expect(engine.view(ADA_SHARE).strokes.map((s) => [s.id, s.author, s.colour])).toEqual([
      [fading, 'self', colourOf('a')],
      [kept, 'self', colourOf('a')],
      ['stroke-cy-1', 'c', colourOf('c')],
    ]);
    now = STROKE_FADE_MS;
    engine.sweep();
    expect(engine.view(ADA_SHARE).strokes.map((s) => s.id)).toEqual([kept, 'stroke-cy-1']);
    outbox = [];
    expect(engine.undo(ADA_SHARE)).toBe(true);
    expect(outbox.map((o) => o.message)).toEqual([
      { t: 'stroke-undo', share: ADA_SHARE, id: kept },
      { t: 'stroke-undo', share: ADA_SHARE, id: kept },
    ]);
    expect(engine.view(ADA_SHARE).strokes.map((s) => s.id)).toEqual(['stroke-cy-1']);
    expect(engine.undo(ADA_SHARE)).toBe(false);
    // Bob cannot take back Cy's stroke; Cy can.
    engine.handle('b', { t: 'stroke-undo', share: ADA_SHARE, id: 'stroke-cy-1' });
    expect(engine.view(ADA_SHARE).strokes).toHaveLength(1);
    engine.handle('c', { t: 'stroke-undo', share: ADA_SHARE, id: 'stroke-cy-1' });
    expect(engine.view(ADA_SHARE).strokes).toHaveLength(0);
  });

  it('lets only the sharer clear a share or turn annotations off, and tells newcomers', () => {
    const stroke = (id: string): AnnotationMessage => ({
      t: 'stroke',
      share: BOB_SHARE,
      id,
      tool: 'box',
      points: [
        [0, 0],
        [1, 1],
      ],
      keep: true,
    });
    engine.handle('c', stroke('stroke-cy-1'));
    engine.handle('c', { t: 'annotations-clear', share: BOB_SHARE });
    engine.handle('c', { t: 'annotations-allowed', share: BOB_SHARE, allowed: false });
    expect(engine.view(BOB_SHARE)).toMatchObject({ allowed: true, strokes: [{ id: 'stroke-cy-1' }] });
    engine.handle('b', { t: 'annotations-clear', share: BOB_SHARE });
    expect(engine.view(BOB_SHARE).strokes).toEqual([]);
    engine.handle('c', pointer(BOB_SHARE, 0.5, 0.5));
    engine.handle('b', { t: 'annotations-allowed', share: BOB_SHARE, allowed: false });
    expect(engine.view(BOB_SHARE)).toEqual({ pointers: [], strokes: [], allowed: false });
    engine.handle('c', pointer(BOB_SHARE, 0.5, 0.5));
    engine.handle('c', stroke('stroke-cy-2'));
    expect(engine.view(BOB_SHARE)).toEqual({ pointers: [], strokes: [], allowed: false });
    // Our own share: we cannot switch Bob's, we can switch ours, and a newcomer hears it.
    engine.setAllowed(BOB_SHARE, true);
    expect(engine.allowed(BOB_SHARE)).toBe(false);
    outbox = [];
    engine.setAllowed(ADA_SHARE, false);
    expect(outbox.map((o) => o.peerId)).toEqual(['b', 'c']);
    outbox = [];
    engine.peerIdentified('d');
    expect(outbox).toEqual([
      { peerId: 'd', message: { t: 'annotations-allowed', share: ADA_SHARE, allowed: false } },
    ]);
  });

  it("drops a peer's flood beyond its bucket, keeps others' messages, and refills with time", () => {
    const { burst, perSecond } = ANNOTATION_RATE.pointer;
    for (let i = 0; i < burst + 500; i++) engine.handle('c', pointer(BOB_SHARE, (i % 100) / 100, 0.5));
    expect(engine.rate.dropped.pointer).toBe(500);
    engine.handle('b', pointer(BOB_SHARE, 0.9, 0.9));
    expect(engine.view(BOB_SHARE).pointers.map((p) => p.peerId)).toEqual(['c', 'b']);
    engine.handle('c', pointer(BOB_SHARE, 0.01, 0.01));
    expect(engine.view(BOB_SHARE).pointers[0]).toMatchObject({ x: ((burst - 1) % 100) / 100 });
    now += 1000 / perSecond;
    engine.handle('c', pointer(BOB_SHARE, 0.01, 0.01));
    expect(engine.view(BOB_SHARE).pointers[0]).toMatchObject({ x: 0.01, y: 0.01 });
    // Drawing has a bucket of its own: the pointer flood did not use it up.
    engine.handle('c', {
      t: 'stroke',
      share: BOB_SHARE,
      id: 'stroke-cy-1',
      tool: 'arrow',
      points: [
        [0, 0],
        [1, 1],
      ],
      keep: true,
    });
    expect(engine.view(BOB_SHARE).strokes).toHaveLength(1);
  });

  it('hides an idle pointer and forgets a peer that left', () => {
    engine.handle('c', pointer(BOB_SHARE, 0.5, 0.5));
    engine.handle('b', pointer(ADA_SHARE, 0.5, 0.5));
    now = POINTER_IDLE_MS - 1;
    engine.sweep();
    expect(engine.view(BOB_SHARE).pointers).toHaveLength(1);
    engine.peerRemoved('b');
    expect(engine.view(ADA_SHARE).pointers).toEqual([]);
    now = POINTER_IDLE_MS;
    engine.sweep();
    expect(engine.view(BOB_SHARE).pointers).toEqual([]);
  });
});
