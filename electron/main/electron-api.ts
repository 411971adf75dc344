/**
 * The slices of Electron's main-process API that Nearcast's features use, as narrow structural types.
 *
 * Why not Electron's own types: a feature that takes `Session` or `App` forces every test to build (or
 * cast) a whole Electron object. These interfaces name only what a feature calls, so test/fakes/electron.ts
 * satisfies them without casts, and the composition root (index.ts) passes the real modules — tsc then
 * proves the real API still fits these shapes on every Electron upgrade.
 *
 * Type-only imports from 'electron' are fine here: they vanish at build time. Only index.ts imports values.
 */
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';

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
  quit(): void;
}

/** What main → renderer events need from a window's WebContents. */
export interface WindowContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
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
  on(event: 'close', listener: () => void): unknown;
  show(): void;
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
}

export interface ScreenLike {
  getAllDisplays(): ReadonlyArray<{ readonly workArea: Rectangle }>;
}

export type MenuTemplate = MenuItemConstructorOptions[];

export interface MenuLike {
  /** Electron's Menu instance is opaque to us: built, then handed back to Electron. */
  readonly items: readonly unknown[];
}

export interface MenuModuleLike {
  buildFromTemplate(template: MenuTemplate): MenuLike;
  setApplicationMenu(menu: MenuLike | null): void;
}

export interface TrayLike {
  setToolTip(text: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: MenuLike | null): void;
  destroy(): void;
}

export interface NotificationLike {
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
  close(): void;
}

export interface NotificationOptionsLike {
  title: string;
  body: string;
  actions?: Array<{ type: 'button'; text: string }>;
  closeButtonText?: string;
  urgency?: 'normal' | 'critical' | 'low';
  timeoutType?: 'default' | 'never';
}

export interface NotificationClass {
  new (options: NotificationOptionsLike): NotificationLike;
  isSupported(): boolean;
}

export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface SystemPreferencesLike {
  getMediaAccessStatus(mediaType: 'screen'): string;
}

export interface BrowserWindowClass {
  new (options: BrowserWindowConstructorOptions): BrowserWindowLike;
  getAllWindows(): readonly BrowserWindowLike[];
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

/** Details of a permission request (Electron's `PermissionRequest` / `MediaAccessPermissionRequest`). */
export interface PermissionRequestDetails {
  readonly isMainFrame: boolean;
  readonly requestingUrl: string;
  readonly mediaTypes?: ReadonlyArray<'video' | 'audio'>;
  readonly securityOrigin?: string;
}

/** Details of a permission check (Electron's `PermissionCheckHandlerHandlerDetails`). */
export interface PermissionCheckDetails {
  readonly isMainFrame: boolean;
  readonly requestingUrl?: string;
  readonly securityOrigin?: string;
  readonly embeddingOrigin?: string;
  readonly mediaType?: 'video' | 'audio' | 'unknown';
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequestDetails,
) => void;

export type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
) => boolean;

/** What the display-media handler reads from a `getDisplayMedia` request. */
export interface DisplayMediaRequest {
  readonly frame: FrameLike | null;
  readonly videoRequested: boolean;
  readonly audioRequested: boolean;
}

/** The streams granted to `getDisplayMedia`; `{}` denies the request. */
export interface DisplayMediaStreams {
  video?: { id: string; name: string };
  /** 'loopback': the system's audio output (Windows only). */
  audio?: 'loopback';
}

export type DisplayMediaRequestHandler = (
  request: DisplayMediaRequest,
  callback: (streams: DisplayMediaStreams) => void,
) => void;

export interface HeadersReceivedDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  responseHeaders?: Record<string, string | string[]>;
}

export type HeadersReceivedListener = (
  details: HeadersReceivedDetails,
  callback: (response: HeadersReceivedResponse) => void,
) => void;

export interface SessionLike {
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void;
  setDisplayMediaRequestHandler(handler: DisplayMediaRequestHandler | null): void;
  readonly webRequest: {
    onHeadersReceived(listener: HeadersReceivedListener | null): void;
  };
}

/** Electron's `session` module: features only use the default session our one window runs in. */
export interface SessionModuleLike {
  readonly defaultSession: SessionLike;
}

export interface NativeImageLike {
  isEmpty(): boolean;
  toDataURL(): string;
}

export interface DesktopCapturerSourceLike {
  readonly id: string;
  readonly name: string;
  readonly display_id: string;
  readonly thumbnail: NativeImageLike;
  /** Typed non-null by Electron, but documented as null for screens and when icons were not fetched. */
  readonly appIcon: NativeImageLike | null;
}

export interface GetSourcesOptions {
  types: Array<'screen' | 'window'>;
  thumbnailSize?: { width: number; height: number };
  fetchWindowIcons?: boolean;
}

export interface DesktopCapturerLike {
  getSources(options: GetSourcesOptions): Promise<DesktopCapturerSourceLike[]>;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** Opening a local folder (the logs) is a separate, narrower grant than opening URLs. */
export interface ShellPathLike {
  openPath(path: string): Promise<string>;
  /** Reveals a received file in the system file manager. */
  showItemInFolder(path: string): void;
}
