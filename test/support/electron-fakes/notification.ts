import type { ShownNotification } from '../../../electron/shell/notifier';

/** Electron's Notification class, faked: every one made is kept for the test to click or close. */
export function fakeNotificationClass(supported = true) {
  const made: FakeNotification[] = [];
  class FakeNotification implements ShownNotification {
    readonly listeners = new Map<string, (() => void)[]>();
    shown = false;
    constructor(readonly options: { title: string; body: string; silent?: boolean }) {
      made.push(this);
    }
    static isSupported() {
      return supported;
    }
    show() {
      this.shown = true;
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: 'click' | 'close' | 'failed') {
      for (const listener of this.listeners.get(event) ?? []) listener();
    }
  }
  return { Notification: FakeNotification, made };
}
