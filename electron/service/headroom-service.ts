/**
 * The Headroom service: every method and event of the contract, over one watched connection at a time (a Monitor
 * and the gateway in front of it), the settings and the secret. The Electron shell and the headless host are thin
 * transports of this one object.
 */
import type {
  ConnectionSettingsView,
  ConnectionTest,
  ConnectionUpdate,
  ContractEvents,
  EventName,
  GatewayView,
  HeadroomApi,
  NotificationPreferences,
  NotificationUpdate,
  RequestOf,
  Saved,
  Snapshot,
  WakeOutcome,
} from '../contract';
import { systemClock, type Clock } from '../core/clock';
import { isDemoMode, type Settings } from '../core/settings/settings';
import type { SettingsProblem } from '../core/settings/problems';
import type { ThrottleSettings } from '../core/settings/throttle-settings';
import { applySettingsChange, isRecord } from '../core/settings/validate';
import { KEPT_HOURS, UsageHistory } from '../core/usage/history';
import { HistoryAutosave } from '../core/usage/history-autosave';
import { HOUR_MS, type HourRow } from '../core/usage/history-snapshot';
import type { HistoryStore } from '../core/usage/history-store';
import { connectionTarget, isTarget, type ConnectionTarget, type NoTarget } from './connection-target';
import { testConnection } from './connection-test';
import { checkConnectionUpdate } from './connection-update';
import { ContractEventHub } from './contract-events';
import type { Monitor } from './monitor';
import { notificationPatch, notificationPreferences } from './notification-update';
import { changedKeys, connectionLine, pollsLine, throttleLine } from './log-lines';
import { InvalidRequestError } from './request-error';
import type { SecretStore } from './secret-store';
import type { SettingsStore } from './settings-store';
import { gatewayViewOf, snapshotOf, type GatewayFacts, type IdleFacts } from './snapshot';
import { SnapshotPacer } from './snapshot-pacer';
import { startWatch, type Watch } from './watch';

/** The simulated tenant demo mode watches while no connection is set up. */
export type DemoConnection = ConnectionTarget;

export interface HeadroomServiceOptions {
  settingsStore: SettingsStore;
  secretStore: SecretStore;
  /** Default the system clock. */
  clock?: Clock;
  /** Jitter for polling and retries. */
  random?: () => number;
  /** Where the hourly history is kept between runs; without one it lasts as long as the service. */
  historyStore?: HistoryStore;
  /** Watched instead of the stored connection while that one is not set up (no API username). */
  demo?: DemoConnection;
  /** The command-line option that sets the gateway's port (headless), named when it is taken; else the Settings. */
  gatewayPortOption?: string;
  /** Something a person should know of, in words: settings set aside, history damaged, gateway port taken. */
  onProblem?: (message: string) => void;
  /** What happened, one line per event, for the log file: never a secret (see log-lines.ts). */
  log?: (event: string) => void;
}

type Lifecycle = 'new' | 'running' | 'stopped';

export class HeadroomService implements HeadroomApi {
  readonly #options: HeadroomServiceOptions;
  readonly #clock: Clock;
  readonly #events = new ContractEventHub();
  readonly #pacer: SnapshotPacer;
  readonly #history: UsageHistory;
  readonly #autosave: HistoryAutosave | undefined;
  readonly #loadProblem: string | undefined;
  #settings: Settings;
  #watch: Watch | undefined;
  #idle: IdleFacts;
  #notificationMemory: unknown;
  #lifecycle: Lifecycle = 'new';
  /** Start, reconnects and stop, one after the other: two Watches must never want the same port. */
  #changes: Promise<void> = Promise.resolve();

