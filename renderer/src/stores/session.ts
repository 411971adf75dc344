/**
 * The connection to the signaling server and who we are on it: which server, whether it is reachable
 * or refused us, our display name and status in the directory, and the directory itself (the contacts
 * online). One client per renderer; other stores borrow it.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { issueOf } from '../../../common/issues';
import type { ResultError } from '../../../common/result';
import { displayNameSchema } from '../../../common/signaling/names';
import {
  presenceProofMessage,
  type DirectoryEntry,
  type PresenceRegister,
  type PresenceStatus,
} from '../../../common/signaling/presence';
import type { Problem } from '../i18n/problem';
import { injectServices } from '../services';
import { guestDeviceId } from '../services/client-id';
import type { DeviceKey } from '../services/device-key';
import type { SecureAddress } from '../services/secure-address';
import type { ConnectionStatus, HandshakeIdentity, SignalingClient } from '../services/signaling-client';
import { useSettingsStore } from './settings';

export const useSessionStore = defineStore('session', () => {
  const services = injectServices();
  const settings = useSettingsStore();
  const serverUrl = ref<string | null>(null);
  const status = ref<ConnectionStatus>('disconnected');
  const client = shallowRef<SignalingClient | null>(null);
  /** A guest's id until the device key is loaded (on connecting); then the key's id. */
  const deviceId = ref(guestDeviceId(services.storage.session));
  /** Null for an unverified guest: no WebCrypto here, or the key could not be loaded. */
  let deviceKey: DeviceKey | null = null;
  const name = ref(settings.displayName);
  const myStatus = ref<PresenceStatus>(settings.status);
  const accessCode = ref('');
  /** The access code an invite link carried (`#code=`), for the connection about to open. */
  let linkAccessCode = '';
  /**
   * On a page opened over plain http: the same address over https when the server serves it, to offer
   * a guest who wants to send camera, microphone or screen; null otherwise.
   */
  const secureAddress = shallowRef<SecureAddress | null>(null);
  /** Why the server refused us (access code…); null while admitted or not yet tried. */
  const refusal = ref<ResultError | null>(null);
  /** This device connected again from another window: this one stays disconnected. */
  const replaced = ref(false);
  /** The connection being opened, shared by every connect() made meanwhile. */
  let opening: Promise<SignalingClient> | null = null;
  const entries = ref(new Map<string, DirectoryEntry>());
  /** The contacts online, without ourselves, by name. */
  const contacts = computed(() =>
    [...entries.value.values()]
      .filter((entry) => entry.deviceId !== deviceId.value)
      .sort((a, b) => a.name.localeCompare(b.name)),
  );
  const registered = computed(() => entries.value.has(deviceId.value));

  /**
   * What a guest's latest handshake registered (null: nothing), so that a name saved while that
   * handshake was on its way (a LAN guest typing it as the page connects) is registered once connected.
   */
  let handshakePresence: PresenceRegister | null = null;

  /** A guest registers in the handshake; a keyed device once connected, with the proof of its key. */
  function identity(): HandshakeIdentity {
    const valid = displayNameSchema.safeParse(name.value);
    handshakePresence =
      valid.success && !deviceKey
        ? { deviceId: deviceId.value, name: valid.data, status: myStatus.value }
        : null;
    return {
      ...(accessCode.value ? { accessCode: accessCode.value } : {}),
      ...(handshakePresence ? { presence: handshakePresence } : {}),
      // A keyed device's name, only for a desktop host's lobby to show ("Ada wants to join").
      ...(valid.success && !handshakePresence ? { guestName: valid.data } : {}),
    };
  }

  /** Once connected: registers a guest whose name or status changed after its handshake went out. */
  async function registerLateGuest(current: SignalingClient): Promise<void> {
    const valid = displayNameSchema.safeParse(name.value);
    if (deviceKey || !valid.success) return;
    const sent = handshakePresence;
    if (
      sent &&
      sent.deviceId === deviceId.value &&
      sent.name === valid.data &&
      sent.status === myStatus.value
    )
      return;
    const result = await current.register({
      deviceId: deviceId.value,
      name: valid.data,
      status: myStatus.value,
    });
    if (result.ok) setEntry(result.data);
  }

  /**
   * Our registration on `current`'s connection: signed over its challenge when the device has a key;
   * null while the challenge has not arrived. A server older than device keys sends none and asks for
   * no proof.
   */
  async function registration(current: SignalingClient, shownName: string): Promise<PresenceRegister | null> {
    const presence = { deviceId: deviceId.value, name: shownName, status: myStatus.value };
    if (!deviceKey || current.challenge === null) return presence;
    if (current.challenge === undefined) return null;
    const signature = await deviceKey.sign(presenceProofMessage(current.challenge));
    return { ...presence, proof: { publicKey: deviceKey.publicKey, signature } };
  }

  /** Registers a keyed device on a new connection; a guest's handshake did it already. */
  async function registerProven(current: SignalingClient): Promise<void> {
    const valid = displayNameSchema.safeParse(name.value);
    if (!deviceKey || !valid.success) return;
    const presence = await registration(current, valid.data);
    if (!presence) return;
    const result = await current.register(presence);
    if (result.ok) setEntry(result.data);
  }

  /** Another connection holds our guest id (a tab opened twice): a guest takes a fresh id. */
  async function renewGuest(current: SignalingClient): Promise<void> {
    const valid = displayNameSchema.safeParse(name.value);
    if (deviceKey || !valid.success) return;
    deviceId.value = guestDeviceId(services.storage.session, true);
    const result = await current.register({
      deviceId: deviceId.value,
      name: valid.data,
      status: myStatus.value,
    });
    if (result.ok) setEntry(result.data);
  }

  function setEntry(entry: DirectoryEntry): void {
    const next = new Map(entries.value);
    next.set(entry.deviceId, entry);
    entries.value = next;
  }

  function dropEntry(id: string): void {
    if (!entries.value.has(id)) return;
    const next = new Map(entries.value);
    next.delete(id);
    entries.value = next;
  }

  async function refreshDirectory(current: SignalingClient): Promise<void> {
    const listed = await current.directory();
    if (listed.ok) entries.value = new Map(listed.data.map((entry) => [entry.deviceId, entry]));
  }

  /**
   * Opens the connection once; later calls return the same client. Calls made while it is opening
   * (the page and a join link, both at start-up) share it: two sockets of one device would replace
   * each other at the server.
   */
  function connect(): Promise<SignalingClient> {
    if (client.value) return Promise.resolve(client.value);
    opening ??= open().finally(() => (opening = null));
    return opening;
  }

  async function open(): Promise<SignalingClient> {
    const url = await services.platform.server.url();
    void services.platform.server.secureAddress().then((found) => (secureAddress.value = found));
    deviceKey = await services.deviceKey();
    if (deviceKey) deviceId.value = deviceKey.deviceId;
    // Remembered like a typed one: the link's fragment is gone from the address bar after one read.
    if (linkAccessCode) settings.setAccessCode(url, linkAccessCode);
    accessCode.value = settings.accessCode(url);
    const created = services.connectSignaling(url, identity);
    serverUrl.value = url;
    status.value = created.status;
    created.on('connection:status', (next) => {
      status.value = next;
      if (next === 'connected') {
        refusal.value = null;
        void refreshDirectory(created).then(() => registerLateGuest(created));
      } else entries.value = new Map();
    });
    created.on('connection:refused', (error) => (refusal.value = error));
    created.on('presence:updated', setEntry);
    created.on('presence:left', ({ deviceId: gone }) => dropEntry(gone));
    created.on('presence:replaced', () => (replaced.value = true));
    created.on('presence:refused', () => void renewGuest(created));
    created.on('connection:challenge', () => void registerProven(created));
    client.value = created;
    if (created.status === 'connected') void refreshDirectory(created);
    if (created.challenge !== undefined) void registerProven(created);
    return created;
  }

  /** Resolves true once connected, false if that does not happen within the timeout. */
  function waitUntilConnected(timeoutMs: number): Promise<boolean> {
    const current = client.value;
    if (!current) return Promise.resolve(false);
    if (current.status === 'connected') return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = current.on('connection:status', (next) => {
        if (next !== 'connected') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  /**
   * Sets our display name (and status) and tells the directory. Returns why when the name is refused,
   * here or by the server; an empty name keeps us out of the directory.
   */
  async function setIdentity(
    nextName: string,
    nextStatus: PresenceStatus = myStatus.value,
  ): Promise<Problem | null> {
    const parsed = displayNameSchema.safeParse(nextName);
    if (!parsed.success) return issueOf(parsed.error);
    name.value = parsed.data;
    myStatus.value = nextStatus;
    settings.setIdentity(parsed.data, nextStatus);
    const current = client.value;
    if (current?.status === 'connected') {
      // Without this connection's challenge yet, registerProven() registers when it arrives.
      const presence = await registration(current, parsed.data);
      if (!presence) return null;
      const result = await current.register(presence);
      if (!result.ok) return result.error;
      setEntry(result.data);
    }
    return null;
  }

  /** Takes the access code an invite link carried (`#code=`) for the connection about to open. */
  function acceptLinkAccessCode(code: string): void {
    linkAccessCode = code.trim();
  }

  /** Tries the connection again with a workspace access code, remembered for this server. */
  function submitAccessCode(code: string): void {
    accessCode.value = code.trim();
    if (serverUrl.value) settings.setAccessCode(serverUrl.value, accessCode.value);
    refusal.value = null;
    client.value?.retry();
  }

  /** The ICE servers this server hands out (TURN credentials expire, so ask before each call). */
  async function iceServers(): Promise<RTCIceServer[]> {
    const current = client.value;
    if (!current) return [];
    const result = await current.iceServers();
    return result.ok ? result.data.iceServers : [];
  }

  function disconnect(): void {
    client.value?.close();
    client.value = null;
    status.value = 'disconnected';
    entries.value = new Map();
  }

  return {
    serverUrl,
    status,
    client,
    deviceId,
    name,
    myStatus,
    refusal,
    replaced,
    /** The code this window gives the server, for an invite link that passes it on. */
    accessCode: computed(() => accessCode.value),
    secureAddress,
    contacts,
    registered,
    connect,
    waitUntilConnected,
    setIdentity,
    submitAccessCode,
    acceptLinkAccessCode,
    iceServers,
    disconnect,
  };
});
