/**
 * The participant to highlight as speaking, polled from audio levels while the room view is mounted.
 * `'self'` stands for us; peers by id. Muted people never count.
 */
import { onScopeDispose, ref, type Ref } from 'vue';
import type { PeerView } from '../rtc/mesh';
import { audioLevelOf, SpeakerDetector } from '../rtc/speaker';

const POLL_MS = 300;

export function useActiveSpeaker(peers: () => PeerView[], selfMuted: () => boolean): Ref<string | null> {
  const active = ref<string | null>(null);
  const detector = new SpeakerDetector();
  let busy = false;

  const sample = async (): Promise<void> => {
    const current = peers().filter((peer) => peer.state === 'connected');
    if (busy || current.length === 0) {
      if (current.length === 0) active.value = null;
      return;
    }
    busy = true;
    try {
      const levels = new Map<string, number>();
      const measured = await Promise.all(
        current.map(async (peer) => [peer.id, peer.micMuted ? 0 : await audioLevelOf(peer.link.pc)] as const),
      );
      measured.forEach(([id, level]) => levels.set(id, level));
      levels.set('self', selfMuted() ? 0 : await audioLevelOf(current[0]!.link.pc, true));
      active.value = detector.update(levels, performance.now());
    } catch {
      // A link closing mid-poll: the next sample sees the new set of peers.
    } finally {
      busy = false;
    }
  };

  const timer = setInterval(() => void sample(), POLL_MS);
  onScopeDispose(() => clearInterval(timer));
  return active;
}
