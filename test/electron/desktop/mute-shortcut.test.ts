import { describe, expect, it, vi } from 'vitest';
import { createMuteShortcut } from '../../../electron/main/desktop/mute-shortcut';
import { FakeGlobalShortcut } from '../../fakes/electron';

function setup() {
  const globalShortcut = new FakeGlobalShortcut();
  const onPress = vi.fn();
  return { globalShortcut, onPress, shortcut: createMuteShortcut({ globalShortcut, onPress }) };
}

describe('global mute shortcut', () => {
  it('registers the accelerator and toggles mute when pressed', () => {
    const { globalShortcut, onPress, shortcut } = setup();
    expect(shortcut.set('CommandOrControl+Shift+M')).toEqual({ ok: true, data: 'CommandOrControl+Shift+M' });
    expect(globalShortcut.press('CommandOrControl+Shift+M')).toBe(true);
    expect(onPress).toHaveBeenCalledOnce();
  });

  it('reports a taken shortcut as a Result and keeps the working one', () => {
    const { globalShortcut, shortcut } = setup();
    shortcut.set('Alt+M');
    globalShortcut.taken.add('Alt+N');
    expect(shortcut.set('Alt+N')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(shortcut.current()).toBe('Alt+M');
    expect(globalShortcut.registered.has('Alt+M')).toBe(true);
  });

  it('reports an accelerator Electron refuses to parse as invalid', () => {
    const { globalShortcut, shortcut } = setup();
    vi.spyOn(globalShortcut, 'register').mockImplementation(() => {
      throw new Error('conversion failure');
    });
    expect(shortcut.set('Nonsense')).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('moves to a new shortcut and releases everything on dispose', () => {
    const { globalShortcut, shortcut } = setup();
    shortcut.set('Alt+M');
    shortcut.set('Alt+K');
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+K']);
    shortcut.dispose();
    expect(globalShortcut.registered.size).toBe(0);
  });
});
