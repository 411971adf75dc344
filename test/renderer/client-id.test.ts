import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomId } from '../../renderer/src/rtc/random-id';
import { guestDeviceId, sessionClientId } from '../../renderer/src/services/client-id';
import { createStorageArea, DEVICE_ID } from '../../renderer/src/services/storage';

afterEach(() => vi.unstubAllGlobals());

describe('ids', () => {
  it('a LAN guest on plain http (no crypto.randomUUID there) still gets a device id', () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    const area = createStorageArea(null);
    const id = guestDeviceId(area);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(guestDeviceId(area)).toBe(id);
  });

  it('keeps the guest device id, replaces one that was tampered with, and keeps tab ids apart', () => {
    const area = createStorageArea(null);
    area.write(DEVICE_ID, 'kept-device-1');
    expect(guestDeviceId(area)).toBe('kept-device-1');
    const tampered = createStorageArea({
      getItem: () => JSON.stringify({ v: 1, value: '<script>' }),
      setItem: () => undefined,
      removeItem: () => undefined,
    });
    expect(guestDeviceId(tampered)).not.toBe('<script>');
    expect(sessionClientId(area)).not.toBe(guestDeviceId(area));
  });

  it('gives a guest a fresh device id when asked to renew it (the last was held elsewhere)', () => {
    const area = createStorageArea(null);
    const first = guestDeviceId(area);
    const renewed = guestDeviceId(area, true);
    expect(renewed).not.toBe(first);
    expect(guestDeviceId(area)).toBe(renewed);
  });

  it('makes version-4 UUIDs from any source of random bytes', () => {
    const zeros = { getRandomValues: <T extends ArrayBufferView | null>(array: T) => array };
    expect(randomId(zeros)).toBe('00000000-0000-4000-8000-000000000000');
  });
});
