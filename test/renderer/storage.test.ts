import { describe, expect, it } from 'vitest';
import {
  CHOSEN_DEVICE,
  createStorageArea,
  DEBUG_LOGGING,
  DEFAULT_MAX_RECEIVE_MB,
  DISPLAY_NAME,
  LOCALE,
  MAX_RECEIVE_MB,
  MISSED_CALLS,
  openStorage,
  PRESENCE_STATUS,
  type StorageBackend,
} from '../../renderer/src/services/storage';

/** Web Storage over a Map, where chosen keys throw on read or write as a browser may. */
function backend(initial: Record<string, string> = {}, failing: { read?: string[]; write?: string[] } = {}) {
  const items = new Map(Object.entries(initial));
  const storage: StorageBackend = {
    getItem(key) {
      if (failing.read?.includes(key)) throw new DOMException('denied', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem(key, value) {
      if (failing.write?.includes(key)) throw new DOMException('full', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem(key) {
      items.delete(key);
    },
  };
  return { items, storage };
}

describe('storage', () => {
  it('reads what earlier versions wrote as plain text, so nothing the user set is lost', () => {
    const { storage } = backend({
      'nearcast.displayName': 'Ada',
      'nearcast.status': 'busy',
      'nearcast.locale': 'fr',
      'nearcast.camera': 'side-cam',
      'nearcast.maxReceiveMB': '250',
      'nearcast.missedCalls': JSON.stringify([{ deviceId: 'bob-device-1', name: 'Bob', at: 5 }]),
      nearcastDebug: '1',
    });
    const area = createStorageArea(storage);
    expect(area.read(DISPLAY_NAME)).toBe('Ada');
    expect(area.read(PRESENCE_STATUS)).toBe('busy');
    expect(area.read(LOCALE)).toBe('fr');
    expect(area.read(CHOSEN_DEVICE.videoinput)).toBe('side-cam');
    expect(area.read(MAX_RECEIVE_MB)).toBe(250);
    expect(area.read(MISSED_CALLS)).toEqual([{ deviceId: 'bob-device-1', name: 'Bob', at: 5 }]);
    expect(area.read(DEBUG_LOGGING)).toBe(true);
  });

  it('writes a versioned value and reads it back; absent keys read as their default', () => {
    const { items, storage } = backend();
    const area = createStorageArea(storage);
    expect(area.read(DISPLAY_NAME)).toBe('');
    expect(area.read(MAX_RECEIVE_MB)).toBe(DEFAULT_MAX_RECEIVE_MB);
    expect(area.write(DISPLAY_NAME, 'Ada L')).toBe(true);
    expect(items.get('nearcast.displayName')).toBe('{"v":1,"value":"Ada L"}');
    expect(area.read(DISPLAY_NAME)).toBe('Ada L');
    area.remove(DISPLAY_NAME);
    expect(items.has('nearcast.displayName')).toBe(false);
  });

  it('a corrupt value falls back to its default and the other keys keep theirs', () => {
    const { items, storage } = backend({
      'nearcast.displayName': JSON.stringify({ v: 1, value: 'Ada' }),
      'nearcast.status': JSON.stringify({ v: 1, value: 'asleep' }),
      'nearcast.maxReceiveMB': 'lots',
      'nearcast.missedCalls': '[{"deviceId":',
    });
    const area = createStorageArea(storage);
    expect(area.read(PRESENCE_STATUS)).toBe('available');
    expect(area.read(MAX_RECEIVE_MB)).toBe(DEFAULT_MAX_RECEIVE_MB);
    expect(area.read(MISSED_CALLS)).toEqual([]);
    expect(area.read(DISPLAY_NAME)).toBe('Ada');
    // Reading removes nothing: a damaged value is left for the next write to replace.
    expect(items.size).toBe(4);
  });

  it('drops a damaged missed call alone and keeps the rest of the list', () => {
    const { storage } = backend({
      'nearcast.missedCalls': JSON.stringify({
        v: 1,
        value: [{ deviceId: 'bob-device-1', name: 'Bob', at: 5 }, { name: 7 }, 'junk'],
      }),
    });
    expect(createStorageArea(storage).read(MISSED_CALLS)).toEqual([
      { deviceId: 'bob-device-1', name: 'Bob', at: 5 },
    ]);
  });

  it('leaves a value written by a newer version alone and reads its default', () => {
    const newer = JSON.stringify({ v: 2, value: { first: 'Ada', last: 'L' } });
    const { items, storage } = backend({ 'nearcast.displayName': newer });
    expect(createStorageArea(storage).read(DISPLAY_NAME)).toBe('');
    expect(items.get('nearcast.displayName')).toBe(newer);
  });

  it('when one key cannot be read or written, the others still are, and this page keeps the choice', () => {
    const { items, storage } = backend(
      { 'nearcast.displayName': 'Ada', 'nearcast.status': 'busy' },
      { read: ['nearcast.displayName'], write: ['nearcast.maxReceiveMB'] },
    );
    const area = createStorageArea(storage);
    expect(area.read(DISPLAY_NAME)).toBe('');
    expect(area.read(PRESENCE_STATUS)).toBe('busy');
    expect(area.write(MAX_RECEIVE_MB, 50)).toBe(false);
    expect(area.read(MAX_RECEIVE_MB)).toBe(50);
    expect(area.persistent).toBe(false);
    expect(area.write(PRESENCE_STATUS, 'available')).toBe(true);
    expect(items.get('nearcast.status')).toBe('{"v":1,"value":"available"}');
  });

  it('works where the browser denies storage altogether (sandboxed frame, private mode)', () => {
    const sandboxed = {
      get localStorage(): Storage {
        throw new DOMException('The document is sandboxed', 'SecurityError');
      },
    };
    const area = openStorage('local', sandboxed);
    expect(area.persistent).toBe(false);
    expect(area.read(DISPLAY_NAME)).toBe('');
    expect(area.write(DISPLAY_NAME, 'Ada')).toBe(false);
    expect(area.read(DISPLAY_NAME)).toBe('Ada');
    expect(openStorage('session', {}).read(LOCALE)).toBeNull();
  });

  it("opens the browser's own storage where there is one", () => {
    localStorage.clear();
    const area = openStorage('local');
    expect(area.persistent).toBe(true);
    area.write(LOCALE, 'fr');
    expect(openStorage('local').read(LOCALE)).toBe('fr');
    localStorage.clear();
  });
});
