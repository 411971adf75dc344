/**
 * The slices of Electron's main-process API that Nearcast's features use, as narrow structural types,
 * one file per part of Electron: this one (the app, its windows, their web contents, IPC), session.ts,
 * capture.ts and desktop.ts.
 *
 * Why not Electron's own types: a feature that takes `Session` or `App` forces every test to build (or
 * cast) a whole Electron object. These interfaces name only what a feature calls, so test/fakes/electron.ts
 * satisfies them without casts, and the composition root (index.ts) passes the real modules — tsc then
 * proves the real API still fits these shapes on every Electron upgrade.
 *
 * Type-only imports from 'electron' are fine here: they vanish at build time. Only index.ts imports values.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** What the trust checks read from a `WebFrameMain`. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** Any Electron event a listener may cancel. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** `will-navigate` / `will-redirect` details (Electron passes the target URL on the event object). */
export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** The WebContents surface the per-contents security rules hook into. */
export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void;
}

export interface AppLike {
  whenReady(): Promise<unknown>;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
  removeListener(
    event: 'web-contents-created',
    listener: (event: unknown, contents: WebContentsLike) => void,
  ): unknown;
  removeListener(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string) => void,
  ): unknown;
  removeListener(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
  quit(): void;
}

/** What main → renderer events need from a window's WebContents. */
export interface WindowContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
  /** A right click in the page: what is under the pointer and what the focused field can do. */
  on(event: 'context-menu', listener: (event: unknown, params: ContextMenuParamsLike) => void): unknown;
}

/** What the text-field menu reads from Electron's `ContextMenuParams`. */
export interface ContextMenuParamsLike {
  readonly isEditable: boolean;
  readonly selectionText: string;
  readonly editFlags: {
    readonly canCut: boolean;
    readonly canCopy: boolean;
    readonly canPaste: boolean;
    readonly canSelectAll: boolean;
  };
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BrowserWindowLike {
  /** Compared by identity to tell our window's IPC from anyone else's. */
  readonly webContents: WindowContentsLike;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  /** Cancellable: closing to the tray hides the window instead. */
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  show(): void;
  hide(): void;
  loadURL(url: string): Promise<void>;
  setTitle(title: string): void;
  getBounds(): Rectangle;
  setBounds(bounds: Partial<Rectangle>): void;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

/** The process-wide app calls the desktop integration needs (single instance, protocol, paths). */
export interface AppShellLike {
  requestSingleInstanceLock(): boolean;
  setAsDefaultProtocolClient(protocol: string): boolean;
  getPath(name: 'userData' | 'logs' | 'downloads'): string;
  getVersion(): string;
  /** The OS language, main's words until the renderer says which language the user chose. */
  getLocale(): string;
}

export interface ScreenLike {
  getAllDisplays(): ReadonlyArray<{ readonly workArea: Rectangle }>;
}

export interface BrowserWindowClass {
  new (options: BrowserWindowConstructorOptions): BrowserWindowLike;
}

/** What the IPC registry reads from an `IpcMainInvokeEvent`. */
export interface IpcInvokeEventLike {
  readonly sender: object;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}
