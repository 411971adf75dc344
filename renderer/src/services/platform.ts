/**
 * What the renderer needs from where it runs: the desktop bridge when inside the app, plain browser
 * APIs when served to a LAN guest. Stores reach the platform only through this module.
 */
import type { NearcastBridge } from '../../../electron/preload/bridge';
import { INSECURE_CONTEXT } from '../rtc/local-tracks';

declare global {
  interface Window {
    /** Present only inside the desktop app (exposed by the preload script). */
    nearcast?: NearcastBridge;
  }
}

export interface Platform {
  /** The desktop bridge, or null in a browser. */
  bridge: NearcastBridge | null;
  signalingUrl(): Promise<string>;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(options: DisplayMediaStreamOptions): Promise<MediaStream>;
  /** Devices for the pickers; empty where the page may not see them (insecure context). */
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** Calls back when a device is plugged in or out; returns the unsubscribe. */
  onDeviceChange(listener: () => void): () => void;
}

export function browserPlatform(win: Window = window): Platform {
  const bridge = win.nearcast ?? null;
  return {
    bridge,
    async signalingUrl() {
      if (bridge) {
        const result = await bridge.getSignalingUrl();
        if (result.ok) return result.data;
      }
      return win.location.origin;
    },
    getUserMedia: async (constraints) => mediaDevices(win).getUserMedia(constraints),
    getDisplayMedia: async (options) => mediaDevices(win).getDisplayMedia(options),
    enumerateDevices: async () => {
      const devices = win.navigator.mediaDevices as MediaDevices | undefined;
      return devices ? devices.enumerateDevices() : [];
    },
    onDeviceChange(listener) {
      const devices = win.navigator.mediaDevices as MediaDevices | undefined;
      devices?.addEventListener('devicechange', listener);
      return () => devices?.removeEventListener('devicechange', listener);
    },
  };
}

function mediaDevices(win: Window): MediaDevices {
  const devices = win.navigator.mediaDevices as MediaDevices | undefined;
  if (!devices || !win.isSecureContext) throw new DOMException('not a secure context', INSECURE_CONTEXT);
  return devices;
}
