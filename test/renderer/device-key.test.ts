/**
 * The device key as the web client makes and keeps it, over Node's WebCrypto and an in-memory stand-in
 * for IndexedDB: its id is the digest the server derives, its signature verifies as the server checks
 * it, it survives a reload, and without WebCrypto there is none (an unverified guest).
 */
import { createHash, createPublicKey, verify, webcrypto } from 'node:crypto';
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
      const request = succeed(db) as IDBOpenDBRequest;
      setTimeout(() =>
        request.onupgradeneeded?.call(request, new Event('upgradeneeded') as IDBVersionChangeEvent),
      );
      return request;
    },
  } as unknown as IDBFactory;
}

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

describe('loadDeviceKey', () => {
  it('derives the id the server derives and signs what the server verifies', async () => {
    const key = await loadDeviceKey(subtle, memoryIndexedDb());
    if (!key) throw new Error('no device key');
    const spki = Buffer.from(key.publicKey, 'base64url');
    expect(key.deviceId).toBe(`dk-${createHash('sha256').update(spki).digest('base64url')}`);
    expect(key.deviceId).toMatch(/^dk-[A-Za-z0-9_-]{43}$/);

    const message = presenceProofMessage('challenge-1');
    const signature = Buffer.from(await key.sign(message), 'base64url');
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(
      verify('sha256', Buffer.from(message), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true);
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
