/**
 * The desktop shell around the window: menus, the tray, notifications, global shortcuts, the system
 * shell and preferences. See app.ts for why these are narrow structural types.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type MenuTemplate = MenuItemConstructorOptions[];

export interface MenuLike {
  /** Electron's Menu instance is opaque to us: built, then handed back to Electron. */
  readonly items: readonly unknown[];
  /** Shows it as a context menu where the pointer is. */
  popup(): void;
}

export interface MenuModuleLike {
  buildFromTemplate(template: MenuTemplate): MenuLike;
  setApplicationMenu(menu: MenuLike | null): void;
}

export interface TrayLike {
  /** A click on the icon (Windows, macOS; most Linux trays only open the menu). */
  on(event: 'click', listener: () => void): unknown;
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

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** Opening a local folder (the logs) is a separate, narrower grant than opening URLs. */
export interface ShellPathLike {
  openPath(path: string): Promise<string>;
  /** Reveals a received file in the system file manager. */
  showItemInFolder(path: string): void;
}

/** `dialog.showMessageBox`: the quit question. */
export interface DialogLike {
  showMessageBox(options: {
    type: 'question';
    title: string;
    message: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
    noLink: boolean;
  }): Promise<{ response: number }>;
}

/** What the quit question hooks: Electron's 'before-quit', which every way of quitting goes through. */
export interface AppQuitLike {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  removeListener(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** Start at login: Windows and macOS only (Electron has no login items on Linux). */
export interface LoginItemsLike {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}
