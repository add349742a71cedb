import type {
  ConnectionSettingsView,
  ConnectionUpdate,
  ContractEvents,
  ContractHandlers,
  EventName,
  MethodName,
  NotificationPreferences,
  NotificationUpdate,
  RequestOf,
  Snapshot,
  WakeOutcome,
} from '../../electron/contract';
import type { SettingsProblem } from '../../electron/core/settings/problems';
import { defaultThrottleSettings, type ThrottleSettings } from '../../electron/core/settings/throttle-settings';
import type { HourRow } from '../../electron/core/usage/history-snapshot';
import { HOUR_MS } from '../../electron/core/usage/history-snapshot';
import { InvalidRequestError } from '../../electron/service/request-error';

/** What the fake keeps as its API secret: no answer of the host may ever carry it. */
export const fakeSecret = 'fake-secret-Zq81xW-never-to-be-shown';

export const fakeNow = Date.UTC(2026, 0, 5, 9, 30, 0);

/**
 * A stand-in for the Headroom service, for testing the HTTP transport alone: it answers every method from plain
 * state, records what it was asked, and lets a test emit events, hold the snapshot, or make a method throw.
 */
export class FakeHeadroom implements ContractHandlers {
  readonly calls: { method: MethodName; request: unknown }[] = [];
  current: Snapshot = aSnapshot();
  hours: HourRow[] = [anHourRow(fakeNow)];
  /** This method throws an error that names the secret, as a careless bug might. */
  failing: MethodName | undefined;
  private thresholds: ThrottleSettings = { ...defaultThrottleSettings };
  private connection = {
    autotaskBaseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
    username: 'api@example.com',
    integrationCode: 'ABC123',
    secret: fakeSecret,
  };
  private notifications: NotificationPreferences = { enabled: true };
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private heldSnapshot: { asked: () => void; release: Promise<void> } | undefined;

  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    if (event === 'snapshotChanged') this.current = payload as Snapshot;
    for (const listener of this.listeners.get(event) ?? []) (listener as (payload: ContractEvents[E]) => void)(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /**
   * The next snapshot() answers only once `release` settles, with the snapshot current when it was asked (as a
   * slow read would); `asked` resolves when the host has asked.
   */
  holdNextSnapshot(release: Promise<void>): Promise<void> {
    return new Promise((asked) => (this.heldSnapshot = { asked, release }));
  }

  async snapshot(): Promise<Snapshot> {
    const answer = this.record('snapshot', undefined, structuredClone(this.current));
    const held = this.heldSnapshot;
    this.heldSnapshot = undefined;
    if (held) {
      held.asked();
      await held.release;
    }
    return answer;
  }

  async wakeUp(): Promise<WakeOutcome> {
    return this.record('wakeUp', undefined, { woken: true, state: this.current.state });
  }

  async getThresholds(): Promise<ThrottleSettings> {
    return this.record('getThresholds', undefined, this.thresholds);
  }

  async updateThresholds(request: ThrottleSettings) {
    this.thresholds = request;
    return this.record('updateThresholds', request, { ok: true as const, value: request });
  }

  async checkThresholds(request: ThrottleSettings): Promise<SettingsProblem[]> {
    return this.record('checkThresholds', request, []);
  }

  async getConnection(): Promise<ConnectionSettingsView> {
    return this.record('getConnection', undefined, this.connectionView());
  }

  async updateConnection(request: ConnectionUpdate) {
    this.connection = { ...request, secret: request.secret ?? this.connection.secret };
    return this.record('updateConnection', request, { ok: true as const, value: this.connectionView() });
  }

  async testConnection(request: RequestOf<'testConnection'>) {
    return this.record('testConnection', request, {
      ok: true as const,
      used: 4200,
      limit: 10_000,
      timeframeMinutes: 60,
    });
  }

  async usageHistory(request: { hours: number }): Promise<HourRow[]> {
    if (!Number.isInteger(request?.hours)) throw new InvalidRequestError('hours', 'Hours must be a whole number.');
    return this.record('usageHistory', request, this.hours);
  }

  async gatewayStats() {
    return this.record('gatewayStats', undefined, this.current.gateway);
  }

  async getNotifications(): Promise<NotificationPreferences> {
    return this.record('getNotifications', undefined, this.notifications);
  }

  async updateNotifications(request: NotificationUpdate) {
    this.notifications = { enabled: 'enabled' in request ? request.enabled : this.notifications.enabled };
    return this.record('updateNotifications', request, { ok: true as const, value: this.notifications });
  }

  private record<T>(method: MethodName, request: unknown, answer: T): T {
    this.calls.push({ method, request });
    if (this.failing === method) {
      throw new Error(`${method} broke while holding ${this.connection.secret}\n    at Fake.${method} (fake.ts:1:1)`);
    }
    return structuredClone(answer);
  }

  private connectionView(): ConnectionSettingsView {
    const { autotaskBaseUrl, username, integrationCode } = this.connection;
    return { autotaskBaseUrl, username, integrationCode, secretStored: true, secretKeeping: 'memory' };
  }
}

/** `why`: words the state's reason carries instead of the slowed one (the event tests pad snapshots with it). */
export function aSnapshot(change: { at?: number; used?: number; why?: string } = {}): Snapshot {
  const at = change.at ?? fakeNow;
  const used = change.used ?? 7_912;
  return {
    at,
    mode: 'live',
    secretKeeping: 'memory',
    usage: {
      known: true,
      used,
      limit: 10_000,
      timeframeMinutes: 60,
      percent: Math.floor(used / 100),
      figure: 'estimate',
      readingAt: at - 12_000,
      readingAgeMs: 12_000,
    },
    thresholds: { slowAtPercent: 75, sleepAtPercent: 90, resumeBelowPercent: 70, criticalStopAtPercent: 98 },
    state: {
      mode: 'slowed',
      reason:
        change.why === undefined
          ? { kind: 'slowed', usage: { used, limit: 10_000, timeframeMinutes: 60 }, slowAtPercent: 75 }
          : { kind: 'not-watching', why: change.why },
      since: at - 60_000,
      wokenByUser: false,
      criticalStopped: false,
    },
    wake: { available: false, rule: 'Wake Up resumes calls; it goes back to sleep if usage stays high.' },
    forecast: { perMinute: 42, sleepAtReachedAt: at + 1_800_000 },
    connection: { health: 'degraded', since: at - 30_000, lastError: 'Autotask did not answer in time.' },
    gateway: {
      baseUrl: 'http://127.0.0.1:4866/ATServicesRest/',
      forwarded: 120,
      held: 7,
      refused: 2,
      failed: 1,
      inFlight: 3,
      waiting: 4,
      byIntegration: {
        RMMSYNC: { forwarded: 100, held: 5, refused: 2, failed: 1, inFlight: 2, waiting: 4 },
        'odd "code"\\ with\nbreak': { forwarded: 20, held: 2, refused: 0, failed: 0, inFlight: 1, waiting: 0 },
      },
    },
  };
}

export function anHourRow(at: number): HourRow {
  const none = { forwarded: 0, held: 0, refused: 0, failed: 0 };
  return {
    hourStart: Math.floor(at / HOUR_MS) * HOUR_MS,
    peak: { used: 7_912, limit: 10_000 },
    polls: 37,
    calls: { forwarded: 90, held: 6, refused: 2, failed: 1 },
    byPriority: {
      critical: { forwarded: 30, held: 0, refused: 0, failed: 0 },
      normal: { forwarded: 50, held: 4, refused: 1, failed: 1 },
      background: { forwarded: 10, held: 2, refused: 1, failed: 0 },
    },
    byIntegration: { RMMSYNC: { ...none, forwarded: 90 } },
    byApiUser: {},
    stateMs: { normal: 1_200_000, slowed: 600_000, asleep: 0 },
  };
}
