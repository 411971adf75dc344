/**
 * The DNS-SD TXT record of a Nearcast host (`_nearcast._tcp`). Anyone on the LAN can multicast a
 * record, so a received one is untrusted input like any socket payload: it is decoded from the raw
 * strings (not from a library's object, which would let a key such as `__proto__` through), bounded in
 * size and count, then validated by a schema. The address to connect to is never taken from TXT: it
 * comes from the A record the host answered with.
 */
import { z } from 'zod';
import { MAX_DISPLAY_NAME_LENGTH } from './limits';
import { displayNameSchema } from './signaling/names';

/** DNS-SD service type, without the leading underscore and protocol: `_nearcast._tcp`. */
export const LAN_SERVICE_TYPE = 'nearcast';
/** A real record is ~100 bytes; anything much bigger is not ours. */
export const MAX_TXT_BYTES = 512;
export const MAX_TXT_ENTRIES = 8;

const portString = z
  .string()
  .regex(/^[1-9]\d{0,4}$/)
  .transform(Number)
  .refine((port) => port <= 65535, 'not a port');

export const lanTxtSchema = z.object({
  name: displayNameSchema,
  v: z
    .string()
    .max(32)
    .regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.-]{1,16})?$/),
  ac: z.enum(['0', '1']),
  /** SHA-256 of the TLS certificate, colon-separated upper-case hex, as browsers display it. */
  fp: z
    .string()
    .regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/)
    .optional(),
  port: portString,
  /** '1': the host serves the desktop app's release files at /updates/ (common/updates). */
  up: z.enum(['0', '1']).optional(),
});

export type LanTxt = z.infer<typeof lanTxtSchema>;

/** What a host advertises; `encodeLanTxt` turns it into TXT strings. */
export interface LanAdvertisement {
  name: string;
  version: string;
  accessCode: boolean;
  fingerprint?: string;
  port: number;
  /** Serves the desktop app's release files, so apps older than `version` may update from it. */
  updates?: boolean;
}

export function encodeLanTxt(ad: LanAdvertisement): Record<string, string> {
  const txt: Record<string, string> = {
    name: ad.name.slice(0, MAX_DISPLAY_NAME_LENGTH),
    v: ad.version,
    ac: ad.accessCode ? '1' : '0',
    port: String(ad.port),
  };
  if (ad.fingerprint) txt.fp = ad.fingerprint;
  if (ad.updates) txt.up = '1';
  return txt;
}

/**
 * Raw TXT strings (`key=value`, each a byte string) to a null-prototype map, or null when the record
 * is oversized, has too many entries, invalid UTF-8, an entry without `=`, or a key twice.
 */
export function decodeTxtEntries(entries: readonly Uint8Array[]): Record<string, string> | null {
  if (entries.length > MAX_TXT_ENTRIES) return null;
  let total = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const entry of entries) {
    total += entry.length + 1;
    if (total > MAX_TXT_BYTES) return null;
    let text: string;
    try {
      text = decoder.decode(entry);
    } catch {
      return null;
    }
    const equals = text.indexOf('=');
    if (equals <= 0) return null;
    const key = text.slice(0, equals).toLowerCase();
    if (Object.hasOwn(map, key)) return null;
    map[key] = text.slice(equals + 1);
  }
  return map;
}

/** The validated TXT of a host, or null for anything malformed (which the browser then ignores). */
export function parseLanTxt(entries: readonly Uint8Array[]): LanTxt | null {
  const map = decodeTxtEntries(entries);
  if (!map) return null;
  const parsed = lanTxtSchema.safeParse({ ...map });
  return parsed.success ? parsed.data : null;
}
