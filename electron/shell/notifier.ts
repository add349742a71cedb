/**
 * Native notifications: each `notice` event of the contract becomes one, as it comes. What is said and when
 * (throttled, back to sleep, resumed, connection lost, credentials rejected; de-duplicated, never a storm) is
 * already decided by the service's notification policy, so nothing is filtered or delayed here.
 *
 * Written against the few Notification members it uses, injected, so it is tested in plain Node.
 */
import type { HeadroomApi } from '../contract';
import type { Notice } from '../core/notify/notice';

/** The members of one Electron Notification the notifier uses. */
export interface ShownNotification {
  show(): void;
  /** 'failed' (Windows): the notification could not be shown, and will never be clicked or closed. */
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
}

/** Electron's Notification class, as far as the notifier uses it. */
export interface NotificationClass {
  new (options: { title: string; body: string; silent?: boolean }): ShownNotification;
  isSupported(): boolean;
}

export interface NotifierOptions {
  events: Pick<HeadroomApi, 'on'>;
  Notification: NotificationClass;
  /** A click on a notification: open the popover, where the figures behind it are. */
  onClick: () => void;
}

export interface Notifier {
  /** No more notifications; a click on one still on screen opens nothing. */
  stop(): void;
  /** How many notifications are held for their clicks: for tests and diagnostics. */
  held(): number;
}

/** Starts showing each notice as a native notification. */
export function startNotifier({ events, Notification, onClick }: NotifierOptions): Notifier {
  // No notification service (some Linux desktops without a notification daemon): the popover and tray still tell.
  if (!Notification.isSupported()) return { stop: () => {}, held: () => 0 };

  // A notification nothing refers to is garbage-collected, and on some platforms its click is lost with it: each one
  // is held until it is clicked, closed or has failed.
  const onScreen = new Set<ShownNotification>();
  let stopped = false;

  function show(notice: Notice): void {
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      // Good news is worth reading, not worth a sound.
      silent: notice.kind === 'resumed',
    });
    const forget = (): void => {
      onScreen.delete(notification);
    };
    notification.on('click', () => {
      forget();
      if (!stopped) onClick();
    });
    notification.on('close', forget);
    notification.on('failed', forget);
    onScreen.add(notification);
    notification.show();
  }

  const unsubscribe = events.on('notice', show);
  return {
    stop: () => {
      // After a stop the popover may be gone: a late click opens nothing.
      stopped = true;
      unsubscribe();
      onScreen.clear();
    },
    held: () => onScreen.size,
  };
}
