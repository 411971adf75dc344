import { mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import FilesPanel from '../../renderer/src/components/FilesPanel.vue';
import type { Services } from '../../renderer/src/services';
import {
  createStorageArea,
  DEFAULT_MAX_RECEIVE_MB,
  openStorage,
  type StorageBackend,
} from '../../renderer/src/services/storage';
import { useMediaStore } from '../../renderer/src/stores/media';
import { useSessionStore } from '../../renderer/src/stores/session';
import { useSettingsStore } from '../../renderer/src/stores/settings';
import { useTransfersStore } from '../../renderer/src/stores/transfers';
import { fakeServices, piniaWith, testingPinia } from '../fakes/dom/services';

let storage: Services['storage'];

/** A fresh app (as after a restart) over this test's storage. */
function restart(over: Services['storage'] = storage) {
  setActivePinia(piniaWith(fakeServices({ storage: over })));
  return useSettingsStore();
}

beforeEach(() => {
  storage = { local: createStorageArea(null), session: createStorageArea(null) };
});

describe('settings store', () => {
  it('remembers what the user set across a restart', async () => {
    const settings = restart();
    expect(settings.displayName).toBe('');
    expect(settings.locale).toBeNull();
    expect(await useSessionStore().setIdentity(' Ada ', 'busy')).toBeNull();
    settings.setLocale('fr');
    await useMediaStore().chooseDevice('audiooutput', 'usb-speaker');
    expect(settings.setMaxReceiveMB(250)).toBe(true);
    settings.setAccessCode('http://box.lan:4780/', 's3cret');

    const after = restart();
    expect(after.displayName).toBe('Ada');
    expect(after.status).toBe('busy');
    expect(useSessionStore().name).toBe('Ada');
    expect(after.locale).toBe('fr');
    expect(useMediaStore().chosen.audiooutput).toBe('usb-speaker');
    expect(useTransfersStore().maxReceiveBytes()).toBe(250_000_000);
    expect(after.accessCode('http://box.lan:4780/')).toBe('s3cret');
    expect(after.accessCode('http://other.lan:4780/')).toBe('');
  });

  it('refuses a file-size limit that is not a positive number and keeps the one in force', () => {
    const settings = restart();
    expect(settings.setMaxReceiveMB(0)).toBe(false);
    expect(settings.setMaxReceiveMB(Number.NaN)).toBe(false);
    expect(settings.maxReceiveMB).toBe(DEFAULT_MAX_RECEIVE_MB);
    expect(restart().maxReceiveMB).toBe(DEFAULT_MAX_RECEIVE_MB);
  });

  it('starts from what an earlier version stored, and a damaged value costs only itself', () => {
    const items = new Map([
      ['nearcast.displayName', 'Ada'],
      ['nearcast.status', 'asleep'],
      ['nearcast.locale', 'klingon'],
      ['nearcast.microphone', 'usb-mic'],
    ]);
    const backend: StorageBackend = {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    };
    const settings = restart({ local: createStorageArea(backend), session: createStorageArea(null) });
    expect(settings.displayName).toBe('Ada');
    expect(settings.status).toBe('available');
    expect(settings.locale).toBeNull();
    expect(settings.devices.audioinput).toBe('usb-mic');
  });

  it('works for this page where the browser keeps nothing', async () => {
    const sandboxed = {
      get localStorage(): Storage {
        throw new DOMException('The document is sandboxed', 'SecurityError');
      },
    };
    const settings = restart({ local: openStorage('local', sandboxed), session: createStorageArea(null) });
    expect(await useSessionStore().setIdentity('Ada')).toBeNull();
    settings.setLocale('fr');
    expect(settings.displayName).toBe('Ada');
    expect(settings.locale).toBe('fr');
    expect(useSessionStore().deviceId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the file-size limit field', () => {
  it('takes a positive number as it is typed, and puts back the limit in force when left otherwise', async () => {
    const wrapper = mount(FilesPanel, { global: { plugins: [testingPinia({ stubActions: false })] } });
    const field = wrapper.get('#max-receive');
    const input = field.element as HTMLInputElement;
    expect(wrapper.get('label[for="max-receive"]').text()).toBe('Largest file you accept (MB)');
    input.value = '250';
    await field.trigger('input');
    expect(useSettingsStore().maxReceiveMB).toBe(250);
    input.value = '0';
    await field.trigger('input');
    expect(useSettingsStore().maxReceiveMB).toBe(250);
    await field.trigger('change');
    expect(input.value).toBe('250');
  });
});
