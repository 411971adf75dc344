import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { enableDeepLinks } from '../../../electron/main/desktop/deep-links';
import { createWindowEvents } from '../../../electron/main/window-events';
import { createFakeElectron, FakeEvent, type FakeBrowserWindow } from '../../fakes/electron';

function setup(argv: string[] = []) {
  const electron = createFakeElectron();
  const windows: FakeBrowserWindow[] = [];
  const events = createWindowEvents(() => windows.map((w) => w.webContents));
  const links = enableDeepLinks({
    app: electron.app,
    events,
    windows: () => windows,
    argv,
    logger: pino({ level: 'silent' }),
  });
  const open = (): FakeBrowserWindow => {
    const window = new electron.BrowserWindow({});
    windows.push(window);
    links.attachWindow(window);
    return window;
  };
  return { electron, links, open };
}

describe('deep links', () => {
  it('keeps the link of the first launch until the page has loaded, then sends it once', () => {
    const { open } = setup(['/app/nearcast', 'nearcast://join?room=standup']);
    const window = open();
    expect(window.webContents.sentOn('app:deep-link')).toEqual([]);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sentOn('app:deep-link')).toEqual([{ kind: 'join', room: 'standup' }]);
  });

  it('focuses the window on a second launch and passes its link on', () => {
    const { electron, open } = setup();
    const window = open();
    window.webContents.emit('did-finish-load');
    window.minimized = true;
    electron.app.emit(
      'second-instance',
      new FakeEvent(),
      ['/app/nearcast', 'nearcast://call?device=d1'],
      '/',
    );
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
    expect(window.webContents.sentOn('app:deep-link')).toEqual([{ kind: 'call', device: 'd1' }]);
  });

  it('passes macOS open-url links on and drops invalid ones', () => {
    const { electron, open } = setup();
    const window = open();
    window.webContents.emit('did-finish-load');
    const event = new FakeEvent();
    electron.app.emit('open-url', event, 'nearcast://join?room=r1');
    electron.app.emit('open-url', new FakeEvent(), 'nearcast://join/../x?room=r2');
    electron.app.emit('second-instance', new FakeEvent(), ['/app/nearcast', 'javascript:alert(1)'], '/');
    expect(event.defaultPrevented).toBe(true);
    expect(window.webContents.sentOn('app:deep-link')).toEqual([{ kind: 'join', room: 'r1' }]);
  });

  it('sends nothing after dispose', () => {
    const { electron, links, open } = setup();
    const window = open();
    window.webContents.emit('did-finish-load');
    links.dispose();
    electron.app.emit('open-url', new FakeEvent(), 'nearcast://join?room=r1');
    expect(window.webContents.sent).toEqual([]);
  });
});
