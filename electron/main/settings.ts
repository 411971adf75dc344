/**
 * The app's few persistent settings, behind a schema, shared by the features that remember something
 * (window bounds, the hosting port, the mute shortcut, the chosen server). The file lives in the user's
 * profile where anything can edit it, so every read goes through zod and a bad value falls back to its
 * default instead of crashing the app or reaching Electron (a broken accelerator, a window off every
 * screen).
 * The store itself (electron-store in the app) is injected as a plain key-value object.
 */
import { z } from 'zod';
import { acceleratorSchema, HOSTING_CODE_PATTERN } from '../../common/ipc';
import { parseServerAddress } from '../../common/server-address';

export const DEFAULT_MUTE_SHORTCUT = 'CommandOrControl+Shift+M';

const boundsSchema = z.strictObject({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});

export const settingsSchema = z.object({
  windowBounds: boundsSchema.nullable().catch(null),
  /** The port LAN hosting asks for first; null picks a free one. */
  hostingPort: z.number().int().min(1024).max(65535).nullable().catch(null),
  /** LAN guests need the hosting access code (on unless the host turned it off). */
  hostingRequireCode: z.boolean().catch(true),
  /** Each LAN guest waits for the host's Allow (on unless the host turned it off). */
  hostingApproval: z.boolean().catch(true),
  /** The hosting access code, kept so QR codes and links already handed out keep working. */
  hostingAccessCode: z.string().regex(HOSTING_CODE_PATTERN).nullable().catch(null),
  /** An Electron accelerator; Electron itself has the final say when it is registered. */
  muteShortcut: acceleratorSchema.catch(DEFAULT_MUTE_SHORTCUT),
  /** Closing the window keeps Nearcast running in the tray (on by default: calls ring in the background). */
  closeToTray: z.boolean().catch(true),
  /** The "still running in the tray" hint is shown once. */
  trayHintShown: z.boolean().catch(false),
  /** A signaling server other than the embedded one (canonical `http(s)://host:port/`); null: embedded. */
  signalingServer: z
    .string()
    .refine((value) => {
      const parsed = parseServerAddress(value);
      return parsed.ok && parsed.data === value;
    })
    .nullable()
    .catch(null),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/** What the settings need from electron-store (its get/set fit). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface SettingsStore {
  get<K extends SettingKey>(key: K): Settings[K];
  set<K extends SettingKey>(key: K, value: Settings[K]): void;
}

export function createSettings(store: KeyValueStore): SettingsStore {
  return {
    get(key) {
      // Each field's schema has a catch: an absent or invalid value reads as the default.
      return settingsSchema.shape[key].parse(store.get(key) ?? null) as Settings[typeof key];
    },
    set(key, value) {
      store.set(key, settingsSchema.shape[key].parse(value));
    },
  };
}
