/**
 * Messages peers exchange directly over the `control` data channel (chat, file-transfer control and
 * reactions).
 * They never pass through the server, but they come from another machine: each is `unknown` until
 * these schemas accept it. File bytes travel on a channel of their own, one per transfer.
 */
import { z } from 'zod';
import { issueKey } from './issues';
import { REACTIONS } from './reactions';
import { MAX_STREAM_ID_LENGTH } from './limits';
import { displayNameSchema } from './signaling/names';
import { deviceProofSchema } from './signaling/presence';

export const MAX_CHAT_TEXT_LENGTH = 4_000;
export const MAX_FILE_NAME_LENGTH = 255;
/**
 * A control message is small JSON; anything bigger is refused unparsed. Bytes of its UTF-8 encoding,
 * the unit every WebRTC stack sends, so a client in another language counts the same way.
 */
export const MAX_CONTROL_MESSAGE_BYTES = 16 * 1024;
/** Label of the pre-negotiated control channel (SCTP stream id 0 on both ends). */
export const CONTROL_CHANNEL = { label: 'control', id: 0 } as const;
/** File channels are labelled `file:<transfer id>`. */
export const FILE_CHANNEL_PREFIX = 'file:';

const idSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, issueKey('peerMessage.id'));

// --- Pointing and drawing on a shared screen (annotations) ---

/** Points a stroke may hold: a few seconds of freehand at the sender's sampling, a few KiB of JSON. */
export const MAX_STROKE_POINTS = 200;
/**
 * What a receiver accepts from one peer, per class of annotation message: a token bucket refilled at
 * `perSecond` and holding `burst`. Pointer moves are sent at most once per animation frame (60 Hz);
 * the bucket's headroom covers a 120 Hz screen's bursts, and a flood beyond it is dropped unread.
 */
export const ANNOTATION_RATE = {
  pointer: { perSecond: 90, burst: 90 },
  drawing: { perSecond: 10, burst: 20 },
} as const;

/** A position on the shared frame: 0 is its left (top) edge, 1 its right (bottom) edge. */
const unitSchema = z.number().min(0).max(1);
/** The MediaStream id (msid) of the share, as its sharer announced it in its media state. */
const shareSchema = z.string().min(1).max(MAX_STREAM_ID_LENGTH);
const pointSchema = z.tuple([unitSchema, unitSchema]);

/** Kinds of stroke: an arrow and a box are two points (from, to); freehand is the path drawn. */
export const STROKE_TOOLS = ['arrow', 'box', 'free'] as const;
export type StrokeTool = (typeof STROKE_TOOLS)[number];

const annotationSchemas = [
  /** The sender's pointer is at (x, y) of the share's frame. */
  z.object({ t: z.literal('pointer'), share: shareSchema, x: unitSchema, y: unitSchema }),
  /** The sender's pointer left the share (pointer turned off, mouse out). */
  z.object({ t: z.literal('pointer-gone'), share: shareSchema }),
  /** A finished stroke; `keep` false fades after a few seconds, true stays until undone or cleared. */
  z
    .object({
      t: z.literal('stroke'),
      share: shareSchema,
      id: idSchema,
      tool: z.enum(STROKE_TOOLS),
      points: z.array(pointSchema).min(2).max(MAX_STROKE_POINTS),
      keep: z.boolean(),
    })
    .refine((stroke) => stroke.tool === 'free' || stroke.points.length === 2, {
      message: 'an arrow or a box is two points',
    }),
  /** Removes the sender's own stroke `id`. */
  z.object({ t: z.literal('stroke-undo'), share: shareSchema, id: idSchema }),
  /** From the sharer only: every stroke on the share is removed. */
  z.object({ t: z.literal('annotations-clear'), share: shareSchema }),
  /** From the sharer only: whether others may point and draw on the share (default: allowed). */
  z.object({ t: z.literal('annotations-allowed'), share: shareSchema, allowed: z.boolean() }),
] as const;

/** The kinds of annotation message, each counted against its class of {@link ANNOTATION_RATE}. */
export const ANNOTATION_KINDS = {
  pointer: 'pointer',
  'pointer-gone': 'pointer',
  stroke: 'drawing',
  'stroke-undo': 'drawing',
  'annotations-clear': 'drawing',
  'annotations-allowed': 'drawing',
} as const satisfies Record<
  (typeof annotationSchemas)[number]['_zod']['output']['t'],
  keyof typeof ANNOTATION_RATE
>;

// --- end of annotations ---

/** What a chat message may say: the sender checks its draft with it, the receiver what arrives. */
export const chatTextSchema = z
  .string()
  .min(1, issueKey('chat.empty'))
  .max(MAX_CHAT_TEXT_LENGTH, issueKey('chat.tooLong'));

