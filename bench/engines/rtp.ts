/**
 * The synthetic stream of `npm run bench:engines`: VP8-shaped RTP packets (a frame is a burst of
 * ~1,100-byte packets sharing one RTP timestamp, the marker bit on its last packet, a keyframe now and
 * then) whose payload carries the packet's index in the stream and the time it was sent, so a receiver
 * counts what it missed and how long each packet took, on the publisher's clock.
 */

/** Payload type of VP8 in every SDP of the benchmark. */
export const VP8_PAYLOAD_TYPE = 96;

/** The stream's shape: a screen share of moderate motion, as a browser would send it. */
export const STREAM = {
  bitrate: 2_500_000,
  fps: 30,
  packetPayload: 1_100,
  /** A keyframe every 3 s, 3× the size of a delta frame (the average stays at `bitrate`). */
  keyframeEvery: 90,
  keyframeScale: 3,
} as const;

const RTP_HEADER = 12;
/** VP8 payload descriptor (1 byte) and payload header (3 bytes), then our index and send time. */
const STAMP_OFFSET = 4;
const STAMP_BYTES = 12;

/** Bytes of each frame of a keyframe period, keyframe first, averaging `STREAM.bitrate`. */
export function frameSizes(): number[] {
  const perFrame = STREAM.bitrate / 8 / STREAM.fps;
  const period = STREAM.keyframeEvery;
  const delta = (perFrame * period) / (period - 1 + STREAM.keyframeScale);
  return Array.from({ length: period }, (_, i) => Math.round(i === 0 ? delta * STREAM.keyframeScale : delta));
}

/** Splits a frame of `bytes` into RTP payload lengths of at most `STREAM.packetPayload`. */
export function packetLengths(bytes: number): number[] {
  const count = Math.max(1, Math.ceil(bytes / STREAM.packetPayload));
  const base = Math.floor(bytes / count);
  return Array.from({ length: count }, (_, i) => (i < bytes % count ? base + 1 : base));
}

/** One RTP packet of the stream, fields as they go on the wire. */
export interface SyntheticPacket {
  ssrc: number;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  /** First packet of a frame (VP8 descriptor's S bit). */
  start: boolean;
  keyframe: boolean;
  /** Position in the publisher's stream, from 0. */
  index: number;
  payloadLength: number;
}

/** Serializes a packet with a zero send time; `stamp` writes the time just before it leaves. */
export function buildPacket(packet: SyntheticPacket): Buffer {
  const buf = Buffer.alloc(RTP_HEADER + Math.max(packet.payloadLength, STAMP_OFFSET + STAMP_BYTES));
  buf[0] = 0x80;
  buf[1] = (packet.marker ? 0x80 : 0) | VP8_PAYLOAD_TYPE;
  buf.writeUInt16BE(packet.sequenceNumber & 0xffff, 2);
  buf.writeUInt32BE(packet.timestamp >>> 0, 4);
  buf.writeUInt32BE(packet.ssrc >>> 0, 8);
  buf[RTP_HEADER] = packet.start ? 0x10 : 0x00;
  // VP8 payload header: bit 0 of the first byte is 0 on a keyframe (RFC 7741 §4.3).
  buf[RTP_HEADER + 1] = packet.keyframe ? 0x00 : 0x01;
  buf.writeUInt32BE(packet.index >>> 0, RTP_HEADER + STAMP_OFFSET);
  return buf;
}

/** Writes the send time (ms, on the publisher's `performance.now()` clock) into a built packet. */
export function stamp(buf: Buffer, sentAt: number): void {
  buf.writeDoubleBE(sentAt, RTP_HEADER + STAMP_OFFSET + 4);
}

/** True for RTCP on an RTP/RTCP-multiplexed flow (RFC 5761 §4: payload types 64–95 with the marker). */
export function isRtcp(buf: Uint8Array): boolean {
  const type = (buf[1] ?? 0) & 0x7f;
  return buf.length >= 4 && type >= 64 && type <= 95;
}

/** Start of an RTP packet's payload: past the header, its CSRCs and its extension block. */
export function payloadOffset(buf: Uint8Array): number {
  const first = buf[0] ?? 0;
  let offset = RTP_HEADER + 4 * (first & 0x0f);
  if (first & 0x10) {
    const words = ((buf[offset + 2] ?? 0) << 8) | (buf[offset + 3] ?? 0);
    offset += 4 + 4 * words;
  }
  return offset;
}

/** The index and send time a packet of the stream carries, whatever headers a forwarder added. */
export function readStamp(buf: Buffer): { index: number; sentAt: number } | null {
  const at = payloadOffset(buf) + STAMP_OFFSET;
  if (at + STAMP_BYTES > buf.length) return null;
  return { index: buf.readUInt32BE(at), sentAt: buf.readDoubleBE(at + 4) };
}

/** Writes a new SSRC into a raw RTP packet, as a forwarder does per subscriber. */
export function setSsrc(buf: Buffer, ssrc: number): void {
  buf.writeUInt32BE(ssrc >>> 0, 8);
}
