/**
 * This device's signing key: an ECDSA P-256 pair made once per browser profile (or desktop install),
 * the private half non-extractable and kept in IndexedDB, so script can use it but never read it out.
 * The device id is derived from the public key, which is what lets the server check that whoever
 * registers a device id holds its key. Where WebCrypto or IndexedDB is missing (a page on plain http
 * from another machine), there is no key: the device is an unverified guest.
 */
import { KEYED_DEVICE_PREFIX } from '../../../common/signaling/presence';
import { createLogger } from '../log';

const log = createLogger('client:device-key');

const DATABASE = 'nearcast-device-key';
const STORE = 'keys';
const ENTRY = 'device';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface DeviceKey {
  /** {@link KEYED_DEVICE_PREFIX} and the base64url SHA-256 of the public key's SPKI. */
  readonly deviceId: string;
  /** The public key, SPKI DER in base64url, as the server and peers check signatures with it. */
  readonly publicKey: string;
  /** Signs the UTF-8 text; the signature is IEEE P1363 (r‖s) in base64url. */
  sign(text: string): Promise<string>;
}

function base64url(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

async function openDatabase(idb: IDBFactory): Promise<IDBDatabase> {
  const opening = idb.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return requested(opening);
}

/** The stored pair, or a new one stored now; the private key was created non-extractable. */
async function keptPair(subtle: SubtleCrypto, idb: IDBFactory): Promise<CryptoKeyPair> {
  const db = await openDatabase(idb);
  try {
    const stored = (await requested(db.transaction(STORE).objectStore(STORE).get(ENTRY))) as
      CryptoKeyPair | undefined;
    if (stored?.privateKey && stored.publicKey) return stored;
    const pair = await subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
    await requested(db.transaction(STORE, 'readwrite').objectStore(STORE).put(pair, ENTRY));
    return pair;
  } finally {
    db.close();
  }
}

/** A device key over WebCrypto `subtle` and an IndexedDB factory; null when either is missing or fails. */
export async function loadDeviceKey(
  subtle: SubtleCrypto | undefined,
  idb: IDBFactory | undefined,
): Promise<DeviceKey | null> {
  if (!subtle || !idb) return null;
  try {
    const pair = await keptPair(subtle, idb);
    const spki = await subtle.exportKey('spki', pair.publicKey);
    const digest = await subtle.digest('SHA-256', spki);
    return {
      deviceId: KEYED_DEVICE_PREFIX + base64url(digest),
      publicKey: base64url(spki),
      sign: async (text) =>
        base64url(await subtle.sign(SIGNING, pair.privateKey, new TextEncoder().encode(text))),
    };
  } catch (error) {
    log.warn('no device key: this device registers as an unverified guest', error);
    return null;
  }
}

/** This window's device key, loaded once: `crypto.subtle` exists only in secure contexts. */
export function windowDeviceKey(win: Window): () => Promise<DeviceKey | null> {
  let loading: Promise<DeviceKey | null> | null = null;
  // eslint-disable-next-line no-restricted-syntax -- loadDeviceKey answers null without it
  return () => (loading ??= loadDeviceKey(win.crypto?.subtle, win.indexedDB));
}
