/**
 * Whether an RTP packet starts a keyframe, read from the codec's payload descriptor only (no
 * decoding): the unit switches a viewer to another stream (a simulcast layer, or the first frames of a
 * late joiner) only there, so the viewer's decoder never sees a frame that refers to one it lacks.
 */

/** RFC 7741: VP8 payload descriptor, then the VP8 frame tag whose P bit is 0 on a keyframe. */
function vp8(payload: Buffer): boolean {
  if (payload.length < 1) return false;
  const first = payload[0] as number;
  const start = (first & 0x10) !== 0 && (first & 0x07) === 0;
  if (!start) return false;
  let offset = 1;
  if (first & 0x80) {
    const ext = payload[offset] ?? 0;
    offset += 1;
    if (ext & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
    if (ext & 0x40) offset += 1;
    if (ext & 0x30) offset += 1;
  }
  const tag = payload[offset];
  return tag !== undefined && (tag & 0x01) === 0;
}

/** RFC 9628: VP9 descriptor; B (start of frame) set, P (inter-picture predicted) clear. */
function vp9(payload: Buffer): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  return (first & 0x40) === 0 && (first & 0x08) !== 0;
}

const H264_IDR = 5;
const H264_SPS = 7;
const H264_STAP_A = 24;
const H264_FU_A = 28;

/** RFC 6184: an IDR slice or SPS, alone, in a STAP-A aggregate, or at the start of an FU-A. */
function h264(payload: Buffer): boolean {
  const first = payload[0];
  if (first === undefined) return false;
  const type = first & 0x1f;
  if (type === H264_IDR || type === H264_SPS) return true;
  if (type === H264_FU_A) {
    const header = payload[1] ?? 0;
    const inner = header & 0x1f;
    return (header & 0x80) !== 0 && (inner === H264_IDR || inner === H264_SPS);
  }
  if (type === H264_STAP_A) {
    let offset = 1;
    while (offset + 2 < payload.length) {
      const size = payload.readUInt16BE(offset);
      const nal = (payload[offset + 2] ?? 0) & 0x1f;
      if (nal === H264_IDR || nal === H264_SPS) return true;
      offset += 2 + size;
    }
  }
  return false;
}

/** Codecs whose keyframes `startsKeyframe` tells apart (it says yes to every packet of others). */
export function detectsKeyframes(mimeType: string): boolean {
  return ['video/vp8', 'video/vp9', 'video/h264'].includes(mimeType.toLowerCase());
}

/**
 * True when `payload` (of a packet in `mimeType`) starts a keyframe. Unknown codecs answer true: the
 * unit then switches on any packet rather than never.
 */
export function startsKeyframe(mimeType: string, payload: Buffer): boolean {
  switch (mimeType.toLowerCase()) {
    case 'video/vp8':
      return vp8(payload);
    case 'video/vp9':
      return vp9(payload);
    case 'video/h264':
      return h264(payload);
    default:
      return true;
  }
}
