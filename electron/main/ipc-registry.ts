/**
 * The only caller of `ipcMain.handle`. Every invoke passes the same three gates before a handler runs:
 * the sender is our window's main frame on the trusted origin, the arguments match the channel's schema
 * from common/ipc, and whatever the handler does, a Result (never an exception) goes back.
 *
 * Implements Electron security checklist #17 "Validate the sender of all IPC messages"
 * (https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages).
 *
 * Refusal of an untrusted sender: the reply is `err('UNAVAILABLE')` ("This feature is not available
 * here."), logged as a warning. Not thrown, because an exception would cross the bridge as an Error whose
 * text names our internals; not INVALID_PAYLOAD, because the payload may be perfectly valid and that code
 * would send whoever debugs it after the wrong cause. To such a frame the feature truly is unavailable.
 *
 * The log lines of refusals and failures are bounded (log-budget.ts): a page flooding bad calls
 * cannot fill the disk.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { IPC_CHANNELS, type IpcArgs, type IpcChannel, type IpcResult } from '../../common/ipc';
import { CodedError, err, firstIssue } from '../../common/result';
import type { IpcInvokeEventLike, IpcMainLike } from './electron-api/app';
import { createLogBudget } from './log-budget';
import { originOf } from './security/trust';

/** A plain function: validated arguments in, Result out. It never sees the event or the sender. */
export type IpcHandler<C extends IpcChannel> = (...args: IpcArgs<C>) => IpcResult<C> | Promise<IpcResult<C>>;

/** Handlers for some of the channels of common/ipc, each typed by its channel. */
export type IpcHandlers = { [C in IpcChannel]?: IpcHandler<C> };

export interface IpcRegistryOptions {
  ipcMain: IpcMainLike;
  isTrustedSender: (event: IpcInvokeEventLike) => boolean;
  logger: Logger;
  /** Milliseconds, for the log's budget: Date.now unless a test counts itself. */
  now?: () => number;
}

export interface IpcRegistry {
  /**
   * Registers a feature's handlers and returns the function that removes them again (the feature's
   * dispose calls it). A channel that already has a handler is a bug: nothing is registered then.
   */
  handle(handlers: IpcHandlers): () => void;
}

export function createIpcRegistry({
  ipcMain,
  isTrustedSender,
  logger,
  now,
}: IpcRegistryOptions): IpcRegistry {
  const log = logger.child({ name: 'main:ipc' });
  const registered = new Set<IpcChannel>();
  // Refusals and failures come from the page; a flood of them is bounded in the log (log-budget.ts).
  const budget = createLogBudget(now);
  const bounded = (write: () => void): void => {
    const dropped = budget.spend();
    if (dropped === null) return;
    if (dropped > 0) log.warn({ dropped }, 'IPC refusals and failures left out of the log: too many at once');
    write();
  };

  function register<C extends IpcChannel>(channel: C, handler: IpcHandler<C>): void {
    // IPC_CHANNELS[C] is a union to the compiler; the map pairs each channel with its own schema.
    const schema = IPC_CHANNELS[channel].args as unknown as z.ZodType<IpcArgs<C>>;
    registered.add(channel);

    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event)) {
        bounded(() =>
          log.warn(
            { channel, senderOrigin: originOf(event.senderFrame?.url) },
            'refused IPC from an untrusted sender',
          ),
        );
        return err('UNAVAILABLE');
      }
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        bounded(() =>
          log.warn({ channel, issue: firstIssue(parsed.error) }, 'refused IPC with invalid arguments'),
        );
        return err('INVALID_PAYLOAD', firstIssue(parsed.error));
      }
      try {
        return await handler(...parsed.data);
      } catch (error) {
        bounded(() => log.error({ err: error, channel }, 'IPC handler threw'));
        return err('INTERNAL');
      }
    });
  }

  return {
    handle(handlers) {
      // Object.keys widens to string[]; the keys of IpcHandlers are channels.
      const channels = Object.keys(handlers) as IpcChannel[];
      const taken = channels.find((channel) => registered.has(channel));
      if (taken) {
        throw new CodedError('IPC_DUPLICATE_HANDLER', `A handler for ${taken} is already registered.`);
      }
      for (const channel of channels) {
        // handlers[channel] is the union of every channel's handler type; the map pairs them correctly.
        register(channel, handlers[channel] as IpcHandler<typeof channel>);
      }
      return () => {
        for (const channel of channels) {
          if (registered.delete(channel)) ipcMain.removeHandler(channel);
        }
      };
    },
  };
}
