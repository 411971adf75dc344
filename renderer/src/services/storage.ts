/**
 * Everything the renderer remembers in Web Storage goes through this module: it alone touches
 * `localStorage` and `sessionStorage`, names every key, and parses every value with a schema.
 *
 * - **Versioning.** Values are written as `{"v":1,"value":…}`. Versions before this module wrote plain
 *   text (`Ada`, `busy`, `10000`, a JSON array for missed calls); an entry's `plain` reader turns that
 *   text into a value, so nothing a user set is lost on upgrade. A value written by a newer version
 *   (`v` above ours) reads as the fallback and stays stored until this version overwrites it.
 * - **Damage stays local.** Each key is read and parsed on its own: a corrupt or hand-edited value falls
 *   back to that entry's default, and nothing is cleared, so the other keys keep what they hold.
 * - **No storage, no crash.** Private modes, sandboxed frames and full quotas make `localStorage` throw
 *   (even on property access). An area then keeps values in memory for this page and says so
 *   (`persistent: false`); reading and writing never throw.
 */
import { z } from 'zod';
import {
  MAX_ACCESS_CODE_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_ROOM_NAME_LENGTH,
  MAX_ROOM_PIN_LENGTH,
} from '../../../common/limits';
import type { DeviceKind } from '../rtc/devices';

/** One remembered value: where it is kept, the shape it must have, and what it is when absent or damaged. */
export interface StoredValue<T> {
  readonly key: string;
  readonly schema: z.ZodType<T>;
  readonly fallback: T;
  /** Reads the plain text earlier versions wrote (or a developer typed, for the debug switch). */
  readonly plain?: (text: string) => unknown;
}

/** A storage area as stores use it: typed reads and writes that cannot throw. */
export interface StorageArea {
  /** The stored value, or the entry's fallback when there is none or it does not parse. */
  read<T>(entry: StoredValue<T>): T;
  /** Stores `value`; false when the browser refused it (it then lasts for this page only). */
  write<T>(entry: StoredValue<T>, value: T): boolean;
  remove(entry: StoredValue<unknown>): void;
  /** False when the browser gives this page no storage: values then last until the page closes. */
  readonly persistent: boolean;
}

/** The part of the Web Storage interface used here, so tests can hand in a storage that misbehaves. */
export type StorageBackend = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The version this module writes; see the module comment. */
export const STORAGE_VERSION = 1;

const envelopeSchema = z.object({ v: z.number().int().positive(), value: z.unknown() });

function parse<T>(entry: StoredValue<T>, text: string): T {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    stored = undefined;
  }
  const envelope = envelopeSchema.safeParse(stored);
  let value: unknown;
  if (envelope.success) {
    if (envelope.data.v > STORAGE_VERSION) return entry.fallback;
    value = envelope.data.value;
  } else if (entry.plain) {
    try {
      value = entry.plain(text);
    } catch {
      return entry.fallback;
    }
  } else {
    return entry.fallback;
  }
  const parsed = entry.schema.safeParse(value);
  return parsed.success ? parsed.data : entry.fallback;
}

/**
 * An area over `backend`, or over memory alone when `backend` is null. Whatever the backend refuses
 * is kept in memory instead, so this page still sees what the user chose.
 */
