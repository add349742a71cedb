import { describe, expect, it } from 'vitest';
import type { ContractEvents, EventName, HeadroomApi } from '../../electron/contract';
import type { Notice } from '../../electron/core/notify/notice';
import { startNotifier } from '../../electron/shell/notifier';
import { fakeNotificationClass } from '../support/electron-fakes/notification';

/** The service's events, as far as the notifier listens: `emit` plays one. */
function fakeEvents() {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const events: Pick<HeadroomApi, 'on'> = {
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void) {
      const forEvent = listeners.get(event) ?? new Set();
      forEvent.add(listener);
      listeners.set(event, forEvent);
      return () => void forEvent.delete(listener);
    },
  };
  const emit = <E extends EventName>(event: E, payload: ContractEvents[E]) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: ContractEvents[E]) => void)(payload);
  };
  const listening = () => [...listeners.values()].reduce((count, set) => count + set.size, 0);
  return { events, emit, listening };
}

const throttled: Notice = {
  kind: 'throttled',
  title: 'Autotask calls are asleep',
  body: 'Tenant usage 9,012 / 10,000 (90%).',
};
const resumed: Notice = { kind: 'resumed', title: 'Autotask calls resumed', body: 'Usage is down to 69%.' };

function started(supported = true) {
  const { events, emit, listening } = fakeEvents();
  const { Notification, made } = fakeNotificationClass(supported);
  let opened = 0;
  const notifier = startNotifier({ events, Notification, onClick: () => (opened += 1) });
  return { notifier, emit, listening, made, opened: () => opened };
}

describe('the notifier', () => {
  it('shows one native notification per notice, with its title and body', () => {
    const { emit, made } = started();
    emit('notice', throttled);
    emit('notice', resumed);
    expect(made.map((notification) => [notification.options.title, notification.options.body])).toEqual([
      [throttled.title, throttled.body],
      [resumed.title, resumed.body],
    ]);
    expect(made.every((notification) => notification.shown)).toBe(true);
  });

  it('says good news quietly and bad news with the platform’s sound', () => {
    const { emit, made } = started();
    emit('notice', throttled);
    emit('notice', resumed);
    expect(made.map((notification) => notification.options.silent)).toEqual([false, true]);
  });

  it('shows nothing for other events', () => {
    const { emit, made } = started();
    emit('snapshotChanged', {} as ContractEvents['snapshotChanged']);
    expect(made).toEqual([]);
  });

  it('opens the popover when a notification is clicked', () => {
    const { emit, made, opened } = started();
    emit('notice', throttled);
    made[0]?.emit('click');
    expect(opened()).toBe(1);
  });

  it('holds each notification until it is closed, clicked or has failed, then lets it go', () => {
    const { notifier, emit, made } = started();
    emit('notice', throttled);
    emit('notice', resumed);
    emit('notice', throttled);
    expect(notifier.held()).toBe(3);
    made[0]?.emit('close');
    expect(notifier.held()).toBe(2);
    made[1]?.emit('click');
    expect(notifier.held()).toBe(1);
    made[2]?.emit('failed');
    expect(notifier.held()).toBe(0);
  });

  it('stops listening when stopped, and a late click opens nothing', () => {
    const { notifier, emit, made, listening, opened } = started();
    emit('notice', throttled);
    notifier.stop();
    expect(listening()).toBe(0);
    emit('notice', resumed);
    made[0]?.emit('click');
    expect(made).toHaveLength(1);
    expect(opened()).toBe(0);
    expect(notifier.held()).toBe(0);
  });

  it('shows nothing, and says nothing, where notifications are not supported', () => {
    const { notifier, emit, made, listening } = started(false);
    emit('notice', throttled);
    expect(made).toEqual([]);
    expect(listening()).toBe(0);
    expect(() => notifier.stop()).not.toThrow();
  });
});
