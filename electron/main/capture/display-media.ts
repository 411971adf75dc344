/**
 * Screen sharing without Chromium's picker: the renderer shows our picker, tells main which source the
 * user chose (`capture:select-source-with`), then calls `getDisplayMedia()`. This module answers that call
 * with exactly the chosen source and nothing else.
 *
 * The choice is single-use and short-lived so a later, unrelated `getDisplayMedia()` (say, from script
 * injected into the page long after the user picked) cannot silently reuse it. The source is re-checked
 * against a fresh `desktopCapturer.getSources()` list at grant time, because windows close between the
 * pick and the request.
 */
import type { Logger } from 'pino';
import type { CaptureOptions } from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';
import type {
  DesktopCapturerLike,
  DesktopCapturerSourceLike,
  DisplayMediaRequest,
  DisplayMediaStreams,
} from '../electron-api/capture';
import type { SessionLike } from '../electron-api/session';
import { isTrustedFrame } from '../security/trust';
import { kindOfSourceId } from './capture-sources';

/** Long enough for the renderer to call getDisplayMedia right after the pick, short enough to go stale. */
export const SELECTION_TTL_MS = 30_000;

const DENY: DisplayMediaStreams = {};

export interface DisplayMediaOptions {
  session: Pick<SessionLike, 'setDisplayMediaRequestHandler'>;
  desktopCapturer: DesktopCapturerLike;
  trustedOrigin: string;
  /** Whether the OS can capture its audio output with a screen (Windows loopback). */
  loopbackAudio?: boolean;
  logger: Logger;
  /** Injected so tests can move time. */
  now?: () => number;
  selectionTtlMs?: number;
  /** Told of every source granted, e.g. so the overlay covers the shared display. */
  onGranted?: (source: DesktopCapturerSourceLike) => void;
}

export interface DisplayMedia {
  /** Installs the session's display-media request handler. */
  enable(): void;
  /** Removes the handler and forgets any pending choice. */
  dispose(): void;
  /**
   * Remembers the user's choice for the next getDisplayMedia call; refuses ids that do not exist now.
   * `systemAudio` adds the system's audio output where the OS supports loopback (ignored elsewhere).
   */
  select(sourceId: string, options: CaptureOptions): Promise<Result<null>>;
}

interface Selection {
  id: string;
  at: number;
  systemAudio: boolean;
}

export function createDisplayMedia(options: DisplayMediaOptions): DisplayMedia {
  const { session, desktopCapturer, trustedOrigin } = options;
  const log = options.logger.child({ name: 'main:display-media' });
  const now = options.now ?? Date.now;
  const ttl = options.selectionTtlMs ?? SELECTION_TTL_MS;
  let selection: Selection | null = null;

  /** A fresh lookup; thumbnails are skipped (size 0) because only the id and name are needed. */
  async function findSource(id: string): Promise<DesktopCapturerSourceLike | null> {
    const kind = kindOfSourceId(id);
    if (!kind) return null;
    const sources = await desktopCapturer.getSources({
      types: [kind],
      thumbnailSize: { width: 0, height: 0 },
    });
    return sources.find((source) => source.id === id) ?? null;
  }

  /** Takes the pending choice, whatever happens next: one pick, one grant attempt. */
  function consumeSelection(): Selection | null {
    const taken = selection;
    selection = null;
    if (taken && now() - taken.at > ttl) {
      log.info('the picked source expired before getDisplayMedia was called');
      return null;
    }
    return taken;
  }

  async function decide(request: DisplayMediaRequest): Promise<DisplayMediaStreams> {
    // An untrusted frame does not consume the user's pick: it was never meant for it.
    if (!isTrustedFrame(request.frame, trustedOrigin)) {
      log.warn('denied getDisplayMedia from an untrusted frame');
      return DENY;
    }
    const picked = consumeSelection();
    if (!picked) {
      log.info('denied getDisplayMedia: no source picked');
      return DENY;
    }
    const source = await findSource(picked.id);
    if (!source) {
      log.info('denied getDisplayMedia: the picked source is gone');
      return DENY;
    }
    const video = { id: source.id, name: source.name };
    options.onGranted?.(source);
    // Chromium rejects a grant with audio the page did not ask for, so loopback needs both.
    const audio = picked.systemAudio && options.loopbackAudio === true && request.audioRequested;
    return audio ? { video, audio: 'loopback' } : { video };
  }

  return {
    enable() {
      session.setDisplayMediaRequestHandler((request, callback) => {
        void decide(request)
          .catch((error: unknown) => {
            log.error({ err: error }, 'display-media lookup failed');
            return DENY;
          })
          .then((streams) => {
            try {
              callback(streams);
            } catch (error) {
              // Electron throws when the requesting frame was destroyed meanwhile; nothing to answer.
              log.warn({ err: error }, 'could not answer getDisplayMedia');
            }
          });
      });
    },
    dispose() {
      session.setDisplayMediaRequestHandler(null);
      selection = null;
    },
    async select(sourceId, selectOptions) {
      selection = null;
      if (!(await findSource(sourceId))) return err('SOURCE_NOT_FOUND');
      selection = { id: sourceId, at: now(), systemAudio: selectOptions.systemAudio };
      return ok(null);
    },
  };
}
