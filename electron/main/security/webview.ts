/**
 * No `<webview>`. The tag is already disabled in the window's webPreferences (`webviewTag: false`); this
 * rule cancels any attach that still happens, so one flipped preference does not open a second,
 * unreviewed renderer inside ours.
 *
 * Implements Electron security checklist #12 "Verify WebView options before creation"
 * (https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation)
 * in its strictest form: no WebView is verified because none is allowed.
 */
import type { Logger } from 'pino';
import type { WebContentsLike } from '../electron-api/app';

export function blockWebviews(contents: WebContentsLike, logger: Logger): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('blocked a <webview> attach');
  });
}
