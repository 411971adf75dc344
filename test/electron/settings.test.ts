import { describe, expect, it } from 'vitest';
import { createSettings, DEFAULT_MUTE_SHORTCUT } from '../../electron/main/settings';

function store(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: (key: string) => data.get(key),
    set: (key: string, value: unknown) => data.set(key, value),
  };
}

describe('settings', () => {
  it('reads defaults when nothing is stored', () => {
    const settings = createSettings(store());
    expect(settings.get('windowBounds')).toBeNull();
    expect(settings.get('hostingPort')).toBeNull();
    expect(settings.get('muteShortcut')).toBe(DEFAULT_MUTE_SHORTCUT);
  });

  it('reads a hand-edited bad value as the default instead of failing', () => {
    const settings = createSettings(
      store({ windowBounds: { x: 'a' }, hostingPort: 80, muteShortcut: 'Ctrl+<script>' }),
    );
    expect(settings.get('windowBounds')).toBeNull();
    expect(settings.get('hostingPort')).toBeNull();
    expect(settings.get('muteShortcut')).toBe(DEFAULT_MUTE_SHORTCUT);
  });

  it('stores and returns valid values', () => {
    const backing = store();
    const settings = createSettings(backing);
    settings.set('hostingPort', 4781);
    settings.set('windowBounds', { x: 10, y: 20, width: 900, height: 700 });
    expect(backing.data.get('hostingPort')).toBe(4781);
    expect(settings.get('windowBounds')).toEqual({ x: 10, y: 20, width: 900, height: 700 });
  });
});
