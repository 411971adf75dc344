/**
 * Quitting mid-call or mid-transfer asks first ("You are in a call with Ada. Quit anyway?"), whichever
 * way the quit came: the tray's Quit, the application menu's, Cmd+Q, or the OS asking the app to quit —
 * all go through Electron's 'before-quit', which is where this module holds them. Idle, it never asks.
 *
 * It also tells the window whether a close is a real quit: closing to the tray hides the window unless
 * the app is quitting (close-to-tray.ts reads `quitting()`).
 */
import type { CallStatus } from '../../../common/ipc';
import type { AppQuitLike, DialogLike } from '../electron-api/desktop';
import type { MainStrings } from './strings';

/** The buttons' order in the dialog: Quit is 0, Cancel (the default, and Escape) is 1. */
export const QUIT_BUTTON = 0;

/** The question for this status, or null when nothing would be lost by quitting. */
export function quitQuestion(status: CallStatus, words: MainStrings): string | null {
  const names = status.peers.join(', ');
  if (status.inCall && status.transfers > 0) return words.quitInCallAndTransfers(names, status.transfers);
  if (status.inCall) return words.quitInCall(names);
  if (status.transfers > 0) return words.quitTransfers(status.transfers);
  return null;
}

export interface QuitGuardOptions {
  app: AppQuitLike;
  dialog: DialogLike;
  status: () => CallStatus;
  strings: () => MainStrings;
}

export interface QuitGuard {
  /** True once a quit is going through (confirmed, or nothing to confirm). */
  quitting(): boolean;
  dispose(): void;
}

export function createQuitGuard({ app, dialog, status, strings }: QuitGuardOptions): QuitGuard {
  let quitting = false;
  let confirmed = false;
  let asking = false;

  const onBeforeQuit = (event: { preventDefault(): void }): void => {
    const question = confirmed ? null : quitQuestion(status(), strings());
    if (question === null) {
      quitting = true;
      return;
    }
    event.preventDefault();
    if (asking) return;
    asking = true;
    const words = strings();
    void dialog
      .showMessageBox({
        type: 'question',
        title: words.quitTitle,
        message: question,
        buttons: [words.quitButton, words.cancel],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (response !== QUIT_BUTTON) return;
        confirmed = true;
        app.quit();
      })
      .finally(() => {
        asking = false;
      });
  };
  app.on('before-quit', onBeforeQuit);

  return {
    quitting: () => quitting,
    dispose() {
      // The desktop module is disposed only while the app quits: from then on no close is held.
      quitting = true;
      app.removeListener('before-quit', onBeforeQuit);
    },
  };
}
