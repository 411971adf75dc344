import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, deepLinksModule, parseDeepLink } from '../../../electron/main/desktop/deep-links';
import { createMainWindows } from '../../../electron/main/window';
import { createFakeElectron, FakeEvent, type FakeBrowserWindow } from '../../fakes/electron';

const logger = pino({ level: 'silent' });

describe('parseDeepLink', () => {
  it.each([
    ['nearcast://join?room=standup', { kind: 'join', room: 'standup' }],
    ['nearcast://join/?room=team%20a', { kind: 'join', room: 'team a' }],
    ['nearcast://call?device=dev_1-A', { kind: 'call', device: 'dev_1-A' }],
    // A server address, in its canonical form, whatever way it was written.
    [
      'nearcast://join?room=standup&server=https://192.168.1.20:4780/',
      { kind: 'join', room: 'standup', server: 'https://192.168.1.20:4780/' },
    ],
    [
      'nearcast://join?server=box.lan:8443&room=standup',
      { kind: 'join', room: 'standup', server: 'http://box.lan:8443/' },
    ],
  ])('accepts %s', (raw, expected) => {
    expect(parseDeepLink(raw)).toEqual(expected);
  });

  it.each([
    ['another host', 'nearcast://settings?room=a'],
    ['an extra path segment', 'nearcast://join/extra?room=a'],
    ['javascript:', 'javascript:alert(1)//nearcast://join?room=a'],
    ['another scheme', 'https://join?room=a'],
    ['no slashes', 'nearcast:join?room=a'],
    ['credentials', 'nearcast://user:pw@join?room=a'],
    ['a port', 'nearcast://join:80?room=a'],
    ['a fragment', 'nearcast://join?room=a#x'],
    ['a second parameter', 'nearcast://join?room=a&name=b'],
    ['the wrong parameter', 'nearcast://join?device=a'],
    ['a repeated parameter', 'nearcast://join?room=a&room=b'],
    ['encoded traversal', 'nearcast://join?room=..%2F..%2Fetc'],
    ['an encoded dot', 'nearcast://join?room=%2e%2e'],
    ['a backslash', 'nearcast://join\\..?room=a'],
    ['a control character', 'nearcast://join?room=a%0a'],
    ['an invalid room', 'nearcast://join?room=<script>'],
    ['an invalid device', 'nearcast://call?device=a/b'],
    ['an overlong link', `nearcast://join?room=${'a'.repeat(300)}`],
    ['not a string', 42],
    ['a server with no room', 'nearcast://join?server=192.168.1.20:4780'],
    ['a server with a path', 'nearcast://join?room=a&server=https://box.lan/evil'],
    ['a server with credentials', 'nearcast://join?room=a&server=https://u:p@box.lan/'],
    ['a server of another scheme', 'nearcast://join?room=a&server=file:///etc/passwd'],
    ['a javascript: server', 'nearcast://join?room=a&server=javascript:alert(1)'],
    ['two servers', 'nearcast://join?room=a&server=box.lan&server=evil.lan'],
    ['a server on a call link', 'nearcast://call?device=d1&server=box.lan'],
  ])('rejects %s', (_name, raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });
});

describe('deepLinkFromArgv', () => {
  it('finds the link among the command-line arguments and validates it', () => {
    expect(deepLinkFromArgv(['/opt/Nearcast/nearcast', '--flag', 'nearcast://join?room=r'])).toEqual({
      kind: 'join',
      room: 'r',
    });
    expect(deepLinkFromArgv(['/opt/Nearcast/nearcast', 'nearcast://evil'])).toBeNull();
    expect(deepLinkFromArgv(['/opt/Nearcast/nearcast'])).toBeNull();
  });
});

describe('deep links module', () => {
  function setup(argv: string[] = [], dev = false) {
    const electron = createFakeElectron();
    const windows = createMainWindows({
      BrowserWindow: electron.BrowserWindow,
      preloadPath: '/p.cjs',
      logger,
    });
    const links = deepLinksModule({ app: electron.app, windows, argv, dev, logger }).enable();
    const open = (): FakeBrowserWindow => {
      windows.open('http://127.0.0.1:4780/', null);
      const window = electron.BrowserWindow.created.at(-1);
      if (!window) throw new Error('no window');
      return window;
    };
    return { electron, links, open };
  }

  it('keeps the link of the first launch until the page has loaded, then sends it once', () => {
    const { open } = setup(['/app/nearcast', 'nearcast://join?room=standup']);
    const window = open();
    expect(window.webContents.sentOn('app:deep-link')).toEqual([]);
    window.webContents.emit('did-finish-load');
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

  it('holds a link that arrives before any page has loaded', () => {
    const { electron, open } = setup();
    electron.app.emit('open-url', new FakeEvent(), 'nearcast://join?room=early');
    const window = open();
    window.webContents.emit('did-finish-load');
    expect(window.webContents.sentOn('app:deep-link')).toEqual([{ kind: 'join', room: 'early' }]);
  });

  it('registers the protocol, except in a development run', () => {
    expect(setup().electron.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('nearcast');
    expect(setup([], true).electron.app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
  });

  it('stops listening on dispose, a waiting link included', async () => {
    const { electron, links, open } = setup(['/app/nearcast', 'nearcast://join?room=standup']);
    const window = open();
    await (await links).dispose();
    expect(electron.app.listenerCount('open-url')).toBe(0);
    expect(electron.app.listenerCount('second-instance')).toBe(0);
    window.webContents.emit('did-finish-load');
    electron.app.emit('open-url', new FakeEvent(), 'nearcast://join?room=r1');
    expect(window.webContents.sent).toEqual([]);
  });
});
