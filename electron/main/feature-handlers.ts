/**
 * Handlers for the hosting, LAN, call-status, notification, shortcut and capture-environment channels.
 * Kept apart from ipc-handlers.ts (capture and the signaling URL) so each file stays readable; the same
 * rule holds: validated arguments in, a Result out, no event or sender in sight.
 */
import { ok } from '../../common/result';
import type { CaptureEnvironmentService } from './capture-environment';
import type { CallStatusDisplay } from './desktop/call-status';
import type { MuteShortcut } from './desktop/mute-shortcut';
import type { CallNotifications } from './desktop/notifications';
import type { SettingsStore } from './desktop/settings';
import type { DisplayMedia } from './display-media';
import type { Downloads } from './downloads';
import type { Hosting } from './hosting';
import type { IpcRegistry } from './ipc-registry';
import type { LanDiscovery } from './lan-discovery';

export interface FeatureHandlerDeps {
  registry: IpcRegistry;
  downloads: Downloads;
  hosting: Hosting;
  lan: Pick<LanDiscovery, 'hosts'>;
  callStatus: Pick<CallStatusDisplay, 'update'>;
  notifications: Pick<CallNotifications, 'notify' | 'dismiss'>;
  muteShortcut: Pick<MuteShortcut, 'set'>;
  settings: Pick<SettingsStore, 'set'>;
  captureEnvironment: CaptureEnvironmentService;
  displayMedia: Pick<DisplayMedia, 'select'>;
}

export function registerFeatureHandlers(deps: FeatureHandlerDeps): void {
  const { registry, hosting } = deps;
  registry.handle('capture:select-source-with', (sourceId, options) =>
    deps.displayMedia.select(sourceId, options),
  );
  registry.handle('capture:environment', () => ok(deps.captureEnvironment.read()));
  registry.handle('capture:open-screen-settings', () =>
    deps.captureEnvironment.openScreenRecordingSettings(),
  );
  registry.handle('hosting:start', async (request) => {
    const result = await hosting.start(request);
    // A port the user typed and that worked is the one to try first next time.
    if (result.ok && request.port !== undefined) deps.settings.set('hostingPort', result.data.port);
    return result;
  });
  registry.handle('hosting:stop', () => hosting.stop());
  registry.handle('hosting:status', () => ok(hosting.status()));
  registry.handle('lan:list-hosts', () => ok(deps.lan.hosts()));
  registry.handle('call:set-status', (status) => {
    deps.callStatus.update(status);
    return ok(null);
  });
  registry.handle('call:notify-incoming', (call) => deps.notifications.notify(call));
  registry.handle('call:dismiss-incoming', (callId) => deps.notifications.dismiss(callId));
  registry.handle('download:open', (request) => deps.downloads.open(request));
  registry.handle('download:write', (id, chunk) => deps.downloads.write(id, chunk));
  registry.handle('download:finish', (id) => deps.downloads.finish(id));
  registry.handle('download:abort', (id) => deps.downloads.abort(id));
  registry.handle('download:show', (id) => deps.downloads.show(id));
  registry.handle('shortcut:set-mute', (accelerator) => {
    const result = deps.muteShortcut.set(accelerator);
    if (result.ok) deps.settings.set('muteShortcut', result.data);
    return result;
  });
}