export function createStorageArea(backend: StorageBackend | null): StorageArea {
  const memory = new Map<string, string>();
  let persistent = backend !== null;
  const text = (key: string): string | null => {
    if (memory.has(key)) return memory.get(key) ?? null;
    try {
      return backend?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  return {
    read(entry) {
      const stored = text(entry.key);
      return stored === null ? entry.fallback : parse(entry, stored);
    },
    write(entry, value) {
      const serialized = JSON.stringify({ v: STORAGE_VERSION, value });
      try {
        if (!backend) throw new Error('no storage');
        backend.setItem(entry.key, serialized);
        memory.delete(entry.key);
        return true;
      } catch {
        memory.set(entry.key, serialized);
        persistent = false;
        return false;
      }
    },
    remove(entry) {
      memory.delete(entry.key);
      try {
        backend?.removeItem(entry.key);
      } catch {
        // Nothing stored can be removed; the memory copy is gone, which is what the page sees.
      }
    },
    get persistent() {
      return persistent;
    },
  };
}

/**
 * The browser's `localStorage` (kept on this device) or `sessionStorage` (kept for this tab), or memory
 * when the browser denies it: reading the property itself throws in a sandboxed frame.
 */
export function openStorage(kind: 'local' | 'session', win: object = globalThis): StorageArea {
  return createStorageArea(browserStorage(kind, win));
}

function browserStorage(kind: 'local' | 'session', win: object): StorageBackend | null {
  try {
    return (win as Partial<Record<'localStorage' | 'sessionStorage', Storage>>)[`${kind}Storage`] ?? null;
  } catch {
    return null;
  }
}

let debugArea: StorageArea | null = null;

/** Whether debug logging is on (DEBUG_LOGGING); read at each call, so the switch needs no reload. */
export function debugLogging(): boolean {
  debugArea ??= openStorage('local');
  return debugArea.read(DEBUG_LOGGING);
}

/** What a stored plain-text value was: itself. */
const asText = (text: string): string => text;

function stored<T>(
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
  plain?: (text: string) => unknown,
): StoredValue<T> {
  const entry: StoredValue<T> = plain ? { key, schema, fallback, plain } : { key, schema, fallback };
  return Object.freeze(entry);
}

/** The name contacts and rooms see; checked again by the shared schema when it is used. */
export const DISPLAY_NAME = stored(
  'nearcast.displayName',
  z.string().max(MAX_DISPLAY_NAME_LENGTH),
  '',
  asText,
);

/** "Busy" declines calls by itself; "in-call" is the server's to say, never remembered. */
export const PRESENCE_STATUS = stored(
  'nearcast.status',
  z.enum(['available', 'busy']),
  'available' as const,
  asText,
);

/** The language the user picked; null follows the system's languages. */
export const LOCALE = stored(
  'nearcast.locale',
  z
    .string()
    .regex(/^[a-z]{2}$/)
    .nullable(),
  null,
  asText,
);

const deviceId = (key: string) => stored(key, z.string().max(512), '', asText);

/** The microphone, camera and speaker chosen last ('' is the system default). */
export const CHOSEN_DEVICE: Readonly<Record<DeviceKind, StoredValue<string>>> = {
  audioinput: deviceId('nearcast.microphone'),
  videoinput: deviceId('nearcast.camera'),
  audiooutput: deviceId('nearcast.speaker'),
};

/** The codec screens are sent with (rtc/quality.ts ScreenCodec; "auto" by measurement). */
export const SCREEN_CODEC = stored(
  'nearcast.screenCodec',
  z.enum(['auto', 'H264', 'VP8', 'VP9', 'AV1']),
  'auto' as const,
);

/** How the call is laid out (stores/stage.ts): all alike in a grid, or one large in the speaker view. */
export const STAGE_VIEW = stored('nearcast.stageView', z.enum(['grid', 'speaker']), 'grid' as const);

/** The corner of the stage the user put their own small video in (stores/stage.ts CORNERS). */
export const SELF_VIEW_CORNER = stored(
  'nearcast.selfViewCorner',
  z.enum(['bottom-right', 'bottom-left', 'top-left', 'top-right']),
  'bottom-right' as const,
);

/** Default largest file accepted: 10 GB. */
export const DEFAULT_MAX_RECEIVE_MB = 10_000;

/** The largest file, in MB, the user accepts from others. */
export const MAX_RECEIVE_MB = stored(
  'nearcast.maxReceiveMB',
  z.number().positive().finite(),
  DEFAULT_MAX_RECEIVE_MB,
  Number,
);

/** The workspace access code typed for one server, kept per server address. */
export function accessCodeFor(serverUrl: string): StoredValue<string> {
  return stored(`nearcast.accessCode:${serverUrl}`, z.string().max(MAX_ACCESS_CODE_LENGTH), '', asText);
}

/**
 * The room this tab is in (session storage: this tab only, gone when it closes), so a reload puts the
 * user back in it. The PIN is kept with it: whoever can read this tab's storage is already in the room.
 * Null when the tab is in no room.
 */
export const CURRENT_ROOM = stored(
  'nearcast.currentRoom',
  z
    .object({
      room: z.string().max(MAX_ROOM_NAME_LENGTH),
      name: z.string().max(MAX_DISPLAY_NAME_LENGTH),
      pin: z.string().max(MAX_ROOM_PIN_LENGTH).optional(),
    })
    .nullable(),
  null,
);

export const MAX_MISSED_CALLS = 20;

const missedCallSchema = z.object({ deviceId: z.string(), name: z.string(), at: z.number() });

/** A call that rang unanswered; `at` is epoch milliseconds. */
export type MissedCall = z.infer<typeof missedCallSchema>;

/** Missed calls, newest first. A damaged item is dropped alone; the rest of the list stays. */
export const MISSED_CALLS = stored(
  'nearcast.missedCalls',
  z.array(z.unknown()).transform((items) =>
    items
      .flatMap((item) => {
        const call = missedCallSchema.safeParse(item);
        return call.success ? [call.data] : [];
      })
      .slice(0, MAX_MISSED_CALLS),
  ),
  [] as MissedCall[],
  (text) => JSON.parse(text),
);

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .nullable();

/** A guest device's id in the directory (kept for the tab's session); null until one is made. */
export const DEVICE_ID = stored('nearcast.deviceId', idSchema, null, asText);

/** This tab's id in a room (kept for the browser session); null until one is made. */
export const CLIENT_ID = stored('nearcast.clientId', idSchema, null, asText);

const pinnedContactSchema = z.object({
  deviceId: z.string().min(1).max(64),
  publicKey: z.string().min(1).max(256),
  name: z.string().min(1).max(MAX_DISPLAY_NAME_LENGTH),
  /** Epoch milliseconds of the "They match" click. */
  verifiedAt: z.number(),
});

/** A contact whose security code the user compared and found matching: its key is pinned here. */
export type PinnedContact = z.infer<typeof pinnedContactSchema>;

/** At most this many pinned contacts are kept (the oldest verified go first). */
export const MAX_PINNED_CONTACTS = 500;

/** Pinned contacts, newest first. A damaged item is dropped alone; the rest stay pinned. */
export const PINNED_CONTACTS = stored(
  'nearcast.pinnedContacts',
  z.array(z.unknown()).transform((items) =>
    items
      .flatMap((item) => {
        const contact = pinnedContactSchema.safeParse(item);
        return contact.success ? [contact.data] : [];
      })
      .slice(0, MAX_PINNED_CONTACTS),
  ),
  [] as PinnedContact[],
);

/** The developer switch for debug logging: `localStorage.nearcastDebug = '1'` in the console. */
export const DEBUG_LOGGING = stored('nearcastDebug', z.boolean(), false, (text) => text === '1');
