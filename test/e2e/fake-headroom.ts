/**
 * A stand-in for the main process in the browser: `window.headroom` answers every method of the contract from a
 * scenario (test/e2e/scenarios.ts), so the popover can be tested and pictured in every state without a tenant.
 * `window.__headroomFake` lets a test move it to another state and see what the UI asked for.
 */
import type { Page } from '@playwright/test';
import type {
  ConnectionSettingsView,
  ConnectionTest,
  ContractEvents,
  EventName,
  HeadroomApi,
  MethodName,
  NotificationPreferences,
  Snapshot,
} from '../../electron/contract';
import type { ThrottleSettings } from '../../electron/core/settings/throttle-settings';
import type { HourRow } from '../../electron/core/usage/history-snapshot';

/** What the fake answers from: plain data, as it crosses into the page as JSON. */
export interface FakeData {
  snapshot: Snapshot;
  thresholds: ThrottleSettings;
  connection: ConnectionSettingsView;
  notifications: NotificationPreferences;
  /** Oldest first; usageHistory({ hours }) answers the last `hours` rows. */
  history: HourRow[];
  /** Absent: a test that succeeds with the snapshot's figures. */
  connectionTest?: ConnectionTest;
}

export interface FakeCall {
  method: MethodName;
  request: unknown;
}

/** What a test reaches in the page as `window.__headroomFake`. */
export interface FakeControl {
  /** Makes `snapshot` the current one and tells every snapshotChanged listener. */
  push(snapshot: Snapshot): void;
  /** Tells every `notice` listener. */
  notice(notice: ContractEvents['notice']): void;
  /** Every method called, in order, with its request. */
  calls: FakeCall[];
}

type FakeWindow = Window & { headroom: HeadroomApi; __headroomFake: FakeControl };

/** Defines `window.headroom` before the page's own scripts run, on this and every later navigation of the page. */
export async function installFakeHeadroom(page: Page, scenario: FakeData): Promise<void> {
  const data: FakeData = {
    snapshot: scenario.snapshot,
    thresholds: scenario.thresholds,
    connection: scenario.connection,
    notifications: scenario.notifications,
    history: scenario.history,
    ...(scenario.connectionTest ? { connectionTest: scenario.connectionTest } : {}),
  };
  // Under tsx (the screenshots and the bench) functions keep their names through a helper `__name`, which a
  // function serialised into the page calls but the page does not have; Playwright's own compiler adds none.
  await page.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
  await page.addInitScript(defineFakeHeadroom, data);
}

/** Moves the page's fake to `snapshot`, as a snapshotChanged event from the main process would. */
export async function pushSnapshot(page: Page, snapshot: Snapshot): Promise<void> {
  await page.evaluate((next) => (window as unknown as FakeWindow).__headroomFake.push(next), snapshot);
}

/** The methods the UI has called so far, with their requests. */
export function fakeCalls(page: Page): Promise<FakeCall[]> {
  return page.evaluate(() => (window as unknown as FakeWindow).__headroomFake.calls);
}

/**
 * Runs in the page (serialised by addInitScript): it may use nothing from this module but types.
 */
function defineFakeHeadroom(data: FakeData): void {
  let current = data.snapshot;
  let thresholds = data.thresholds;
  let connection = data.connection;
  let notifications = data.notifications;
  const calls: FakeCall[] = [];
  const listeners: { [E in EventName]: Set<(payload: ContractEvents[E]) => void> } = {
    snapshotChanged: new Set(),
    notice: new Set(),
  };
  // Copies, as the real transports (structured clone, JSON) give: the UI cannot change the fake's state in place.
  const answer = <T>(method: MethodName, request: unknown, value: T): Promise<T> => {
    calls.push({ method, request: request === undefined ? undefined : structuredClone(request) });
    return Promise.resolve(structuredClone(value));
  };
  const emit = <E extends EventName>(event: E, payload: ContractEvents[E]) => {
    for (const listener of [...listeners[event]]) listener(structuredClone(payload));
  };

  const api = {
    snapshot: () => answer('snapshot', undefined, current),
    wakeUp: () => answer('wakeUp', undefined, { woken: current.wake.available, state: current.state }),
    getThresholds: () => answer('getThresholds', undefined, thresholds),
    updateThresholds: (request) => {
      thresholds = request;
      return answer('updateThresholds', request, { ok: true as const, value: request });
    },
    checkThresholds: (request) => answer('checkThresholds', request, []),
    getConnection: () => answer('getConnection', undefined, connection),
    updateConnection: (request) => {
      const { autotaskBaseUrl, username, integrationCode } = request;
      const secretStored = connection.secretStored || (request.secret !== undefined && request.secret !== '');
      connection = { ...connection, autotaskBaseUrl, username, integrationCode, secretStored };
      return answer('updateConnection', request, { ok: true as const, value: connection });
    },
    testConnection: (request) => {
      const usage = current.usage;
      const figures = usage.known
        ? { used: usage.used, limit: usage.limit, timeframeMinutes: usage.timeframeMinutes }
        : { used: 0, limit: 10_000, timeframeMinutes: 60 };
      return answer('testConnection', request, data.connectionTest ?? { ok: true as const, ...figures });
    },
    usageHistory: (request) => answer('usageHistory', request, data.history.slice(-Math.max(1, request.hours))),
    gatewayStats: () => answer('gatewayStats', undefined, current.gateway),
    getNotifications: () => answer('getNotifications', undefined, notifications),
    updateNotifications: (request) => {
      if ('pauseForMinutes' in request) {
        notifications = { ...notifications, pausedUntil: Date.now() + request.pauseForMinutes * 60_000 };
      } else if ('resume' in request) {
        notifications = { enabled: notifications.enabled };
      } else {
        notifications = { ...notifications, enabled: request.enabled };
      }
      return answer('updateNotifications', request, { ok: true as const, value: notifications });
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      const set = listeners[event] as Set<(payload: ContractEvents[E]) => void>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  } satisfies HeadroomApi;

  const control: FakeControl = {
    push(snapshot) {
      current = snapshot;
      emit('snapshotChanged', snapshot);
    },
    notice(notice) {
      emit('notice', notice);
    },
    calls,
  };
  const page = window as unknown as FakeWindow;
  page.headroom = api;
  page.__headroomFake = control;
}