  constructor(options: HeadroomServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    const loaded = options.settingsStore.load();
    this.#settings = loaded.settings;
    this.#loadProblem = loaded.problem;
    this.#history = new UsageHistory(this.#clock);
    this.#autosave = options.historyStore
      ? new HistoryAutosave({
          history: this.#history,
          store: options.historyStore,
          clock: this.#clock,
          onProblem: (message) => this.#report(message),
        })
      : undefined;
    this.#pacer = new SnapshotPacer(this.#clock, () => this.#events.emit('snapshotChanged', this.#snapshotNow()));
    this.#idle = {
      why: 'Headroom has not started watching the tenant yet.',
      since: this.#clock.now(),
      health: 'offline',
    };
  }

  /** The Monitor watching now, for the host's own wiring (metrics) and tests; absent while nothing is watched. */
  get monitor(): Monitor | undefined {
    return this.#watch?.monitor;
  }

  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Tells what loading the settings found, restores the history, then watches and opens the gateway. */
  start(): Promise<void> {
    return this.#oneAtATime(async () => {
      if (this.#lifecycle !== 'new') return;
      this.#lifecycle = 'running';
      if (this.#loadProblem !== undefined) this.#report(this.#loadProblem);
      await this.#autosave?.restore();
      await this.#connect(this.#settings.gateway.port);
    });
  }

  /** Answers every call the gateway holds, stops watching, and writes the history. For good. */
  stop(): Promise<void> {
    return this.#oneAtATime(async () => {
      if (this.#lifecycle === 'stopped') return;
      this.#lifecycle = 'stopped';
      await this.#disconnect('Headroom has stopped watching the tenant.');
      this.#pacer.stop();
      await this.#autosave?.close();
      this.#log('service stopped');
    });
  }

  async snapshot(): Promise<Snapshot> {
    return this.#snapshotNow();
  }

  async wakeUp(): Promise<WakeOutcome> {
    const woken = this.#watch?.monitor.wakeUp() ?? false;
    return { woken, state: this.#snapshotNow().state };
  }

  async getThresholds(): Promise<ThrottleSettings> {
    return { ...this.#settings.throttle };
  }

  async updateThresholds(request: ThrottleSettings): Promise<Saved<ThrottleSettings>> {
    const saved = this.#change({ throttle: changesFrom(this.#settings.throttle, request) });
    return saved.ok ? { ok: true, value: { ...saved.value.throttle } } : saved;
  }

  async checkThresholds(request: ThrottleSettings): Promise<SettingsProblem[]> {
    const checked = applySettingsChange(this.#settings, { throttle: changesFrom(this.#settings.throttle, request) });
    return checked.ok ? [] : checked.problems;
  }

  async getConnection(): Promise<ConnectionSettingsView> {
    return this.#connectionView();
  }

  /**
   * Saves the connection and the secret, then starts watching with them: the old gateway answers every call it
   * holds (429, Retry-After) before the new one listens on the same port, so scripts keep their address.
   */
  async updateConnection(request: ConnectionUpdate): Promise<Saved<ConnectionSettingsView>> {
    const { secretStore, settingsStore } = this.#options;
    const checked = checkConnectionUpdate(this.#settings, request, secretStore.get() !== undefined);
    if (!checked.ok) return checked;
    const saved = settingsStore.save(checked.value.settings);
    if (!saved.ok) return saved;
    this.#logSettingsChange(saved.value);
    this.#settings = saved.value;
    if (checked.value.secret !== undefined) {
      secretStore.set(checked.value.secret);
      this.#log('the API secret was replaced');
    }
    await this.#reconnect();
    return { ok: true, value: this.#connectionView() };
  }

  /** Never throws: every failure is an answer in words, and none repeats the secret. */
  async testConnection(request: RequestOf<'testConnection'>): Promise<ConnectionTest> {
    const target = request === undefined || request === null ? this.#targetInForce() : this.#targetFor(request);
    if (!isTarget(target)) return { ok: false, kind: 'invalid', message: target.why };
    const outcome = await testConnection(target, this.#clock);
    const watch = this.#watch;
    if (outcome.ok && watch) {
      // A request against a tenant's limit, most likely the one watched: counted as ours, on the safe side.
      watch.monitor.engine.recordOwnCall();
      // The watched Autotask answered: a refused login or a failure spell of the poller need not be waited out.
      if (target.autotaskBaseUrl === watch.target.autotaskBaseUrl)
        watch.monitor.autotaskAnswered(() => target.credentials);
    }
    return outcome;
  }

  /** The last `hours` clock hours, the current one included, oldest first. */
  async usageHistory(request: { hours: number }): Promise<HourRow[]> {
    const hours: unknown = isRecord(request) ? request['hours'] : undefined;
    if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 1 || hours > KEPT_HOURS) {
      throw new InvalidRequestError('hours', `Hours must be a whole number from 1 to ${KEPT_HOURS} (a week).`);
    }
    const now = this.#clock.now();
    return this.#history.hours({ from: now - (hours - 1) * HOUR_MS, to: now + 1 });
  }

  async gatewayStats(): Promise<GatewayView> {
    return gatewayViewOf(this.#gatewayFacts());
  }

  async getNotifications(): Promise<NotificationPreferences> {
    return notificationPreferences(this.#settings.notifications, this.#clock.now());
  }

  async updateNotifications(request: NotificationUpdate): Promise<Saved<NotificationPreferences>> {
    const now = this.#clock.now();
    const patch = notificationPatch(request, now);
    if ('problems' in patch) return patch;
    const saved = this.#change(patch);
    return saved.ok ? { ok: true, value: notificationPreferences(saved.value.notifications, now) } : saved;
  }

  /** Checked as a whole, saved, then in force at once: refused or unsaved, nothing changes. */
  #change(patch: unknown): Saved<Settings> {
    const checked = applySettingsChange(this.#settings, patch);
    if (!checked.ok) return checked;
    const saved = this.#options.settingsStore.save(checked.value);
    if (!saved.ok) return saved;
    this.#logSettingsChange(saved.value);
    this.#settings = saved.value;
    this.#watch?.monitor.updateSettings(saved.value);
    this.#pacer.tellNow();
    return saved;
  }

  #reconnect(): Promise<void> {
    return this.#oneAtATime(async () => {
      if (this.#lifecycle !== 'running') return;
      const port = this.#watch?.gateway?.port ?? this.#settings.gateway.port;
      await this.#disconnect('Headroom is connecting with the new connection settings.');
      await this.#connect(port);
    });
  }

  async #connect(port: number): Promise<void> {
    const target = this.#targetInForce();
    if (!isTarget(target)) {
      this.#idle = { why: target.why, since: this.#clock.now(), health: 'auth-failed' };
      this.#log(`not watching: ${target.why}`);
      this.#pacer.tellNow();
      return;
    }
    const watch = await startWatch({
      target,
      settings: this.#settings,
      port,
      ...(this.#options.gatewayPortOption ? { portOption: this.#options.gatewayPortOption } : {}),
      clock: this.#clock,
      history: this.#history,
      notificationMemory: this.#notificationMemory,
      showNotice: (notice) => {
        this.#log(`notice: ${notice.title}: ${notice.body}`);
        this.#events.emit('notice', notice);
      },
      onStateChange: () => this.#pacer.tellNow(),
      onFiguresMoved: () => this.#pacer.tellSoon(),
      onProblem: (message) => this.#report(message),
      ...(this.#options.random ? { random: this.#options.random } : {}),
    });
    // Heard from the first reading on: the first poll is still on its way when startWatch returns.
    watch.monitor.onThrottleChange((transition) => this.#log(throttleLine(transition)));
    watch.monitor.onConnectionChange((transition) => this.#log(connectionLine(transition)));
    this.#watch = watch;
    const mode = isDemoMode(this.#settings.connection) ? 'demo' : 'live';
    const gateway = watch.gateway ? `the gateway at ${watch.gateway.baseUrl}` : 'no gateway';
    this.#log(`watching the ${mode} tenant at ${target.autotaskBaseUrl}, ${gateway}`);
    this.#pacer.tellNow();
  }

  async #disconnect(why: string): Promise<void> {
    const watch = this.#watch;
    if (!watch) return;
    this.#notificationMemory = watch.monitor.notificationMemory();
    await watch.stop();
    this.#watch = undefined;
    this.#idle = { why, since: this.#clock.now(), health: 'offline' };
    this.#log(`stopped watching, ${pollsLine(watch.monitor.poller.stats())}: ${why}`);
  }

  #targetInForce(): ConnectionTarget | NoTarget {
    return this.#watch?.target ?? connectionTarget(this.#settings, this.#options.secretStore.get(), this.#options.demo);
  }

  /** A connection typed into the form, with the stored secret unless a new one was typed too. */
  #targetFor(request: unknown): ConnectionTarget | NoTarget {
    const stored = this.#options.secretStore.get();
    const checked = checkConnectionUpdate(this.#settings, request, stored !== undefined);
    if (!checked.ok) return { why: checked.problems.map((problem) => problem.message).join(' ') };
    return connectionTarget(checked.value.settings, checked.value.secret ?? stored, this.#options.demo);
  }

  #snapshotNow(): Snapshot {
    const watch = this.#watch;
    const gateway = this.#gatewayFacts();
    return snapshotOf({
      at: this.#clock.now(),
      mode: isDemoMode(this.#settings.connection) ? 'demo' : 'live',
      settings: this.#settings,
      secretKeeping: this.#options.secretStore.keeping,
      watching: watch ? { monitor: watch.monitor.snapshot(), ...(gateway ? { gateway } : {}) } : { idle: this.#idle },
    });
  }

  #gatewayFacts(): GatewayFacts | undefined {
    const gateway = this.#watch?.gateway;
    return gateway && { baseUrl: gateway.baseUrl, stats: gateway.stats() };
  }

  #connectionView(): ConnectionSettingsView {
    const { autotaskBaseUrl, username, integrationCode } = this.#settings.connection;
    const { secretStore } = this.#options;
    return {
      autotaskBaseUrl,
      username,
      integrationCode,
      secretStored: secretStore.get() !== undefined,
      secretKeeping: secretStore.keeping,
    };
  }

  #oneAtATime(change: () => Promise<void>): Promise<void> {
    const done = this.#changes.then(change);
    this.#changes = done.catch(() => undefined);
    return done;
  }

  #report(message: string): void {
    this.#log(`problem: ${message}`);
    this.#options.onProblem?.(message);
  }

  /** Which settings changed, never their values. */
  #logSettingsChange(next: Settings): void {
    const keys = changedKeys(this.#settings, next);
    if (keys.length > 0) this.#log(`settings changed: ${keys.join(', ')}`);
  }

  #log(event: string): void {
    this.#options.log?.(event);
  }
}

/** Only what differs from the settings in force, so a refusal blames the field the user changed. */
function changesFrom(current: object, request: unknown): unknown {
  if (!isRecord(request)) return request;
  const before = new Map(Object.entries(current));
  return Object.fromEntries(
    Object.entries(request).filter(([key, value]) => !(before.has(key) && Object.is(before.get(key), value))),
  );
}
