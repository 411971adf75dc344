/**
 * The "Auto" screen-share preset: text until the screen keeps moving, motion until it keeps still.
 * Screen capture only delivers a frame when something on screen changed, so the captured frame rate
 * (media-source framesPerSecond of our screen sender) measures motion directly. Fed one sample a
 * second by ScreenQuality; pure, so it is tested on made-up samples.
 */
import type { ScreenMode } from './quality';

/** Frames per second of captured screen at or above which the picture counts as moving. */
export const MOTION_FPS = 12;
/** Frames per second at or below which it counts as still again. */
export const STILL_FPS = 5;
/** Consecutive moving samples (one a second) before Auto switches to motion: a scroll is not a video. */
export const SAMPLES_TO_MOTION = 3;
/** Consecutive still samples before Auto switches back to text: a paused video may resume. */
export const SAMPLES_TO_TEXT = 10;

export interface AutoState {
  mode: ScreenMode;
  /** Consecutive samples pointing away from the current mode. */
  streak: number;
}

export const AUTO_START: AutoState = { mode: 'text', streak: 0 };

/**
 * One step of the Auto preset. Different thresholds and sample counts in each direction (hysteresis)
 * keep it from flapping. A null rate (no measurement) changes nothing.
 */
export function nextAutoState(state: AutoState, sourceFps: number | null): AutoState {
  if (sourceFps === null) return state;
  const away = state.mode === 'text' ? sourceFps >= MOTION_FPS : sourceFps <= STILL_FPS;
  if (!away) return { mode: state.mode, streak: 0 };
  const streak = state.streak + 1;
  const needed = state.mode === 'text' ? SAMPLES_TO_MOTION : SAMPLES_TO_TEXT;
  if (streak < needed) return { mode: state.mode, streak };
  return { mode: state.mode === 'text' ? 'motion' : 'text', streak: 0 };
}

/** The Auto controller: captured-frame-rate samples in, the mode to send in now out. */
export class AutoQuality {
  private state: AutoState = AUTO_START;

  get mode(): ScreenMode {
    return this.state.mode;
  }

  /** Takes one sample (null when there was nothing to measure) and answers the mode to use now. */
  feed(sourceFps: number | null): ScreenMode {
    this.state = nextAutoState(this.state, sourceFps);
    return this.state.mode;
  }

  /** A new share starts as text again, whatever the last one ended on. */
  reset(): void {
    this.state = AUTO_START;
  }
}
