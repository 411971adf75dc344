/**
 * Main → renderer events. Only our own windows' WebContents ever receive them (never devtools, never a
 * contents some future feature opens), and a destroyed one is skipped instead of throwing. Each event
 * name and payload type comes from `IpcEvents` in common/ipc, so main and the preload cannot disagree.
 */
import type { IpcEvent, IpcEvents } from '../../common/ipc';
import type { WindowContentsLike } from './electron-api';

export interface WindowEvents {
  send<E extends IpcEvent>(event: E, payload: IpcEvents[E]): void;
}

/** `targets` is read on every send, so windows opened or closed later are handled. */
export function createWindowEvents(targets: () => Iterable<WindowContentsLike>): WindowEvents {
  return {
    send(event, payload) {
      for (const contents of targets()) {
        if (!contents.isDestroyed()) contents.send(event, payload);
      }
    },
  };
}
