/**
 * "Microphone on" and "Camera on" as switches over the devices open now (the media store): muting
 * keeps the microphone, switching the camera off closes it (its light goes out). Shared by the screens
 * that come before a call, joining a room (PreJoin) and answering one (IncomingCall).
 */
import { computed, type WritableComputedRef } from 'vue';
import { useMediaStore } from '../stores/media';

export function useDeviceSwitches(): {
  micOn: WritableComputedRef<boolean>;
  cameraOn: WritableComputedRef<boolean>;
} {
  const media = useMediaStore();
  const micOn = computed({
    get: () => !media.micMuted,
    set: (on: boolean) => {
      if (on === media.micMuted) void media.toggleMute();
    },
  });
  const cameraOn = computed({
    get: () => !media.cameraOff,
    set: (on: boolean) => {
      if (on === media.cameraOff) void media.toggleCamera();
    },
  });
  return { micOn, cameraOn };
}
