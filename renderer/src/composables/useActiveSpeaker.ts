/**
 * The participant to highlight as speaking, polled from audio levels while the room view is mounted.
 * `'self'` stands for us; peers by id. Muted people never count. In a forwarded room the levels come
 * from the receivers of the subscribe connection (the unit forwards the audio-level header extension).
 */
import { onScopeDispose, ref, type Ref } from 'vue';
import type { PeerView } from '../rtc/mesh';
import { audioLevelOf, SpeakerDetector } from '../rtc/speaker';

const POLL_MS = 300;

export function useActiveSpeaker(
  peers: () => PeerView[],
  selfMuted: () => boolean,
  forwarded: () => Promise<Map<string, number>> | null = () => null,
): Ref<string | null> {
  const active = ref<string | null>(null);
  const detector = new SpeakerDetector();
  let busy = false;

  /** In a forwarded room the levels come from the unit's connections, the links carrying no sound. */
  const measure = async (current: PeerView[]): Promise<Map<string, number>> => {
    const fromUnit = forwarded();
    if (fromUnit) return fromUnit;
    const levels = new Map<string, number>();
    const measured = await Promise.all(
      current.map(async (peer) => [peer.id, await audioLevelOf(peer.link.pc)] as const),
    );
    measured.forEach(([id, level]) => levels.set(id, level));
    levels.set('self', await audioLevelOf(current[0]!.link.pc, true));
    return levels;
  };

  const sample = async (): Promise<void> => {
    const current = peers().filter((peer) => peer.state === 'connected');
    if (busy || current.length === 0) {
      if (current.length === 0) active.value = null;
      return;
    }
    busy = true;
    try {
      const levels = await measure(current);
      // Muted people never count, whatever their connection reports.
      for (const peer of peers()) if (peer.micMuted) levels.set(peer.id, 0);
      if (selfMuted()) levels.set('self', 0);
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
