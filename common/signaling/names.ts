/**
 * The names people and connections go by. Every other contract builds on these, and each ends up in
 * other users' lists, in links or in logs, so each is bounded and free of characters that could spoof.
 */
import { z } from 'zod';
import {
  MAX_DEVICE_ID_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PEER_ID_LENGTH,
  MAX_ROOM_NAME_LENGTH,
} from '../limits';

// Control, bidi-override and zero-width characters would let a name spoof layout or impersonate
// someone in other users' lists and logs ("Ada" and "Ada\u200b" must not both exist).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a display name.')
  .max(MAX_DISPLAY_NAME_LENGTH, `A display name has at most ${MAX_DISPLAY_NAME_LENGTH} characters.`)
  .refine((s) => !CONTROL_CHARS.test(s), 'A display name cannot contain control or invisible characters.');

/** Room names end up in shareable links, so they keep to letters, digits, space, dot, dash, underscore. */
export const roomNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a room name.')
  .max(MAX_ROOM_NAME_LENGTH, `A room name has at most ${MAX_ROOM_NAME_LENGTH} characters.`)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u,
    'A room name uses letters, digits, spaces, dots, dashes and underscores.',
  );

/** A connection's id in a room, given by the server; changes when the connection does. */
export const peerIdSchema = z.string().min(1).max(MAX_PEER_ID_LENGTH);

/** Client-generated and stable across restarts (a UUID fits); ids end up in logs, so no free text. */
export const deviceIdSchema = z
  .string()
  .min(8, 'A device id has at least 8 characters.')
  .max(MAX_DEVICE_ID_LENGTH, `A device id has at most ${MAX_DEVICE_ID_LENGTH} characters.`)
  .regex(/^[A-Za-z0-9_-]+$/, 'A device id uses letters, digits, dashes and underscores.');
