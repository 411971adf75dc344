/**
 * A call ringing while this browser tab is in the background: the tab's title says who is calling,
 * and, where the user allowed notifications, a system notification does too (clicking it brings the
 * tab forward, where the call waits to be answered). Both go away when the ring ends. A LAN guest on
 * plain http has no notifications (secure contexts only) and still gets the title. The desktop app has
 * its own notifications from the main process, with Answer and Decline.
 */
import { onBeforeUnmount, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { injectServices } from '../services';
import { useCallsStore } from '../stores/calls';

/** The browser's notifications where it has them and the user allowed them; null otherwise. */
function allowedNotifications(): typeof Notification | null {
  if (typeof Notification === 'undefined') return null;
  return Notification.permission === 'granted' ? Notification : null;
}

export function useBackgroundRing(): void {
  const { platform } = injectServices();
  if (platform.desktop) return;
  const { t } = useI18n();
  const calls = useCallsStore();
  let notification: Notification | null = null;
  let titleBefore: string | null = null;

  function quiet(): void {
    notification?.close();
    notification = null;
    if (titleBefore !== null) document.title = titleBefore;
    titleBefore = null;
  }

  watch(
    () => calls.ringingNow,
    (ring) => {
      quiet();
      if (!ring || !document.hidden) return;
      const calling = t('incoming.calling', { name: ring.from.name });
      titleBefore = document.title;
      document.title = t('incoming.tabTitle', { calling, app: titleBefore });
      const Notifications = allowedNotifications();
      if (!Notifications) return;
      notification = new Notifications(calling, { tag: ring.callId, requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        notification?.close();
      };
    },
  );
  onBeforeUnmount(quiet);
}
