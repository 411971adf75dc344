/**
 * The overlay's module: the IPC channel through which the main window hands over what to draw on its
 * own share (`annotations:overlay`, checked like every channel: our window's main frame, the schema),
 * and the display-media grant telling which display is shared (see overlay-window.ts).
 */
import type { BrowserWindowLike } from '../electron-api/app';
import type { IpcRegistry } from '../ipc-registry';
import type { AppModule, Enabled } from '../module-runner';
import type { MainWindows } from '../window';
import { createOverlay, type Overlay, type OverlayOptions } from './overlay-window';

export interface OverlayModuleOptions extends OverlayOptions {
  registry: IpcRegistry;
  /** The overlay closes with any main window: it must never outlive the page that feeds it. */
  windows: Pick<MainWindows, 'onOpened' | 'list'>;
}

export function overlayModule({
  registry,
  windows,
  ...options
}: OverlayModuleOptions): AppModule<Enabled & { overlay: Overlay }> {
  return {
    name: 'overlay',
    enable() {
      const overlay = createOverlay(options);
      const watch = (window: BrowserWindowLike) => window.on('closed', () => overlay.close());
      windows.list().forEach(watch);
      const stopWatching = windows.onOpened(watch);
      const removeHandlers = registry.handle({
        'annotations:overlay': (state) => overlay.show(state),
      });
      return {
        overlay,
        dispose() {
          removeHandlers();
          stopWatching();
          overlay.close();
        },
      };
    },
  };
}
