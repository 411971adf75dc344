/**
 * Keeps every link's screen sender on the quality the user chose. For "Auto" it samples, once a
 * second, how many frames the screen capture delivers (capture only produces a frame when the screen
 * changed) and moves between text and motion with hysteresis (see nextAutoState).
 */
import { onScopeDispose, watch } from 'vue';
import { createLogger } from '../log';
import type { PeerView } from '../rtc/mesh';
import { AUTO_START, nextAutoState, type AutoState } from '../rtc/quality';
import { toReport } from '../rtc/stats';
import { useMediaStore } from '../stores/media';

const log = createLogger('ui:quality');

/** Captured frames per second of our screen, read from a screen sender's media-source stats. */
async function capturedFps(peers: PeerView[]): Promise<number | null> {
  for (const peer of peers) {
    const sender = peer.link.screenVideoSender();
    if (!sender) continue;
    for (const entry of toReport(await sender.getStats()).values()) {
      if (entry.type === 'media-source' && typeof entry.framesPerSecond === 'number')
        return entry.framesPerSecond;
    }
  }
  return null;
}

export function useScreenQuality(peers: () => PeerView[], intervalMs = 1_000): void {
  const media = useMediaStore();
  let auto: AutoState = AUTO_START;

  watch(
    () => [media.sharing, media.sharePreset] as const,
    ([sharing, preset]) => {
      if (!sharing) auto = AUTO_START;
      media.screenMode = preset === 'auto' ? auto.mode : preset;
    },
    { immediate: true },
  );

  watch(
    [() => media.screenMode, peers],
    ([mode, list]) => list.forEach((peer) => peer.link.setScreenMode(mode)),
    { immediate: true },
  );

  const timer = setInterval(() => {
    if (!media.sharing || media.sharePreset !== 'auto') return;
    capturedFps(peers())
      .then((fps) => {
        if (!media.sharing || media.sharePreset !== 'auto') return;
        auto = nextAutoState(auto, fps);
        media.screenMode = auto.mode;
      })
      .catch((error: unknown) => log.warn('could not sample the screen capture rate', error));
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
}
