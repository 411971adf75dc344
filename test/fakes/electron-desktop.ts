/**
 * Fakes of Electron's desktop shell (menus, tray, notifications, global shortcuts), as
 * electron-api/desktop.ts types them; createFakeElectron() in electron.ts puts them in the fake module.
 */
import { EventEmitter } from 'node:events';
import type {
  DialogLike,
  MenuTemplate,
  NotificationOptionsLike,
} from '../../electron/main/electron-api/desktop';

/** A built menu: keeps its template so tests can click items by label. */
export class FakeMenu {
  /** How many times it was shown as a context menu. */
  popups = 0;
  constructor(readonly template: MenuTemplate) {}
  popup(): void {
    this.popups += 1;
  }
  get items(): readonly unknown[] {
    return this.template;
  }
  /** Runs the click handler of the item with this label (searching submenus); false if none. */
  click(label: string): boolean {
    const find = (items: MenuTemplate): MenuTemplate[number] | undefined => {
      for (const item of items) {
        if (item.label === label) return item;
        if (Array.isArray(item.submenu)) {
          const found = find(item.submenu);
          if (found) return found;
        }
      }
      return undefined;
    };
    const item = find(this.template);
    if (!item?.click) return false;
    // Electron passes (menuItem, window, event); our handlers read none of them.
    (item.click as () => void)();
    return true;
  }
  labels(): string[] {
    return this.template.map((item) => item.label ?? item.role ?? item.type ?? '');
  }
}

export class FakeMenuModule {
  applicationMenu: FakeMenu | null = null;
  /** Every menu built, in order (context menus included). */
  readonly built: FakeMenu[] = [];
  buildFromTemplate(template: MenuTemplate): FakeMenu {
    const menu = new FakeMenu(template);
    this.built.push(menu);
    return menu;
  }
  setApplicationMenu(menu: FakeMenu | null): void {
    this.applicationMenu = menu;
  }
}

export class FakeTray extends EventEmitter {
  toolTip = '';
  title = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(readonly image: string) {
    super();
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends EventEmitter {
  shown = false;
  closed = false;
  constructor(readonly options: NotificationOptionsLike) {
    super();
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

export interface FakeNotificationClass {
  new (options: NotificationOptionsLike): FakeNotification;
  readonly created: FakeNotification[];
  /** What isSupported() answers (Linux without a notification daemon says false). */
  supported: boolean;
  isSupported(): boolean;
}

/** A Notification class whose instances are recorded, one record per fake electron module. */
export function createNotificationClass(): FakeNotificationClass {
  const created: FakeNotification[] = [];
  const Notification = class extends FakeNotification {
    static readonly created = created;
    static supported = true;
    static isSupported(): boolean {
      return Notification.supported;
    }
    constructor(options: NotificationOptionsLike) {
      super(options);
      created.push(this);
    }
  };
  return Notification;
}

export interface FakeTrayClass {
  new (image: string): FakeTray;
  readonly created: FakeTray[];
}

export function createTrayClass(): FakeTrayClass {
  const created: FakeTray[] = [];
  return class Tray extends FakeTray {
    static readonly created = created;
    constructor(image: string) {
      super(image);
      created.push(this);
    }
  };
}

export class FakeGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  /** Accelerators another app already holds: register() fails for them, as in Electron. */
  readonly taken = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    if (this.taken.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  }
  /** Presses the accelerator; false when nothing is registered for it. */
  press(accelerator: string): boolean {
    const callback = this.registered.get(accelerator);
    callback?.();
    return Boolean(callback);
  }
}

/** `dialog.showMessageBox`: records each question; the test answers it with `answer(buttonIndex)`. */
export class FakeDialog {
  readonly asked: Array<Parameters<DialogLike['showMessageBox']>[0]> = [];
  private readonly pending: Array<(result: { response: number }) => void> = [];
  showMessageBox(options: Parameters<DialogLike['showMessageBox']>[0]): Promise<{ response: number }> {
    this.asked.push(options);
    return new Promise((resolve) => this.pending.push(resolve));
  }
  /** Clicks button `index` in the oldest open dialog. */
  answer(index: number): void {
    const resolve = this.pending.shift();
    if (!resolve) throw new Error('no dialog is open');
    resolve({ response: index });
  }
}
