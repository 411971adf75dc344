import { describe, expect, it } from 'vitest';
import { startsKeyframe } from '../../../server/src/unit/keyframe';

describe('keyframe detection', () => {
  it('reads VP8: start of partition 0 and a frame tag with P clear', () => {
    expect(startsKeyframe('video/VP8', Buffer.from([0x10, 0x00]))).toBe(true);
    expect(startsKeyframe('video/VP8', Buffer.from([0x10, 0x01]))).toBe(false);
    expect(startsKeyframe('video/VP8', Buffer.from([0x00, 0x00]))).toBe(false);
    // X set, I set with a 15-bit picture id (M), then the frame tag.
    expect(startsKeyframe('video/VP8', Buffer.from([0x90, 0x80, 0x81, 0x23, 0x00]))).toBe(true);
    expect(startsKeyframe('video/VP8', Buffer.from([0x90, 0x80, 0x81, 0x23, 0x01]))).toBe(false);
  });

  it('reads VP9: B set and P clear', () => {
    expect(startsKeyframe('video/VP9', Buffer.from([0x08]))).toBe(true);
    expect(startsKeyframe('video/VP9', Buffer.from([0x48]))).toBe(false);
    expect(startsKeyframe('video/VP9', Buffer.from([0x00]))).toBe(false);
  });

  it('reads H264: IDR or SPS, alone, aggregated or fragmented', () => {
    expect(startsKeyframe('video/H264', Buffer.from([0x67]))).toBe(true);
    expect(startsKeyframe('video/H264', Buffer.from([0x65]))).toBe(true);
    expect(startsKeyframe('video/H264', Buffer.from([0x41]))).toBe(false);
    expect(startsKeyframe('video/H264', Buffer.from([0x78, 0x00, 0x01, 0x67]))).toBe(true);
    expect(startsKeyframe('video/H264', Buffer.from([0x7c, 0x85]))).toBe(true);
    expect(startsKeyframe('video/H264', Buffer.from([0x7c, 0x05]))).toBe(false);
  });

  it('lets audio and unknown codecs switch on any packet', () => {
    expect(startsKeyframe('audio/opus', Buffer.from([1]))).toBe(true);
  });
});
