import { describe, expect, it, vi } from 'vitest';
import type { CallNotificationAction } from '../../../common/ipc';
import { createCallNotifications } from '../../../electron/main/desktop/notifications';
import { createFakeElectron } from '../../fakes/electron';

function setup() {
  const { Notification } = createFakeElectron();
  const actions: CallNotificationAction[] = [];
  const focusWindow = vi.fn();
  const notifications = createCallNotifications({
    Notification,
    onAction: (a) => actions.push(a),
    focusWindow,
  });
  return { Notification, notifications, actions, focusWindow };
}

describe('incoming call notifications', () => {
  it('shows who calls, with Accept and Decline buttons', () => {
    const { Notification, notifications } = setup();
    expect(notifications.notify({ callId: 'c1', callerName: 'Ada' })).toEqual({ ok: true, data: null });
    const [shown] = Notification.created;
    expect(shown?.shown).toBe(true);
    expect(shown?.options.body).toBe('Ada is calling you.');
    expect(shown?.options.actions?.map((action) => action.text)).toEqual(['Accept', 'Decline']);
  });

  it('reports the button pressed, once, with the call id', () => {
    const { Notification, notifications, actions } = setup();
    notifications.notify({ callId: 'c1', callerName: 'Ada' });
    notifications.notify({ callId: 'c2', callerName: 'Bob' });
    Notification.created[0]?.emit('action', {}, 0);
    Notification.created[1]?.emit('action', {}, 1);
    Notification.created[1]?.emit('action', {}, 0);
    expect(actions).toEqual([
      { callId: 'c1', action: 'accept' },
      { callId: 'c2', action: 'decline' },
    ]);
  });

  it('brings the window forward on a click without answering', () => {
    const { Notification, notifications, actions, focusWindow } = setup();
    notifications.notify({ callId: 'c1', callerName: 'Ada' });
    Notification.created[0]?.emit('click');
    expect(focusWindow).toHaveBeenCalledOnce();
    expect(actions).toEqual([]);
  });

  it('answers UNAVAILABLE where the system has no notifications', () => {
    const { Notification, notifications } = setup();
    Notification.supported = false;
    expect(notifications.notify({ callId: 'c1', callerName: 'Ada' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
    expect(Notification.created).toHaveLength(0);
  });

  it('closes open notifications on dispose', () => {
    const { Notification, notifications } = setup();
    notifications.notify({ callId: 'c1', callerName: 'Ada' });
    notifications.dispose();
    expect(Notification.created[0]?.closed).toBe(true);
  });

  it('closes the notification of a call that stopped ringing, and only that one', () => {
    const { Notification, notifications } = setup();
    notifications.notify({ callId: 'c1', callerName: 'Ada' });
    notifications.notify({ callId: 'c2', callerName: 'Bob' });
    expect(notifications.dismiss('c1')).toEqual({ ok: true, data: null });
    expect(Notification.created[0]?.closed).toBe(true);
    expect(Notification.created[1]?.closed).toBeFalsy();
    expect(notifications.dismiss('unknown')).toEqual({ ok: true, data: null });
  });

  it('accepting from the notification brings the window forward for the call', () => {
    const { Notification, notifications, focusWindow } = setup();
    notifications.notify({ callId: 'c1', callerName: 'Ada' });
    Notification.created[0]?.emit('action', {}, 0);
    expect(focusWindow).toHaveBeenCalledOnce();
  });
});
