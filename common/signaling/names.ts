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
// someone in other users' lists and logs ("Ada" and "Ada\u200b" must not both exist).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, issueKey('displayName.empty'))
  .max(MAX_DISPLAY_NAME_LENGTH, issueKey('displayName.tooLong'))
  .refine((s) => !CONTROL_CHARS.test(s), issueKey('displayName.invisible'));

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
