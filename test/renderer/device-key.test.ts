/**
 * The device key as the web client makes and keeps it, over the test runtime's WebCrypto and an in-memory stand-in
 * for IndexedDB: its id is the digest the server derives, its signature verifies as the server checks
 * it, it survives a reload, and without WebCrypto there is none (an unverified guest).
 */
import { describe, expect, it } from 'vitest';
import { presenceProofMessage } from '../../common/signaling/presence';
import { loadDeviceKey } from '../../renderer/src/services/device-key';

/** Requests that succeed on the next task, as IndexedDB's do. */
function succeed<T>(result: T): IDBRequest<T> {
  const request = { result, onsuccess: null, onerror: null } as unknown as IDBRequest<T>;
  setTimeout(() => request.onsuccess?.call(request, new Event('success')));
  return request;
}

/** One database of one object store, kept in a Map that outlives each "page load". */
function memoryIndexedDb(rows = new Map<string, unknown>()): IDBFactory {
  const store = {
    get: (key: string) => succeed(rows.get(key)),
    put: (value: unknown, key: string) => succeed(rows.set(key, value) && key),
  };
  const db = {
    createObjectStore: () => store,
    transaction: () => ({ objectStore: () => store }),
    close: () => {},
  };
  return {
    open: () => {
      const request = succeed(db) as unknown as IDBOpenDBRequest;
      setTimeout(() =>
        request.onupgradeneeded?.call(request, new Event('upgradeneeded') as IDBVersionChangeEvent),
      );
      return request;
    },
  } as unknown as IDBFactory;
}

const subtle = globalThis.crypto.subtle;

function bytes(base64url: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function digest(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await subtle.digest('SHA-256', data));
  return btoa(String.fromCharCode(...hash))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

describe('loadDeviceKey', () => {
  it('derives the id the server derives and signs what the server verifies', async () => {
    const key = await loadDeviceKey(subtle, memoryIndexedDb());
    if (!key) throw new Error('no device key');
    const spki = bytes(key.publicKey);
    expect(key.deviceId).toBe(`dk-${await digest(spki)}`);
    expect(key.deviceId).toMatch(/^dk-[A-Za-z0-9_-]{43}$/);

    // As the server checks it: ECDSA P-256 with SHA-256, the signature in IEEE P1363 form (r‖s).
    const message = new TextEncoder().encode(presenceProofMessage('challenge-1'));
    const signature = bytes(await key.sign(presenceProofMessage('challenge-1')));
    expect(signature.byteLength).toBe(64);
    const publicKey = await subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'verify',
    ]);
    expect(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, message)).toBe(true);
  });

  it('keeps the same key across loads, with a private key that cannot be exported', async () => {
    const rows = new Map<string, unknown>();
    const first = await loadDeviceKey(subtle, memoryIndexedDb(rows));
    const again = await loadDeviceKey(subtle, memoryIndexedDb(rows));
    expect(again?.deviceId).toBe(first?.deviceId);
    const pair = rows.get('device') as CryptoKeyPair;
    expect(pair.privateKey.extractable).toBe(false);
    await expect(subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
  });

  it('is null without WebCrypto (plain http from another machine) or without IndexedDB', async () => {
    expect(await loadDeviceKey(undefined, memoryIndexedDb())).toBeNull();
    expect(await loadDeviceKey(subtle, undefined)).toBeNull();
  });
});
