/**
 * `nearcast://` links: which ones the app accepts, and how they reach the renderer.
 *
 * The OS hands these links to the app from a browser, a chat message or a QR code — that is, from
 * anyone. The parser accepts exactly these shapes and rejects everything else:
 *   nearcast://join?room=<room name>                   → prefill the join form
 *   nearcast://join?room=<room name>&server=<address>  → the same on another server, which the
 *                                                         renderer asks the user about before switching
 *   nearcast://call?device=<device id>                 → (later issue) call a known device
 * No other host, no path segment, no credentials, port or fragment, no other or repeated query
 * parameter, no percent-encoded dot, slash or backslash (traversal) nor control character, and a
 * bounded length. A server address must read as a plain `http(s)://host:port/` (the same rules as a
 * typed one: common/server-address.ts) and arrives in that canonical form; nothing is switched here.
 *
 * A link arrives on the first launch's command line (Windows, Linux), in a second launch's command line
 * ('second-instance', which also brings our window forward), or as macOS's 'open-url' event — which can
 * fire before the app is ready, so this module is enabled first. A link that arrives before the page has
 * loaded waits for it.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DeepLink } from '../../../common/ipc';
import { parseServerAddress } from '../../../common/server-address';
import { roomNameSchema } from '../../../common/signaling/names';
import type { AppLike, AppShellLike, BrowserWindowLike, PreventableEvent } from '../electron-api/app';
import type { AppModule } from '../module-runner';
import type { MainWindows } from '../window';

export const DEEP_LINK_PROTOCOL = 'nearcast';
export const MAX_DEEP_LINK_LENGTH = 256;

const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const FORBIDDEN = /[\u0000-\u001f\u007f\\]|%(2e|2f|5c|[01][0-9a-f]|7f)/i;

/** The validated link, or null. Pure: the caller decides what to do with a refusal (log it, no more). */
export function parseDeepLink(raw: unknown): DeepLink | null {
  if (typeof raw !== 'string' || raw.length > MAX_DEEP_LINK_LENGTH || FORBIDDEN.test(raw)) return null;
  if (!raw.toLowerCase().startsWith(`${DEEP_LINK_PROTOCOL}://`)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port || url.hash) return null;
  if (url.pathname !== '' && url.pathname !== '/') return null;
  const keys = [...url.searchParams.keys()].sort();
  if (url.hostname === 'join' && (keys.join() === 'room' || keys.join() === 'room,server')) {
    const room = roomNameSchema.safeParse(url.searchParams.get('room'));
    if (!room.success) return null;
    const given = url.searchParams.get('server');
    if (given === null) return { kind: 'join', room: room.data };
    const server = parseServerAddress(given);
    return server.ok ? { kind: 'join', room: room.data, server: server.data } : null;
  }
  if (keys.length !== 1) return null;
  if (url.hostname === 'call' && keys[0] === 'device') {
    const device = deviceIdSchema.safeParse(url.searchParams.get('device'));
    return device.success ? { kind: 'call', device: device.data } : null;
  }
  return null;
}

/** Windows and Linux pass the link as a command-line argument (first launch and second instance). */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  const arg = argv.find((value) => value.toLowerCase().startsWith(`${DEEP_LINK_PROTOCOL}:`));
  return arg === undefined ? null : parseDeepLink(arg);
}

export interface DeepLinksOptions {
  app: Pick<AppLike, 'on' | 'removeListener'> & Pick<AppShellLike, 'setAsDefaultProtocolClient'>;
  windows: Pick<MainWindows, 'list' | 'send' | 'onOpened' | 'focusNewest'>;
  argv: readonly string[];
  /** A development run does not claim the protocol: the OS would open links in the bare Electron binary. */
  dev: boolean;
  logger: Logger;
}

export function deepLinksModule({ app, windows, argv, dev, logger }: DeepLinksOptions): AppModule {
  return {
    name: 'deep links',
    enable() {
      const log = logger.child({ name: 'main:deep-link' });
      const loaded = new WeakSet<BrowserWindowLike>();
      let pending: DeepLink | null = deepLinkFromArgv(argv);

      const deliver = (link: DeepLink): void => {
        if (windows.list().some((window) => loaded.has(window))) windows.send('app:deep-link', link);
        else pending = link;
      };
      const onSecondInstance = (_event: unknown, secondArgv: string[]): void => {
        windows.focusNewest();
        const link = deepLinkFromArgv(secondArgv);
        if (link) deliver(link);
      };
      const onOpenUrl = (event: PreventableEvent, url: string): void => {
        event.preventDefault();
        const link = parseDeepLink(url);
        if (link) deliver(link);
        else log.warn('ignored a nearcast:// link that is not one of ours');
      };

      if (!dev) app.setAsDefaultProtocolClient(DEEP_LINK_PROTOCOL);
      app.on('second-instance', onSecondInstance);
      app.on('open-url', onOpenUrl);
      // A window's listeners subscribe while its page loads: a waiting link goes out once it has.
      const stopWatching = windows.onOpened((window) => {
        window.webContents.once('did-finish-load', () => {
          loaded.add(window);
          if (pending) {
            windows.send('app:deep-link', pending);
            pending = null;
          }
        });
      });

      return {
        dispose() {
          stopWatching();
          pending = null;
          app.removeListener('second-instance', onSecondInstance);
          app.removeListener('open-url', onOpenUrl);
        },
      };
    },
  };
}
