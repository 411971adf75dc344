/**
 * A fake of the parts of the `electron` module Nearcast uses, so main-process and preload code runs under
 * plain Node in vitest (the Electron binary is never needed). Each `createFakeElectron()` call returns a
 * fresh, isolated set; its objects satisfy the narrow types in electron/main/electron-api/ without casts
 * and record what was registered so tests can drive the handlers the way Electron would.
 *
 * Split as electron-api/ is: this file fakes the app, its windows and IPC; electron-session.ts the
 * session and desktopCapturer; electron-desktop.ts the menus, tray, notifications and shortcuts.
 */
import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import { vi } from 'vitest';
import type {
  ContextMenuParamsLike,
  FrameLike,
  IpcInvokeEventLike,
  Rectangle,
} from '../../electron/main/electron-api/app';
import {
  createNotificationClass,
  createTrayClass,
  FakeDialog,
  FakeGlobalShortcut,
  FakeMenuModule,
} from './electron-desktop';
import { FakeDesktopCapturer, FakeProtocolModule, FakeSession } from './electron-session';

export * from './electron-desktop';
export * from './electron-session';

/** An Electron event: cancellable, remembers whether a listener cancelled it. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** A WebFrameMain: top-level when `parent` is null. */
export function fakeFrame(url: string, parent: FrameLike | null = null): FrameLike {
  return { url, parent };
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  /** Every `webContents.send(channel, ...args)`, in order. */
  readonly sent: Array<[string, ...unknown[]]> = [];
  destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, ...args]);
    // The desktop harness listens to this to deliver the event to its page.
    this.emit('sent', channel, ...args);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Payloads sent on one channel. */
  sentOn(channel: string): unknown[] {
    return this.sent.filter(([name]) => name === channel).map(([, payload]) => payload);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Emits `will-navigate` / `will-redirect` as Electron does; true when a listener cancelled it. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeEvent(url);
    this.emit(kind, event);
    return event.defaultPrevented;
  }

  /** A right click on a text field (`isEditable`) or on selected text; defaults: all edits allowed. */
  rightClick(params: Partial<ContextMenuParamsLike> = {}): void {
    this.emit('context-menu', new FakeEvent(), {
      isEditable: true,
      selectionText: '',
      editFlags: { canCut: true, canCopy: true, canPaste: true, canSelectAll: true },
      ...params,
    });
  }

  /** Emits `will-attach-webview`; true when a listener cancelled it. */
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, { src: 'https://example.com/' });
    return event.defaultPrevented;
  }

  /** What `window.open(url)` would get from the installed handler. */
  openWindow(url: string): { action: 'allow' | 'deny' } {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({ url });
  }
}

export class FakeApp extends EventEmitter {
  /** True once a quit went through without a `will-quit` listener holding it. */
  hasQuit = false;
  readonly whenReady = vi.fn(() => Promise.resolve());
  readonly getPath = vi.fn((name: 'userData' | 'logs' | 'downloads') => `/tmp/nearcast-fake/${name}`);
  readonly getVersion = vi.fn(() => '0.1.0');
  /** False makes this the second instance. */
  singleInstanceLock = true;
  readonly requestSingleInstanceLock = vi.fn(() => this.singleInstanceLock);
  readonly setAsDefaultProtocolClient = vi.fn((_protocol: string) => true);
  readonly exit = vi.fn((_code?: number) => undefined);
  readonly getLocale = vi.fn(() => this.locale);
  /** What getLocale() answers: the OS language. */
  locale = 'en-US';
  readonly loginItem = { openAtLogin: false };
  readonly setLoginItemSettings = vi.fn((settings: { openAtLogin: boolean }) => {
    this.loginItem.openAtLogin = settings.openAtLogin;
  });
  readonly getLoginItemSettings = vi.fn(() => ({ ...this.loginItem }));
  /** The open windows, set by the BrowserWindow class: quitting closes them. */
  openWindows: () => FakeBrowserWindow[] = () => [];
  /** While a quit closes the windows: Electron emits no `window-all-closed` then. */
  closingToQuit = false;
  /**
   * Like Electron: emits `before-quit` (a listener may cancel), closes every window (a window's `close`
   * listener may cancel), then emits `will-quit`, and quits unless a listener prevented it.
   */
  readonly quit = vi.fn(() => {
    const before = new FakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.closingToQuit = true;
    const kept = this.openWindows().filter((window) => !window.close());
    this.closingToQuit = false;
    if (kept.length > 0) return;
    const event = new FakeEvent();
    this.emit('will-quit', event);
    if (!event.defaultPrevented) this.hasQuit = true;
  });
}

export interface FakeBrowserWindow extends EventEmitter {
  readonly options: BrowserWindowConstructorOptions;
  readonly webContents: FakeWebContents;
  readonly loadedUrls: string[];
  visible: boolean;
  title: string;
  bounds: Rectangle;
  minimized: boolean;
  focused: boolean;
  show(): void;
  hide(): void;
  loadURL(url: string): Promise<void>;
  /** Emits a cancellable `close`; true when the window really closed. */
  close(): boolean;
  setTitle(title: string): void;
  getBounds(): Rectangle;
  setBounds(bounds: Partial<Rectangle>): void;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  /** What the overlay sets: click-through, always on top (and its level), content protection. */
  ignoresMouse: boolean;
  alwaysOnTop: { flag: boolean; level: string } | null;
  onAllWorkspaces: boolean;
  contentProtected: boolean;
  setIgnoreMouseEvents(ignore: boolean): void;
  setAlwaysOnTop(flag: boolean, level: 'screen-saver'): void;
  setVisibleOnAllWorkspaces(visible: boolean): void;
  setContentProtection(enable: boolean): void;
  showInactive(): void;
}

