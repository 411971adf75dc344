/**
 * The names people and connections go by. Every other contract builds on these, and each ends up in
 * other users' lists, in links or in logs, so each is bounded and free of characters that could spoof.
 */
import { z } from 'zod';
import { issueKey } from '../issues';
import {
  MAX_DEVICE_ID_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PEER_ID_LENGTH,
  MAX_ROOM_NAME_LENGTH,
} from '../limits';

// Control, bidi-override and zero-width characters would let a name spoof layout or impersonate
// someone in other users' lists and logs ("Ada" and "Ada\u200b" must not both exist). The two joiners
// are judged apart, by their neighbours (see `joinersAreVisible`).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

const ZWNJ = '\u200c';
const ZWJ = '\u200d';

/** Scripts whose letters change shape at a (non-)joiner, so the character is seen in the name. */
const JOINING_SCRIPT =
  /[\p{Script_Extensions=Arabic}\p{Script_Extensions=Syriac}\p{Script_Extensions=Nko}\p{Script_Extensions=Mongolian}\p{Script_Extensions=Devanagari}\p{Script_Extensions=Bengali}\p{Script_Extensions=Gurmukhi}\p{Script_Extensions=Gujarati}\p{Script_Extensions=Oriya}\p{Script_Extensions=Tamil}\p{Script_Extensions=Telugu}\p{Script_Extensions=Kannada}\p{Script_Extensions=Malayalam}\p{Script_Extensions=Sinhala}\p{Script_Extensions=Khmer}\p{Script_Extensions=Myanmar}]/u;

/** What may end the emoji before a ZWJ: the pictograph, its skin tone or its emoji-style selector. */
const EMOJI_BEFORE_JOINER = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]/u;
const EMOJI = /\p{Extended_Pictographic}/u;

/**
 * ZWNJ and ZWJ are invisible only where they change nothing: "نیما‌جان" (Persian, ZWNJ) and "👩‍💻"
 * (an emoji ZWJ sequence) need them, while "A\u200cda" looks exactly like "Ada". So a joiner passes only
 * between two letters of a script that shapes at it, or (ZWJ) inside an emoji sequence.
 */
function joinersAreVisible(name: string): boolean {
  const chars = Array.from(name);
  return chars.every((char, index) => {
    if (char !== ZWNJ && char !== ZWJ) return true;
    const before = chars[index - 1] ?? '';
    const after = chars[index + 1] ?? '';
    if (JOINING_SCRIPT.test(before) && JOINING_SCRIPT.test(after)) return true;
    return char === ZWJ && EMOJI_BEFORE_JOINER.test(before) && EMOJI.test(after);
  });
}

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, issueKey('displayName.empty'))
  .max(MAX_DISPLAY_NAME_LENGTH, issueKey('displayName.tooLong'))
  .refine((s) => !CONTROL_CHARS.test(s) && joinersAreVisible(s), issueKey('displayName.invisible'));

/** Room names end up in shareable links, so they keep to letters, digits, space, dot, dash, underscore. */
export const roomNameSchema = z
  .string()
  .trim()
  .min(1, issueKey('roomName.empty'))
  .max(MAX_ROOM_NAME_LENGTH, issueKey('roomName.tooLong'))
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, issueKey('roomName.characters'));

/** A connection's id in a room, given by the server; changes when the connection does. */
export const peerIdSchema = z.string().min(1).max(MAX_PEER_ID_LENGTH);

/** Client-generated and stable across restarts (a UUID fits); ids end up in logs, so no free text. */
export const deviceIdSchema = z
  .string()
  .min(8, issueKey('deviceId.tooShort'))
  .max(MAX_DEVICE_ID_LENGTH, issueKey('deviceId.tooLong'))
  .regex(/^[A-Za-z0-9_-]+$/, issueKey('deviceId.characters'));
