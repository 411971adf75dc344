import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_KINDS,
  MAX_CONTROL_MESSAGE_BYTES,
  MAX_STROKE_POINTS,
  isAnnotationMessage,
  parseControlMessage,
  utf8Length,
} from '../../common/peer-protocol';

const SHARE = '0b6f2c9e-54a4-4d8e-9c0f-2b1d8f3e6a71';
const ID = '9f0c1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b';
const parse = (message: unknown) => parseControlMessage(JSON.stringify(message));

describe('annotation messages', () => {
  it('accept a pointer inside the frame, corners included, and refuse one outside or not a number', () => {
    for (const [x, y] of [
      [0, 0],
      [1, 1],
      [0.5, 0.25],
    ])
      expect(parse({ t: 'pointer', share: SHARE, x, y })).toEqual({ t: 'pointer', share: SHARE, x, y });
    for (const [x, y] of [
      [-0.01, 0.5],
      [0.5, 1.01],
      ['0.5', 0.5],
      [null, 0.5],
    ])
      expect(parse({ t: 'pointer', share: SHARE, x, y })).toBeNull();
    expect(parse({ t: 'pointer', share: '', x: 0.5, y: 0.5 })).toBeNull();
    expect(parse({ t: 'pointer', share: 'x'.repeat(65), x: 0.5, y: 0.5 })).toBeNull();
  });

  it('take an arrow or a box as two points and freehand as up to the limit', () => {
    const stroke = { t: 'stroke', share: SHARE, id: ID, keep: false };
    expect(
      parse({
        ...stroke,
        tool: 'arrow',
        points: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).not.toBeNull();
    expect(
      parse({
        ...stroke,
        tool: 'box',
        points: [
          [0, 0],
          [0.5, 0.5],
          [1, 1],
        ],
      }),
    ).toBeNull();
    expect(parse({ ...stroke, tool: 'free', points: [[0.1, 0.1]] })).toBeNull();
    const path = Array.from({ length: MAX_STROKE_POINTS }, (_, i) => [0.123456789, i / MAX_STROKE_POINTS]);
    const longest = JSON.stringify({ ...stroke, tool: 'free', points: path });
    expect(utf8Length(longest)).toBeLessThan(MAX_CONTROL_MESSAGE_BYTES);
    expect(parseControlMessage(longest)).not.toBeNull();
    expect(parse({ ...stroke, tool: 'free', points: [...path, [0, 0]] })).toBeNull();
    expect(
      parse({
        ...stroke,
        tool: 'laser',
        points: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toBeNull();
    expect(
      parse({
        ...stroke,
        tool: 'free',
        points: [
          [0, 0],
          [2, 1],
        ],
      }),
    ).toBeNull();
  });

  it('carry undo, clear and the sharer switch', () => {
    expect(parse({ t: 'stroke-undo', share: SHARE, id: ID })).not.toBeNull();
    expect(parse({ t: 'stroke-undo', share: SHARE, id: 'short' })).toBeNull();
    expect(parse({ t: 'annotations-clear', share: SHARE })).not.toBeNull();
    expect(parse({ t: 'annotations-allowed', share: SHARE, allowed: false })).not.toBeNull();
    expect(parse({ t: 'annotations-allowed', share: SHARE, allowed: 'no' })).toBeNull();
  });

  it('are told apart from chat and transfers, each kind in a rate class', () => {
    const pointer = parse({ t: 'pointer-gone', share: SHARE });
    const chat = parse({ t: 'chat-ack', id: ID });
    expect(pointer && isAnnotationMessage(pointer)).toBe(true);
    expect(chat && isAnnotationMessage(chat)).toBe(false);
    expect(Object.keys(ANNOTATION_KINDS).sort()).toEqual(
      ['annotations-allowed', 'annotations-clear', 'pointer', 'pointer-gone', 'stroke', 'stroke-undo'].sort(),
    );
  });
});
