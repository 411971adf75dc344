/**
 * How loud the microphone is now, 0 to 1, for a level meter before joining: an AnalyserNode on the
 * track, read once a frame. Null where the page has no Web Audio or no microphone track; the meter is
 * then not shown. Stops with the scope (or when the track changes).
 */
import { onScopeDispose, ref, watch, type Ref } from 'vue';

export function useMicLevel(track: () => MediaStreamTrack | null): Ref<number | null> {
  const level = ref<number | null>(null);
  let stop: (() => void) | null = null;

  function listen(current: MediaStreamTrack | null): void {
    stop?.();
    stop = null;
    level.value = null;
    if (!current || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(new MediaStream([current])).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const read = (): void => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      // RMS of speech sits around 0.02–0.2: scaled so a normal voice fills most of the meter.
      level.value = Math.min(1, Math.sqrt(sum / samples.length) * 5);
      frame = requestAnimationFrame(read);
    };
    read();
    stop = () => {
      cancelAnimationFrame(frame);
      void context.close();
    };
  }

  watch(track, listen, { immediate: true });
  onScopeDispose(() => stop?.());
  return level;
}
