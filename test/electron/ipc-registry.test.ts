import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createIpcRegistry } from '../../electron/main/ipc-registry';
import { trustedSenderCheck } from '../../electron/main/security/trust';
import { ok } from '../../common/result';
import { FakeIpcMain, FakeWebContents, fakeFrame } from '../fakes/electron';

const ORIGIN = 'http://127.0.0.1:4780';
const logger = pino({ level: 'silent' });

function setup() {
  const ipcMain = new FakeIpcMain();
  const ours = new FakeWebContents();
  const registry = createIpcRegistry({
    ipcMain,
    isTrustedSender: trustedSenderCheck(ORIGIN, (sender) => sender === ours),
    logger,
  });
  const trustedEvent = { sender: ours, senderFrame: fakeFrame(`${ORIGIN}/#/room/lobby`) };
  return { ipcMain, ours, registry, trustedEvent };
}

describe('IPC registry', () => {
  it('passes validated arguments from a trusted main frame to the handler and returns its Result', async () => {
    const { ipcMain, registry, trustedEvent } = setup();
    const handler = vi.fn((_sourceId: string, _options: { systemAudio: boolean }) => ok(null));
    registry.handle({ 'capture:select-source-with': handler });
    await expect(
      ipcMain.invoke(trustedEvent, 'capture:select-source-with', 'screen:1:0', { systemAudio: true }),
    ).resolves.toEqual(ok(null));
    expect(handler).toHaveBeenCalledWith('screen:1:0', { systemAudio: true });
  });

  it('refuses a subframe of our own origin without running the handler', async () => {
    const { ipcMain, ours, registry, trustedEvent } = setup();
    const handler = vi.fn(() => ok('http://127.0.0.1:4780/'));
    registry.handle({ 'app:signaling-url': handler });
    const subframe = fakeFrame(`${ORIGIN}/frame.html`, trustedEvent.senderFrame);
    const reply = await ipcMain.invoke({ sender: ours, senderFrame: subframe }, 'app:signaling-url');
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a main frame showing a foreign origin', async () => {
    const { ipcMain, ours, registry } = setup();
    const handler = vi.fn(() => ok('x'));
    registry.handle({ 'app:signaling-url': handler });
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4781/',
      'file:///etc/passwd',
      'about:blank',
    ]) {
      const reply = await ipcMain.invoke({ sender: ours, senderFrame: fakeFrame(url) }, 'app:signaling-url');
      expect(reply, url).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a sender that is not one of our windows, or whose frame is gone', async () => {
    const { ipcMain, ours, registry, trustedEvent } = setup();
    const handler = vi.fn(() => ok('x'));
    registry.handle({ 'app:signaling-url': handler });
    const stranger = { sender: new FakeWebContents(), senderFrame: trustedEvent.senderFrame };
    await expect(ipcMain.invoke(stranger, 'app:signaling-url')).resolves.toMatchObject({ ok: false });
    await expect(
      ipcMain.invoke({ sender: ours, senderFrame: null }, 'app:signaling-url'),
    ).resolves.toMatchObject({
      ok: false,
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses arguments that do not match the channel schema with INVALID_PAYLOAD', async () => {
    const { ipcMain, registry, trustedEvent } = setup();
    const handler = vi.fn(() => ok([]));
    registry.handle({ 'capture:list-sources': handler });
    const bad = [
      [],
      [{ kinds: ['tab'], thumbnailWidth: 320, thumbnailHeight: 180 }],
      [{ kinds: ['screen'], thumbnailWidth: 99999, thumbnailHeight: 180 }],
      [{ kinds: ['screen'], thumbnailWidth: 320, thumbnailHeight: 180 }, 'extra'],
      ['screen'],
    ];
    for (const args of bad) {
      const reply = await ipcMain.invoke(trustedEvent, 'capture:list-sources', ...args);
      expect(reply, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into INTERNAL without leaking the exception text', async () => {
    const { ipcMain, registry, trustedEvent } = setup();
    registry.handle({
      'app:signaling-url': () => {
        throw new Error('secret /home/user/.config path');
      },
    });
    const reply = await ipcMain.invoke(trustedEvent, 'app:signaling-url');
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('logs a flood of refused calls in a bounded number of lines, then says how many it left out', async () => {
    const lines: Array<{ msg: string; dropped?: number }> = [];
    const logged = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    let clock = 0;
    const ipcMain = new FakeIpcMain();
    const ours = new FakeWebContents();
    const registry = createIpcRegistry({
      ipcMain,
      isTrustedSender: trustedSenderCheck(ORIGIN, (sender) => sender === ours),
      logger: logged,
      now: () => clock,
    });
    registry.handle({ 'capture:select-source-with': () => ok(null) });
    const event = { sender: ours, senderFrame: fakeFrame(`${ORIGIN}/`) };
    for (let i = 0; i < 1000; i++) {
      const reply = await ipcMain.invoke(event, 'capture:select-source-with', 42, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.length).toBeGreaterThan(0);
    const before = lines.length;

    clock += 60_000;
    await ipcMain.invoke(event, 'capture:select-source-with', 42, {});
    expect(lines.slice(before)).toEqual([
      expect.objectContaining({ dropped: 1000 - before }),
      expect.objectContaining({ msg: 'refused IPC with invalid arguments' }),
    ]);
  });

  it('refuses to register a channel twice, and then registers none of that batch', () => {
    const { ipcMain, registry } = setup();
    registry.handle({ 'app:signaling-url': () => ok('x') });
    expect(() =>
      registry.handle({ 'hosting:stop': () => ok(null), 'app:signaling-url': () => ok('y') }),
    ).toThrow(/already registered/);
    expect([...ipcMain.handlers.keys()]).toEqual(['app:signaling-url']);
  });

  it('removes exactly the handlers of one batch, which may then be registered again', async () => {
    const { ipcMain, registry, trustedEvent } = setup();
    const remove = registry.handle({ 'app:signaling-url': () => ok('x'), 'hosting:stop': () => ok(null) });
    registry.handle({ 'lan:list-hosts': () => ok([]) });
    remove();
    expect([...ipcMain.handlers.keys()]).toEqual(['lan:list-hosts']);
    registry.handle({ 'app:signaling-url': () => ok('again') });
    await expect(ipcMain.invoke(trustedEvent, 'app:signaling-url')).resolves.toEqual(ok('again'));
  });
});
