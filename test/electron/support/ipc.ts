/**
 * A real IPC registry on the fake ipcMain, with one trusted sender: feature module tests register their
 * handlers through it and call them the way the preload would, so arguments pass the channel schemas.
 * The sender checks themselves are ipc-registry.test.ts's subject.
 */
import { pino } from 'pino';
import type { IpcChannel } from '../../../common/ipc';
import { createIpcRegistry } from '../../../electron/main/ipc-registry';
import { FakeIpcMain, FakeWebContents, fakeFrame } from '../../fakes/electron';

export const TRUSTED_ORIGIN = 'http://127.0.0.1:4780';

export function trustedIpc() {
  const ipcMain = new FakeIpcMain();
  const sender = new FakeWebContents();
  const registry = createIpcRegistry({
    ipcMain,
    isTrustedSender: (event) => event.sender === sender,
    logger: pino({ level: 'silent' }),
  });
  const event = { sender, senderFrame: fakeFrame(`${TRUSTED_ORIGIN}/`) };
  /** What the renderer's call on this channel would resolve to. */
  const invoke = (channel: IpcChannel, ...args: unknown[]): Promise<unknown> =>
    ipcMain.invoke(event, channel, ...args);
  /** The channels that have a handler right now. */
  const channels = (): string[] => [...ipcMain.handlers.keys()].sort();
  return { ipcMain, registry, invoke, channels };
}