export interface FakeBrowserWindowClass {
  new (options: BrowserWindowConstructorOptions): FakeBrowserWindow;
  /** Every window ever created by this class, in order, closed ones included. */
  readonly created: FakeBrowserWindow[];
  getAllWindows(): FakeBrowserWindow[];
}

/** What a window's loadURL does besides recording the URL: the desktop harness loads it in a real page. */
export type FakeLoad = (window: FakeBrowserWindow, url: string) => Promise<void>;

/** A BrowserWindow class bound to one fake app: creating a window emits `web-contents-created` like Electron. */
function createBrowserWindowClass(app: FakeApp, load?: FakeLoad): FakeBrowserWindowClass {
  const open: FakeBrowserWindow[] = [];
  app.openWindows = () => [...open];
  return class BrowserWindow extends EventEmitter implements FakeBrowserWindow {
    static readonly created: FakeBrowserWindow[] = [];
    static getAllWindows(): FakeBrowserWindow[] {
      return [...open];
    }
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    visible = false;
    title: string;
    bounds: Rectangle;
    minimized = false;
    focused = false;

    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      this.title = options.title ?? '';
      this.bounds = {
        x: options.x ?? 0,
        y: options.y ?? 0,
        width: options.width ?? 800,
        height: options.height ?? 600,
      };
      BrowserWindow.created.push(this);
      open.push(this);
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
    show(): void {
      this.visible = true;
    }
    hide(): void {
      this.visible = false;
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrls.push(url);
      return load ? load(this, url) : Promise.resolve();
    }
    setTitle(title: string): void {
      this.title = title;
    }
    getBounds(): Rectangle {
      return { ...this.bounds };
    }
    setBounds(bounds: Partial<Rectangle>): void {
      this.bounds = { ...this.bounds, ...bounds };
    }
    isMinimized(): boolean {
      return this.minimized;
    }
    restore(): void {
      this.minimized = false;
    }
    focus(): void {
      this.focused = true;
    }
    ignoresMouse = false;
    alwaysOnTop: { flag: boolean; level: string } | null = null;
    onAllWorkspaces = false;
    contentProtected = false;
    setIgnoreMouseEvents(ignore: boolean): void {
      this.ignoresMouse = ignore;
    }
    setAlwaysOnTop(flag: boolean, level: 'screen-saver'): void {
      this.alwaysOnTop = { flag, level };
    }
    setVisibleOnAllWorkspaces(visible: boolean): void {
      this.onAllWorkspaces = visible;
    }
    setContentProtection(enable: boolean): void {
      this.contentProtected = enable;
    }
    showInactive(): void {
      this.visible = true;
    }
    close(): boolean {
      const event = new FakeEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return false;
      open.splice(open.indexOf(this), 1);
      this.webContents.destroyed = true;
      this.emit('closed');
      if (open.length === 0 && !app.closingToQuit) app.emit('window-all-closed');
      return true;
    }
  };
}

type IpcListener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain {
  readonly handlers = new Map<string, IpcListener>();

  handle(channel: string, listener: IpcListener): void {
    // Electron refuses a second handler for a channel, and so does the fake.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` from the given sender would resolve to. */
  invoke(event: IpcInvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return listener(event, ...args);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn((_channel: string, ..._args: unknown[]): Promise<unknown> =>
    Promise.resolve(undefined),
  );
}

export interface FakeElectronOptions {
  /** Loads each window's URL somewhere real (the desktop harness: a Chromium page). */
  load?: FakeLoad;
}

/** A fresh fake `electron` module; shape it like the real one so `vi.mock('electron', ...)` can return it. */
export function createFakeElectron({ load }: FakeElectronOptions = {}) {
  const app = new FakeApp();
  const exposed = new Map<string, unknown>();
  return {
    Menu: new FakeMenuModule(),
    Tray: createTrayClass(),
    Notification: createNotificationClass(),
    globalShortcut: new FakeGlobalShortcut(),
    dialog: new FakeDialog(),
    screen: {
      displays: [
        {
          id: 1,
          bounds: { x: 0, y: 0, width: 1920, height: 1080 },
          workArea: { x: 0, y: 0, width: 1920, height: 1040 },
        },
      ] as { id: number; bounds: Rectangle; workArea: Rectangle }[],
      getAllDisplays(): ReadonlyArray<{ id: number; bounds: Rectangle; workArea: Rectangle }> {
        return this.displays;
      },
    },
    systemPreferences: {
      screenStatus: 'granted',
      getMediaAccessStatus(_mediaType: 'screen'): string {
        return this.screenStatus;
      },
    },
    app,
    BrowserWindow: createBrowserWindowClass(app, load),
    ipcMain: new FakeIpcMain(),
    session: { defaultSession: new FakeSession() },
    protocol: new FakeProtocolModule(),
    desktopCapturer: new FakeDesktopCapturer(),
    shell: {
      openExternal: vi.fn((_url: string) => Promise.resolve()),
      openPath: vi.fn((_path: string) => Promise.resolve('')),
      showItemInFolder: vi.fn((_path: string) => undefined),
    },
    contextBridge: {
      exposed,
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        exposed.set(key, api);
      }),
    },
    ipcRenderer: new FakeIpcRenderer(),
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
