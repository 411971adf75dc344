import { mount } from '@vue/test-utils';
import { setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { err } from '../../common/result';
import DesktopSettings from '../../renderer/src/components/home/DesktopSettings.vue';
import { captureShortcut, shortcutLabel } from '../../renderer/src/composables/useShortcutCapture';
import { useDesktopSettingsStore } from '../../renderer/src/stores/desktop-settings';
import { DESKTOP_SETTINGS, fakeBridge } from '../fakes/dom/bridge';
import { fakeServices, fakeWindow, piniaWith, testingPinia } from '../fakes/dom/services';

const press = (
  code: string,
  modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('mute shortcut capture', () => {
  it('writes the keys pressed as an accelerator, Command being the primary modifier on macOS', () => {
    expect(captureShortcut(press('KeyM', { ctrlKey: true, shiftKey: true }), false)).toEqual({
      kind: 'shortcut',
      accelerator: 'CommandOrControl+Shift+M',
    });
    expect(captureShortcut(press('Digit5', { metaKey: true, altKey: true }), true)).toEqual({
      kind: 'shortcut',
      accelerator: 'CommandOrControl+Alt+5',
    });
    expect(captureShortcut(press('ArrowUp', { ctrlKey: true }), true)).toEqual({
      kind: 'shortcut',
      accelerator: 'Control+Up',
    });
    expect(captureShortcut(press('F9'), false)).toEqual({ kind: 'shortcut', accelerator: 'F9' });
  });

  it('waits through modifiers and refuses a bare key or one with no accelerator name', () => {
    expect(captureShortcut(press('ShiftLeft', { shiftKey: true }), false)).toEqual({ kind: 'waiting' });
    expect(captureShortcut(press('KeyM'), false)).toEqual({ kind: 'refused' });
    expect(captureShortcut(press('Semicolon', { ctrlKey: true }), false)).toEqual({ kind: 'refused' });
  });

  it('reads CommandOrControl as this system names it', () => {
    expect(shortcutLabel('CommandOrControl+Shift+M', false)).toBe('Ctrl+Shift+M');
    expect(shortcutLabel('CommandOrControl+Shift+M', true)).toBe('Cmd+Shift+M');
  });
});

function startStore(desktop = true) {
  const { bridge } = fakeBridge();
  const window = fakeWindow(desktop ? { bridge } : {});
  setActivePinia(piniaWith(fakeServices({ win: window.win })));
  return { bridge, store: useDesktopSettingsStore() };
}

describe('desktop settings store', () => {
  it('loads what main keeps and saves changes through it', async () => {
    const { bridge, store } = startStore();
    await store.load();
    expect(store.settings).toEqual(DESKTOP_SETTINGS);
    await store.setCloseToTray(false);
    expect(bridge.setCloseToTray).toHaveBeenCalledWith(false);
    expect(store.settings?.closeToTray).toBe(false);
    expect(await store.setMuteShortcut('Alt+Shift+K')).toBe(true);
    expect(store.settings?.muteShortcut).toBe('Alt+Shift+K');
  });

  it('keeps why main refused a shortcut: taken, or not a shortcut at all', async () => {
    const { bridge, store } = startStore();
    await store.load();
    bridge.setMuteShortcut.mockResolvedValueOnce(err('UNAVAILABLE', 'taken') as never);
    expect(await store.setMuteShortcut('Alt+Shift+K')).toBe(false);
    expect(store.problem).toEqual({ kind: 'shortcutTaken', shortcut: 'Alt+Shift+K' });
    expect(store.settings?.muteShortcut).toBe('CommandOrControl+Shift+M');
    bridge.setMuteShortcut.mockResolvedValueOnce(err('INVALID_PAYLOAD', 'no') as never);
    await store.setMuteShortcut('Shift+Q');
    expect(store.problem).toEqual({ kind: 'shortcutInvalid', shortcut: 'Shift+Q' });
  });

  it('tells main the language in the app, and nothing in a browser', () => {
    const app = startStore();
    app.store.tellLanguage('fr');
    expect(app.bridge.setLanguage).toHaveBeenCalledWith('fr');
    const browser = startStore(false);
    browser.store.tellLanguage('fr');
    expect(browser.bridge.setLanguage).not.toHaveBeenCalled();
  });
});

function mountSettings(state: Record<string, unknown>) {
  return mount(DesktopSettings, {
    global: { plugins: [testingPinia({ initialState: { desktopSettings: state } })] },
  });
}

describe('DesktopSettings', () => {
  it('shows the settings, and says when start at login is not possible here', () => {
    const wrapper = mountSettings({ settings: { ...DESKTOP_SETTINGS, openAtLoginSupported: false } });
    const boxes = wrapper.findAll('input[type="checkbox"]');
    expect(boxes.map((box) => (box.element as HTMLInputElement).checked)).toEqual([true, false]);
    expect(boxes[1]?.attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('Closing the window keeps Nearcast running');
    expect(wrapper.text()).toContain('does not let Nearcast start itself at login');
    expect(wrapper.get('button.capture').attributes('aria-label')).toBe(
      'Mute shortcut: Ctrl+Shift+M. Press to change',
    );
  });

  it('turns closing to the tray off', async () => {
    const wrapper = mountSettings({ settings: DESKTOP_SETTINGS });
    await wrapper.findAll('input[type="checkbox"]')[0]?.setValue(false);
    expect(useDesktopSettingsStore().setCloseToTray).toHaveBeenCalledWith(false);
  });

  it('captures the keys pressed and asks main for them; a bare key is refused here', async () => {
    const wrapper = mountSettings({ settings: DESKTOP_SETTINGS });
    const capture = wrapper.get('button.capture');
    await capture.trigger('click');
    expect(capture.text()).toBe('Press the new keys…');
    await capture.trigger('keydown', { key: 'Alt', code: 'AltLeft', altKey: true });
    await capture.trigger('keydown', { key: 'K', code: 'KeyK', altKey: true, shiftKey: true });
    expect(useDesktopSettingsStore().setMuteShortcut).toHaveBeenCalledWith('Alt+Shift+K');
    await capture.trigger('click');
    await capture.trigger('keydown', { key: 'q', code: 'KeyQ' });
    expect(useDesktopSettingsStore().refuseShortcut).toHaveBeenCalledWith('q');
  });

  it("words main's refusal", () => {
    const wrapper = mountSettings({
      settings: DESKTOP_SETTINGS,
      problem: { kind: 'shortcutTaken', shortcut: 'Alt+Shift+K' },
    });
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'Alt+Shift+K is taken by another app or not allowed here. Choose another.',
    );
  });
});
