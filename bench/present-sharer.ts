/**
 * Why the sharer's browser works harder in one step than in another: its video encoder's own figures
 * (getStats outbound-rtp, one per simulcast layer of every connection), and what the forwarding unit
 * asked of it (`/metrics`). Read before and after each measurement window of `npm run bench:present`;
 * the counters are printed as what happened during the window.
 */
import type { Page } from 'playwright-core';

/** One outbound video stream of the sharer (a simulcast layer, or a mesh link's only stream). */
export interface LayerSample {
  /** Which connection (in creation order), rid and SSRC: `2:h:1234`, `0::5678` for a mesh link. */
  key: string;
  active: boolean;
  width: number;
  height: number;
  fps: number;
  limitation: string | null;
  implementation: string | null;
  keyFrames: number;
  frames: number;
  pli: number;
  fir: number;
  nack: number;
  retransmitted: number;
  encodeSeconds: number;
  bytes: number;
}

/** Reads every outbound video stream of the page (installBench keeps the page's connections). */
export async function sharerLayers(page: Page): Promise<LayerSample[]> {
  return page.evaluate(async () => {
    const samples: LayerSample[] = [];
    for (const [index, pc] of window.__bench.connections.entries()) {
      if (pc.connectionState === 'closed') continue;
      const all = [...(await pc.getStats()).values()] as Record<string, unknown>[];
      for (const rtp of all) {
        if (rtp.type !== 'outbound-rtp' || rtp.kind !== 'video') continue;
        const num = (key: string): number => (typeof rtp[key] === 'number' ? rtp[key] : 0);
        const text = (key: string): string | null => (typeof rtp[key] === 'string' ? rtp[key] : null);
        samples.push({
          key: `${index}:${text('rid') ?? ''}:${num('ssrc')}`,
          active: rtp.active !== false,
          width: num('frameWidth'),
          height: num('frameHeight'),
          fps: num('framesPerSecond'),
          limitation: text('qualityLimitationReason'),
          implementation: text('encoderImplementation'),
          keyFrames: num('keyFramesEncoded'),
          frames: num('framesEncoded'),
          pli: num('pliCount'),
          fir: num('firCount'),
          nack: num('nackCount'),
          retransmitted: num('retransmittedPacketsSent'),
          encodeSeconds: num('totalEncodeTime'),
          bytes: num('bytesSent'),
        });
      }
    }
    return samples;
  });
}

/**
 * One line per layer: its state at the end, and its counters' growth since `before`. Streams that
 * sent nothing and heard no keyframe request meanwhile (a mesh link's, once the room is forwarded)
 * are left out.
 */
export function describeLayers(before: LayerSample[], after: LayerSample[], seconds: number): string[] {
  const sent = after.filter((layer) => {
    const was = before.find((b) => b.key === layer.key);
    // A layer that sent nothing but was asked for keyframes is shown too: the unit's count includes it.
    return layer.bytes > (was?.bytes ?? 0) || layer.pli + layer.fir > (was?.pli ?? 0) + (was?.fir ?? 0);
  });
  return sent.map((layer) => {
    const was = before.find((b) => b.key === layer.key);
    const grew = (key: keyof LayerSample) => Number(layer[key]) - Number(was?.[key] ?? 0);
    return (
      `  sharer layer ${layer.key} ${layer.active ? 'active' : 'inactive'}: ${layer.width}x${layer.height} ` +
      `${layer.fps} fps, ${layer.implementation ?? '?'}, limited by ${layer.limitation ?? '?'}; ` +
      `in ${seconds.toFixed(1)} s: ${grew('frames')} frames, ${grew('keyFrames')} keyframes, ` +
      `${grew('pli')} PLI, ${grew('fir')} FIR, ${grew('nack')} NACK, ${grew('retransmitted')} resent, ` +
      `${(grew('encodeSeconds') * 1000).toFixed(0)} ms encoding, ${((grew('bytes') * 8) / seconds / 1000).toFixed(0)} kbit/s`
    );
  });
}

/** The unit's counters from the server's `/metrics` (an open server answers loopback without a token). */
export async function unitCounters(serverUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', serverUrl))).text();
  const counters: Record<string, number> = {};
  // A labelled counter (`…_dropped_total{reason="not-connected"}`) gives one figure per label.
  for (const match of text.matchAll(/^nearcast_unit_(\w+?)(?:_total)?(?:\{reason="([\w-]+)"\})? (\S+)$/gm))
    counters[match[2] ? `${match[1]!} ${match[2]}` : match[1]!] = Number(match[3]);
  return counters;
}

/**
 * The unit's counters that grew during the window, as one line. `keyframe requests` counts PLIs the
 * unit wrote to publishers, to set against the sharer's PLI count; `dropped` ones never went out;
 * `stale packets`, what the unit read too late to forward (it was behind).
 */
export function describeUnit(before: Record<string, number>, after: Record<string, number>): string {
  const grown = Object.keys(after)
    .filter((key) => /keyframe|retransmission|nack|stale/.test(key))
    .map((key) => `${after[key]! - (before[key] ?? 0)} ${key.replaceAll('_', ' ')}`)
    .filter((text) => !/^0 .*dropped/.test(text));
  return `  unit in the window: ${grown.join(', ') || 'no figures'}`;
}
