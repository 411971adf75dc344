import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { denyWindowOpen } from '../../../electron/main/security/window-open';
import { FakeWebContents } from '../../fakes/electron';

function setup() {
  const contents = new FakeWebContents();
  const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
  denyWindowOpen(contents, { shell, logger: pino({ level: 'silent' }) });
  return { contents, shell };
}

describe('window.open handler', () => {
  it('denies the new window and opens an https link in the system browser', () => {
    const { contents, shell } = setup();
    expect(contents.openWindow('https://nearcast.app/help')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://nearcast.app/help');
  });

  it.each(['http://192.168.1.5:8080/wiki', 'http://printer.local/', 'http://example.com/'])(
    'opens the plain http link %s, as a LAN page often is, in the system browser',
    (url) => {
      const { contents, shell } = setup();
      expect(contents.openWindow(url)).toEqual({ action: 'deny' });
      expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith(url);
    },
  );

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://user:pass@192.168.1.5/',
    'smb://server/share',
    'nearcast://join/room',
    'https://user:pass@example.com/',
    'about:blank',
  ])('denies %s and does not open it externally', (url) => {
    const { contents, shell } = setup();
    expect(contents.openWindow(url)).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('still denies when the system browser cannot be opened', async () => {
    const { contents, shell } = setup();
    shell.openExternal.mockRejectedValueOnce(new Error('no browser'));
    expect(contents.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    await Promise.resolve();
  });
});
