/**
 * The one definition of "trusted" shared by IPC, permissions, display capture, navigation and CSP: the
 * origin of the URL the main window actually loaded (the embedded server, or the dev server in dev).
 */
import { APP_SCHEME } from '../app-origin';
import type { FrameLike, IpcInvokeEventLike } from '../electron-api/app';

/**
 * Serialised origin of a URL, or null when it has none worth trusting. Opaque origins (`file:`,
 * `data:`, `about:blank`) serialise as the string "null"; treating that as a value would make every
 * opaque page equal to every other, so it maps to null and never matches a trusted origin.
 *
 * The app's own scheme (app-protocol.ts) is the exception: Node's URL does not know Electron registered
 * it as standard and calls its origin opaque too, while Chromium gives it a real one, `nearcast-app://app`.
 */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host ? `${APP_SCHEME}://${parsed.host}` : null;
    const origin = parsed.origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Whether a frame is a top-level frame showing our origin. Subframes are refused even on our origin:
 * the app never embeds frames, so one existing means something was injected.
 */
export function isTrustedFrame(frame: FrameLike | null | undefined, trustedOrigin: string): boolean {
  return frame != null && frame.parent === null && originOf(frame.url) === trustedOrigin;
}

/**
 * Builds the IPC sender check: the event must come from one of our windows' WebContents (not a devtools
 * or stray contents), from its main frame, showing the trusted origin.
 */
export function trustedSenderCheck(
  trustedOrigin: string,
  isOurContents: (sender: object) => boolean,
): (event: IpcInvokeEventLike) => boolean {
  return (event) => isOurContents(event.sender) && isTrustedFrame(event.senderFrame, trustedOrigin);
}
