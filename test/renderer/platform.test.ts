import { describe, expect, it, vi } from 'vitest';
import { err } from '../../common/result';
import { createPlatform, NOT_IN_BROWSER } from '../../renderer/src/services/platform';
import { fakeBridge } from '../fakes/dom/bridge';
import { fakeMediaDevices } from '../fakes/dom/media';
import { fakeWindow } from '../fakes/dom/services';

describe('the platform in a browser', () => {
  it('says plainly that desktop operations are not available, even when asked', async () => {
    const platform = createPlatform(fakeWindow().win);
    expect(platform.desktop).toBe(false);
    const refused = { ok: false, error: { code: 'UNAVAILABLE', message: NOT_IN_BROWSER } };
    expect(await platform.hosting.start({})).toEqual(refused);
    expect(
      await platform.capture.listSources({ kinds: ['screen'], thumbnailWidth: 1, thumbnailHeight: 1 }),
    ).toEqual(refused);
    expect(await platform.downloads.open({ name: 'a.txt', size: 1 })).toEqual(refused);
    expect(await platform.callNotifications.show({ callId: 'c-1', callerName: 'Bob' })).toEqual(refused);
    expect(NOT_IN_BROWSER).toMatch(/^Not available in a browser/);
  });

  it('talks to the server that served the page, and switches by opening the other one', async () => {
    const { win, location } = fakeWindow({ origin: 'http://192.168.1.20:4780' });
    const { server } = createPlatform(win);
    expect(await server.url()).toBe('http://192.168.1.20:4780');
    expect(await server.switchTo(' 192.168.1.30 ')).toEqual({ ok: true, data: null });
    expect(location.assign).toHaveBeenCalledWith('http://192.168.1.30:4780/');
    const bad = await server.switchTo('ftp://box.lan');
    expect(bad.ok || bad.error.message).toBe('A Nearcast server address starts with http:// or https://.');
    expect((await server.switchTo(null)).ok).toBe(false);
    expect(location.assign).toHaveBeenCalledOnce();
  });

  it("opens the link's room on the other server", async () => {
    const { win, location } = fakeWindow({ origin: 'http://192.168.1.20:4780' });
    const { server } = createPlatform(win);
    expect(await server.switchTo('192.168.1.30', 'stand up')).toEqual({ ok: true, data: null });
    expect(location.assign).toHaveBeenCalledWith('http://192.168.1.30:4780/?room=stand+up');
  });

  it('checks that a server answers at the address before leaving the page for it', async () => {
    const answering = new Set(['http://192.168.1.30:4780/healthz']);
    const fetch = vi.fn(async (url: string) => {
      if (answering.has(url)) return new Response(null);
      throw new TypeError('Failed to fetch');
    });
    const { win, location } = fakeWindow({ origin: 'http://192.168.1.20:4780', fetch });
    const { server } = createPlatform(win);
    const refused = await server.switchTo('nosuchhost.lan');
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'SERVER_UNREACHABLE',
        message: 'No Nearcast server answers at http://nosuchhost.lan:4780/.',
      },
    });
    expect(location.assign).not.toHaveBeenCalled();
    expect(await server.switchTo('192.168.1.30')).toEqual({ ok: true, data: null });
    expect(location.assign).toHaveBeenCalledWith('http://192.168.1.30:4780/');
  });

  it('lists devices and reports them being plugged in or out', async () => {
    const mediaDevices = fakeMediaDevices({
      devices: [{ deviceId: 'mic-1', kind: 'audioinput', label: 'Mic' }],
    });
    const { media } = createPlatform(fakeWindow({ mediaDevices }).win);
    expect((await media.enumerateDevices()).map((d) => d.deviceId)).toEqual(['mic-1']);
    let changes = 0;
    const stop = media.onDeviceChange(() => (changes += 1));
    mediaDevices.change([]);
    stop();
    mediaDevices.change([]);
    expect(changes).toBe(1);
    expect(await media.enumerateDevices()).toEqual([]);
  });
});

describe('the platform in the desktop app', () => {
  it('asks main for the signaling URL, and falls back to the page origin when main cannot say', async () => {
    const { bridge } = fakeBridge('http://127.0.0.1:5173');
    const { server, desktop } = createPlatform(fakeWindow({ bridge }).win);
    expect(desktop).toBe(true);
    expect(await server.url()).toBe('http://127.0.0.1:5173');
    bridge.getSignalingUrl.mockResolvedValueOnce(err('INTERNAL') as never);
    expect(await server.url()).toBe('http://127.0.0.1:4780');
  });

  it('switches server through main (which widens the CSP) and reloads only when main agreed', async () => {
    const { bridge } = fakeBridge();
    const { win, location } = fakeWindow({ bridge });
    const { server } = createPlatform(win);
    expect((await server.switchTo('box.lan')).ok).toBe(true);
    expect(bridge.setSignalingServer).toHaveBeenCalledWith('box.lan');
    expect(location.reload).toHaveBeenCalledOnce();
    bridge.setSignalingServer.mockResolvedValueOnce(
      err('INVALID_PAYLOAD', 'That address has no host.') as never,
    );
    const refused = await server.switchTo('http://');
    expect(refused.ok || refused.error.message).toBe('That address has no host.');
    expect(location.reload).toHaveBeenCalledOnce();
    expect(location.assign).not.toHaveBeenCalled();
  });

  it("opens the link's room once main moved the window to the other server", async () => {
    const { bridge } = fakeBridge();
    const { win, location } = fakeWindow({ bridge, origin: 'nearcast-app://app' });
    const { server } = createPlatform(win);
    expect((await server.switchTo('box.lan', 'standup')).ok).toBe(true);
    expect(location.assign).toHaveBeenCalledWith('nearcast-app://app/?room=standup');
    expect(location.reload).not.toHaveBeenCalled();
  });

  it('hands out a plain writer for a download that streams to main under the id main gave', async () => {
    const { bridge } = fakeBridge();
    const { downloads } = createPlatform(fakeWindow({ bridge }).win);
    const opened = await downloads.open({ name: 'a.txt', size: 2 });
    if (!opened.ok) throw new Error(opened.error.message);
    expect(bridge.openDownload).toHaveBeenCalledWith({ name: 'a.txt', size: 2 });
    await opened.data.write(new Uint8Array([7, 8]));
    expect(bridge.writeDownload).toHaveBeenCalledWith('d-1', new Uint8Array([7, 8]));
    expect(await opened.data.finish()).toMatchObject({
      ok: true,
      data: { path: '/home/ada/Downloads/a.txt' },
    });
    await opened.data.abort();
    expect(bridge.abortDownload).toHaveBeenCalledWith('d-1');

    bridge.openDownload.mockResolvedValueOnce(err('UNAVAILABLE', 'Your Downloads folder is full.') as never);
    expect(await downloads.open({ name: 'b.txt', size: 1 })).toEqual(
      err('UNAVAILABLE', 'Your Downloads folder is full.'),
    );
  });
});
