/**
 * Reads just enough of a video RTP payload to count frames and keyframes without decoding: the VP8
 * payload descriptor and frame header (RFC 7741, RFC 6386 §9.1), the VP9 descriptor and its
 * scalability structure (RFC 9628), the H.264 NAL unit type (RFC 6184). A keyframe's size tells
 * which simulcast layer a forwarded stream carries.
 */

export interface FrameStart {
  /** The packet begins a frame whose coded picture is independent (a keyframe / IDR). */
  keyframe: boolean;
  /** Coded size from the keyframe header, when the codec carries it there (VP8; VP9 with SS). */
  size: { width: number; height: number } | null;
}

/** What the first packet of a frame says, or null when this packet does not begin a frame. */
export function readFrameStart(mime: string, payload: Buffer): FrameStart | null {
  const codec = mime.toLowerCase().replace('video/', '');
  if (codec === 'vp8') return readVp8(payload);
  if (codec === 'vp9') return readVp9(payload);
  if (codec === 'h264') return readH264(payload);
  return null;
}

function readVp8(payload: Buffer): FrameStart | null {
  if (payload.length < 1) return null;
  const first = payload[0]!;
  const start = (first & 0x10) !== 0;
  const partition = first & 0x07;
  if (!start || partition !== 0) return null;
  let offset = 1;
  if (first & 0x80) {
    const extension = payload[offset++] ?? 0;
    if (extension & 0x80) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    if (extension & 0x40) offset += 1; // TL0PICIDX
    if (extension & 0x30) offset += 1; // TID / KEYIDX
  }
  if (payload.length < offset + 3) return null;
  // Frame tag: bit 0 of the first byte is the inverse key frame flag.
  const keyframe = (payload[offset]! & 0x01) === 0;
  if (!keyframe) return { keyframe, size: null };
  const header = offset + 3;
  const hasSize =
    payload.length >= header + 7 &&
    payload[header] === 0x9d &&
    payload[header + 1] === 0x01 &&
    payload[header + 2] === 0x2a;
  const size = hasSize
    ? {
        width: payload.readUInt16LE(header + 3) & 0x3fff,
        height: payload.readUInt16LE(header + 5) & 0x3fff,
      }
    : null;
  return { keyframe, size };
}

function readVp9(payload: Buffer): FrameStart | null {
  if (payload.length < 1) return null;
  const first = payload[0]!;
  const hasPictureId = (first & 0x80) !== 0;
  const predicted = (first & 0x40) !== 0;
  const hasLayers = (first & 0x20) !== 0;
  const flexible = (first & 0x10) !== 0;
  const begins = (first & 0x08) !== 0;
  const hasScalability = (first & 0x02) !== 0;
  if (!begins) return null;
  let offset = 1;
  if (hasPictureId) offset += (payload[offset] ?? 0) & 0x80 ? 2 : 1;
  let spatialLayer = 0;
  if (hasLayers) {
    spatialLayer = ((payload[offset] ?? 0) >> 1) & 0x07;
    offset += flexible ? 1 : 2; // layer indices, then TL0PICIDX in non-flexible mode
  }
  // A frame that begins, is not predicted from an earlier picture, on the base spatial layer.
  const keyframe = !predicted && spatialLayer === 0;
  if (!keyframe || !hasScalability) return { keyframe, size: null };
  // Scalability structure: N_S (3 bits), Y (sizes present), G, then N_S + 1 widths and heights.
  const ss = payload[offset];
  if (ss === undefined || !(ss & 0x10)) return { keyframe, size: null };
  const spatial = (ss >> 5) + 1;
  const sizes = offset + 1;
  if (payload.length < sizes + spatial * 4) return { keyframe, size: null };
  const largest = sizes + (spatial - 1) * 4;
  return {
    keyframe,
    size: { width: payload.readUInt16BE(largest), height: payload.readUInt16BE(largest + 2) },
  };
}

const IDR = 5;

function readH264(payload: Buffer): FrameStart | null {
  if (payload.length < 2) return null;
  const type = payload[0]! & 0x1f;
  if (type === 28) {
    // FU-A: only the fragment that starts a NAL unit begins a frame's data.
    const fu = payload[1]!;
    if (!(fu & 0x80)) return null;
    return { keyframe: (fu & 0x1f) === IDR, size: null };
  }
  if (type === 24) {
    // STAP-A: aggregated NAL units, each behind a 16-bit size.
    let offset = 1;
    let keyframe = false;
    while (offset + 2 < payload.length) {
      const length = payload.readUInt16BE(offset);
      if ((payload[offset + 2]! & 0x1f) === IDR) keyframe = true;
      offset += 2 + length;
    }
    return { keyframe, size: null };
  }
  return { keyframe: type === IDR, size: null };
}
