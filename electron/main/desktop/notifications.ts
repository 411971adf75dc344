/**
 * A native notification for an incoming call, with Accept and Decline buttons. The renderer asks for it
 * (`notifyIncomingCall`) and gets the user's answer back (`onCallNotificationAction`).
 *
 * Action buttons exist on macOS (and Windows with toast XML); elsewhere the notification shows without
 * them and clicking it brings the window forward, where the in-app ringing UI answers the call. Each
 * notification is kept referenced until it closes: Electron drops the events of one that was collected.
 */
import type { CallNotificationAction, IncomingCall } from '../../../common/ipc';
import { err, ok, type Result } from '../../../common/result';
import type { NotificationClass, NotificationLike } from '../electron-api/desktop';
import { stringsFor, type MainStrings } from './strings';

export const ACTIONS = ['accept', 'decline'] as const;

export interface CallNotificationsOptions {
  Notification: NotificationClass;
  onAction: (action: CallNotificationAction) => void;
  focusWindow: () => void;
  /** The current language's words, read for each notification. */
  strings?: () => MainStrings;
}

export interface CallNotifications {
  notify(call: IncomingCall): Result<null>;
  /** Closes the call's notification once it no longer rings (answered in the app, cancelled, timed out). */
  dismiss(callId: string): Result<null>;
  dispose(): void;
}

export function createCallNotifications(options: CallNotificationsOptions): CallNotifications {
  const { Notification } = options;
  const open = new Map<string, NotificationLike>();

  return {
    notify({ callId, callerName }) {
      if (!Notification.isSupported()) {
        return err('UNAVAILABLE', 'This system cannot show notifications.');
      }
      open.get(callId)?.close();
      const words = (options.strings ?? (() => stringsFor('en')))();
      const notification = new Notification({
        title: words.incomingTitle,
        body: words.incomingBody(callerName),
        actions: [
          { type: 'button', text: words.accept },
          { type: 'button', text: words.decline },
        ],
        closeButtonText: words.decline,
        urgency: 'critical',
        timeoutType: 'never',
      });
      let answered = false;
      const answer = (action: CallNotificationAction['action']): void => {
        if (answered) return;
        answered = true;
        options.onAction({ callId, action });
      };
      notification.on('action', (_event, index) => {
        const action = ACTIONS[index];
        if (action) answer(action);
        // Accepting from the notification means the call is about to show: bring the window forward.
        if (action === 'accept') options.focusWindow();
        open.delete(callId);
      });
      notification.on('click', () => options.focusWindow());
      notification.on('close', () => {
        if (open.get(callId) === notification) open.delete(callId);
      });
      open.set(callId, notification);
      notification.show();
      return ok(null);
    },
    dismiss(callId) {
      const notification = open.get(callId);
      open.delete(callId);
      notification?.close();
      return ok(null);
    },
    dispose() {
      for (const notification of open.values()) notification.close();
      open.clear();
    },
  };
}
