/**
 * Screen capture: `desktopCapturer` (the sources our picker lists) and the `getDisplayMedia` request the
 * session hands main to grant. See app.ts for why these are narrow structural types.
 */
import type { FrameLike } from './app';

/** What the display-media handler reads from a `getDisplayMedia` request. */
export interface DisplayMediaRequest {
  readonly frame: FrameLike | null;
  readonly videoRequested: boolean;
  readonly audioRequested: boolean;
}

/** The streams granted to `getDisplayMedia`; `{}` denies the request. */
export interface DisplayMediaStreams {
  video?: { id: string; name: string };
  /** 'loopback': the system's audio output (Windows only). */
  audio?: 'loopback';
}

export type DisplayMediaRequestHandler = (
  request: DisplayMediaRequest,
  callback: (streams: DisplayMediaStreams) => void,
) => void;

export interface NativeImageLike {
  isEmpty(): boolean;
  toDataURL(): string;
}

export interface DesktopCapturerSourceLike {
  readonly id: string;
  readonly name: string;
  readonly display_id: string;
  readonly thumbnail: NativeImageLike;
  /** Typed non-null by Electron, but documented as null for screens and when icons were not fetched. */
  readonly appIcon: NativeImageLike | null;
}

export interface GetSourcesOptions {
  types: Array<'screen' | 'window'>;
  thumbnailSize?: { width: number; height: number };
  fetchWindowIcons?: boolean;
}

export interface DesktopCapturerLike {
  getSources(options: GetSourcesOptions): Promise<DesktopCapturerSourceLike[]>;
}