export const controlMessageSchema = z.discriminatedUnion('t', [
  /**
   * First message on a fresh channel: who is on the other end across reconnects. With `proof`, the
   * device key signs {@link helloProofMessage} of this very link; without it, the sender is an
   * unverified guest.
   */
  z.object({
    t: z.literal('hello'),
    clientId: idSchema,
    name: displayNameSchema,
    proof: deviceProofSchema.optional(),
  }),
  z.object({
    t: z.literal('chat'),
    id: idSchema,
    text: chatTextSchema,
    sentAt: z.number().int().nonnegative(),
  }),
  z.object({ t: z.literal('chat-ack'), id: idSchema }),
  z.object({
    t: z.literal('file-offer'),
    id: idSchema,
    name: z.string().min(1).max(MAX_FILE_NAME_LENGTH),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    type: z.string().max(255),
  }),
  /** Accepting, or asking to resume: the sender starts the file channel at `offset`. */
  z.object({ t: z.literal('file-accept'), id: idSchema, offset: z.number().int().nonnegative() }),
  z.object({ t: z.literal('file-decline'), id: idSchema, reason: z.enum(['declined', 'too-large']) }),
  z.object({ t: z.literal('file-cancel'), id: idSchema }),
  /** Sent after the last byte: the receiver compares its own digest with this one. */
  z.object({
    t: z.literal('file-end'),
    id: idSchema,
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.object({ t: z.literal('file-result'), id: idSchema, ok: z.boolean() }),
  /** A reaction floating briefly over the sender's tile: one of a fixed set, never free text. */
  z.object({ t: z.literal('reaction'), emoji: z.enum(REACTIONS) }),
  /**
   * Forwarding mode, when a room switches from mesh: "your media reaches me through the forwarding
   * unit now". The sender then stops sending its media over this link (make before break). A client
   * that predates it drops it, and its peer stops on a timer instead.
   */
  z.object({ t: z.literal('unit-media') }),
  ...annotationSchemas,
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;
export type ControlMessageOf<T extends ControlMessage['t']> = Extract<ControlMessage, { t: T }>;
/** A message about pointing and drawing on a share. */
export type AnnotationMessage = ControlMessageOf<keyof typeof ANNOTATION_KINDS>;

/** Whether a control message is about pointing and drawing (routed to the annotation engine). */
export function isAnnotationMessage(message: ControlMessage): message is AnnotationMessage {
  return Object.hasOwn(ANNOTATION_KINDS, message.t);
}

/** What a signed hello is bound to: the link's two DTLS fingerprints, the place, the client id. */
export interface HelloBinding {
  /** `room:<room name>` or `call:<call id>`, as the server named it. */
  place: string;
  clientId: string;
  /** The signer's `a=fingerprint` values ("sha-256 AB:CD:…", algorithm lowercase, hex uppercase), sorted. */
  signer: readonly string[];
  /** The receiver's fingerprints on the same link, same form. */
  receiver: readonly string[];
}

/**
 * The text a hello's proof signs (UTF-8; ECDSA P-256, SHA-256, IEEE P1363 signature). The fingerprints
 * tie it to one link: replayed on another connection, or passed through a relay that terminates DTLS
 * itself, it no longer matches that link's descriptions.
 */
export function helloProofMessage(binding: HelloBinding): string {
  const { place, clientId, signer, receiver } = binding;
  return `nearcast-hello-v1:${JSON.stringify([place, clientId, signer, receiver])}`;
}

/** Bytes of the UTF-8 encoding of a string, counted without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is one code point of four bytes; a lone surrogate encodes as U+FFFD (3).
      if (next >= 0xdc00 && next < 0xe000) i += 1;
      bytes += next >= 0xdc00 && next < 0xe000 ? 4 : 3;
    } else bytes += 3;
  }
  return bytes;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a data-channel frame: a text frame as is, a binary frame (ArrayBuffer) decoded as
 * UTF-8; null when it is neither, is over the size limit or is not valid UTF-8.
 */
function frameText(raw: unknown): string | null {
  if (typeof raw === 'string') {
    // A string's UTF-8 form is never shorter than its count of UTF-16 code units.
    if (raw.length > MAX_CONTROL_MESSAGE_BYTES || utf8Length(raw) > MAX_CONTROL_MESSAGE_BYTES) return null;
    return raw;
  }
  if (!(raw instanceof ArrayBuffer) || raw.byteLength > MAX_CONTROL_MESSAGE_BYTES) return null;
  try {
    return strictUtf8.decode(raw);
  } catch {
    return null;
  }
}

/**
 * Parses a raw data-channel message (text frame, or binary frame of UTF-8) into a control message, or
 * null when it is not one.
 */
export function parseControlMessage(raw: unknown): ControlMessage | null {
  const text = frameText(raw);
  if (text === null) return null;
  try {
    const parsed = controlMessageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
