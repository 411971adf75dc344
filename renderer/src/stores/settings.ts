/**
 * What the user sets and this device remembers: display name and status, the interface language, the
 * chosen microphone, camera and speaker, the largest file accepted, and the workspace access code of
 * each server. Other stores start from these values and save changes here; the storage module
 * (services/storage.ts) owns keys, versions and parsing, so a damaged value costs only itself, and where
 * the browser keeps nothing (private mode, a sandbox) the choices last for this page.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PresenceStatus } from '../../../common/signaling/presence';
import { isLocale, type Locale } from '../i18n';
import type { DeviceKind } from '../rtc/devices';
import { injectServices } from '../services';
import {
  accessCodeFor,
  CHOSEN_DEVICE,
  DISPLAY_NAME,
  LOCALE,
  MAX_RECEIVE_MB,
  PRESENCE_STATUS,
} from '../services/storage';

/** The statuses a user can choose ("in a call" is the server's to say). */
export type ChosenStatus = Extract<PresenceStatus, 'available' | 'busy'>;

export const useSettingsStore = defineStore('settings', () => {
  const storage = injectServices().storage.local;
  const displayName = ref(storage.read(DISPLAY_NAME));
  const status = ref<ChosenStatus>(storage.read(PRESENCE_STATUS));
  const saved = storage.read(LOCALE);
  /** The language picked in the menu; null follows the system's languages. */
  const locale = ref<Locale | null>(isLocale(saved) ? saved : null);
  const devices = ref<Record<DeviceKind, string>>({
    audioinput: storage.read(CHOSEN_DEVICE.audioinput),
    videoinput: storage.read(CHOSEN_DEVICE.videoinput),
    audiooutput: storage.read(CHOSEN_DEVICE.audiooutput),
  });
  /** The largest file, in MB, accepted from others. */
  const maxReceiveMB = ref(storage.read(MAX_RECEIVE_MB));
  /** Name and status as the session store accepted them. */
  function setIdentity(name: string, nextStatus: PresenceStatus): void {
    displayName.value = name;
    storage.write(DISPLAY_NAME, name);
    // "In a call" is never a choice: remember the last chosen status instead.
    if (nextStatus === 'in-call') return;
    status.value = nextStatus;
    storage.write(PRESENCE_STATUS, nextStatus);
  }

  function setLocale(next: Locale): void {
    locale.value = next;
    storage.write(LOCALE, next);
  }

  function setDevice(kind: DeviceKind, deviceId: string): void {
    devices.value = { ...devices.value, [kind]: deviceId };
    storage.write(CHOSEN_DEVICE[kind], deviceId);
  }

  /** Refuses anything but a positive number of MB (an emptied field keeps the last limit). */
  function setMaxReceiveMB(mb: number): boolean {
    if (!Number.isFinite(mb) || mb <= 0) return false;
    maxReceiveMB.value = mb;
    storage.write(MAX_RECEIVE_MB, mb);
    return true;
  }

  /** The access code last typed for the server at `serverUrl` ('' when none). */
  function accessCode(serverUrl: string): string {
    return storage.read(accessCodeFor(serverUrl));
  }

  function setAccessCode(serverUrl: string, code: string): void {
    storage.write(accessCodeFor(serverUrl), code);
  }

  return {
    displayName,
    status,
    locale,
    devices,
    maxReceiveMB,
    setIdentity,
    setLocale,
    setDevice,
    setMaxReceiveMB,
    accessCode,
    setAccessCode,
  };
});
