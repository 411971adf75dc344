/**
 * In the desktop app, keeps the tray, the window title and the global mute shortcut in step with the
 * call: pushes our call status to main, and acts on the tray's and the shortcut's actions.
 */
import { onBeforeUnmount, watch } from 'vue';
import { useServices } from '../services';
import { useMediaStore } from '../stores/media';

export function useDesktopCallStatus(): void {
  const bridge = useServices().platform.bridge;
  if (!bridge) return;
  const media = useMediaStore();
  const stopWatching = watch(
    () => ({ inCall: true, sharing: media.sharing, muted: media.micMuted }),
    (status) => void bridge.setCallStatus(status),
    { immediate: true },
  );
  const stopListening = bridge.onTrayAction((action) => {
    if (action === 'toggle-mute') media.toggleMute();
    else if (action === 'stop-sharing') media.stopShare();
  });
  onBeforeUnmount(() => {
    stopWatching();
    stopListening();
    void bridge.setCallStatus({ inCall: false, sharing: false, muted: false });
  });
}
