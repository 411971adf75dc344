/**
 * The ring of an incoming call, synthesized with Web Audio: no sound file to ship, nothing the CSP must
 * allow. A soft two-tone chirp every two seconds until stopped.
 */
export interface Ringtone {
  start(): void;
  stop(): void;
}

const PATTERN_MS = 2_000;

export function createRingtone(makeContext: () => AudioContext | null = defaultContext): Ringtone {
  let context: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;

  const chirp = (ctx: AudioContext): void => {
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    const start = ctx.currentTime;
    gain.gain.setValueAtTime(0, start);
    [660, 880, 660, 880].forEach((frequency, index) => {
      const at = start + index * 0.15;
      const tone = ctx.createOscillator();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      tone.connect(gain);
      gain.gain.setTargetAtTime(0.12, at, 0.01);
      gain.gain.setTargetAtTime(0, at + 0.12, 0.02);
      tone.start(at);
      tone.stop(at + 0.15);
    });
  };

  return {
    start() {
      if (timer !== undefined) return;
      context ??= makeContext();
      const ctx = context;
      if (!ctx) return;
      void ctx.resume().catch(() => undefined);
      chirp(ctx);
      timer = setInterval(() => chirp(ctx), PATTERN_MS);
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      void context?.suspend().catch(() => undefined);
    },
  };
}

function defaultContext(): AudioContext | null {
  return typeof AudioContext === 'function' ? new AudioContext() : null;
}
