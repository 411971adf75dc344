/**
 * Hands the user's screen-share choice to the engine's ScreenQuality (rtc/screen-quality.ts), which
 * tunes every link and runs Auto, and shows the mode it settled on in the media store.
 */
import { onScopeDispose, watch } from 'vue';
import type { PeerView } from '../rtc/mesh';
import { ScreenQuality, type ScreenLink } from '../rtc/screen-quality';
import { useMediaStore } from '../stores/media';

/** `unit`: our link to the forwarding unit in a forwarded room, which then carries our screen. */
export function useScreenQuality(peers: () => PeerView[], unit: () => ScreenLink | null = () => null): void {
  const media = useMediaStore();
  const quality = new ScreenQuality(() => {
    const forwarded = unit();
    return forwarded ? [forwarded, ...peers().map((peer) => peer.link)] : peers().map((peer) => peer.link);
  });
  const show = () => (media.screenMode = quality.mode);
  quality.on('mode', show);
  watch(
    () => [media.sharing, media.sharePreset] as const,
    ([sharing, preset]) => {
      quality.update(sharing, preset);
      show();
    },
    { immediate: true },
  );
  watch(
    () => media.shareCodec,
    (codec) => quality.setCodec(codec),
    { immediate: true },
  );
  watch(peers, () => quality.linksChanged());
  onScopeDispose(() => quality.dispose());
}
