/**
 * `nearcast://` links, which the OS hands to the app from a browser, a chat message or a QR code —
 * that is, from anyone. The parser accepts exactly two shapes and rejects everything else:
 *   nearcast://join?room=<room name>     → prefill the join form
 *   nearcast://call?device=<device id>   → (later issue) call a known device
 * No other host, no path segment, no credentials, port or fragment, exactly one query parameter, no
 * percent-encoded dot, slash or backslash (traversal) nor control character, and a bounded length.
 */
import { z } from 'zod';
import type { DeepLink } from '../../../common/ipc';
import { roomNameSchema } from '../../../common/signaling/names';

export const DEEP_LINK_PROTOCOL = 'nearcast';
export const MAX_DEEP_LINK_LENGTH = 256;

const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const FORBIDDEN = /[\u0000-\u001f\u007f\\]|%(2e|2f|5c|[01][0-9a-f]|7f)/i;

/** The validated link, or null. Pure: the caller decides what to do with a refusal (log it, no more). */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || raw.length > MAX_DEEP_LINK_LENGTH || FORBIDDEN.test(raw)) return null;
  if (!raw.toLowerCase().startsWith(`${DEEP_LINK_PROTOCOL}://`)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port || url.hash) return null;
  if (url.pathname !== '' && url.pathname !== '/') return null;
  const keys = [...url.searchParams.keys()];
  if (keys.length !== 1) return null;
  if (url.hostname === 'join' && keys[0] === 'room') {
    const room = roomNameSchema.safeParse(url.searchParams.get('room'));
    return room.success ? { kind: 'join', room: room.data } : null;
  }
  if (url.hostname === 'call' && keys[0] === 'device') {
    const device = deviceIdSchema.safeParse(url.searchParams.get('device'));
    return device.success ? { kind: 'call', device: device.data } : null;
  }
  return null;
}

/** Windows and Linux pass the link as a command-line argument (first launch and second instance). */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  const arg = argv.find((value) => value.toLowerCase().startsWith(`${DEEP_LINK_PROTOCOL}:`));
  return arg === undefined ? null : parseDeepLink(arg);
}
