/**
 * Who is speaking, from audio levels (0..1, as getStats reports them). A voice must rise above a floor
 * to count, and the highlight moves only when someone else has been louder for a moment, so it does
 * not flicker between people talking over each other or on a cough.
 */
export const SPEAKING_LEVEL = 0.04;
/** How long another voice must lead before the highlight moves to it. */
export const SWITCH_AFTER_MS = 600;
/** How long after the last sound the highlight stays. */
export const HOLD_MS = 1_500;

export class SpeakerDetector {
  active: string | null = null;
  private candidate: string | null = null;
  private candidateSince = 0;
  private lastHeard = 0;

  /** Feeds one sample per participant; returns the id to highlight (or null when nobody speaks). */
  update(levels: ReadonlyMap<string, number>, now: number): string | null {
    let loudest: string | null = null;
    let best = SPEAKING_LEVEL;
    for (const [id, level] of levels) {
      if (level >= best) {
        best = level;
        loudest = id;
      }
    }
    if (loudest === null) {
      this.candidate = null;
      if (this.active !== null && now - this.lastHeard > HOLD_MS) this.active = null;
      return this.active;
    }
    if (loudest === this.active || this.active === null) {
      this.active = loudest;
      this.candidate = null;
      this.lastHeard = now;
      return this.active;
    }
    if (this.candidate !== loudest) {
      this.candidate = loudest;
      this.candidateSince = now;
    } else if (now - this.candidateSince >= SWITCH_AFTER_MS) {
      this.active = loudest;
      this.candidate = null;
      this.lastHeard = now;
    }
    return this.active;
  }

  forget(id: string): void {
    if (this.active === id) this.active = null;
    if (this.candidate === id) this.candidate = null;
  }
}

/** The audio level a peer connection reports: what we receive, or with `outgoing` what we send. */
export async function audioLevelOf(pc: RTCPeerConnection, outgoing = false): Promise<number> {
  const report = await pc.getStats();
  let level = 0;
  report.forEach((stat: { type: string; kind?: string; audioLevel?: number }) => {
    const wanted = outgoing ? 'media-source' : 'inbound-rtp';
    if (stat.type === wanted && stat.kind === 'audio' && typeof stat.audioLevel === 'number') {
      level = Math.max(level, stat.audioLevel);
    }
  });
  return level;
}
