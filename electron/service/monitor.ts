/**
 * The Monitor: one tenant watched and throttled. It wires the Autotask client (as the usage source), the poller,
 * the throttle engine, the hourly history and the notification policy, and nothing else: the gateway, the tray and
 * the headless host are built around it by their own entry points.
 */
import { AutotaskClient, sameLogin, type Credentials } from '../autotask';
import type { Clock } from '../core/clock';
import type { Notice } from '../core/notify/notice';
import { NotificationPolicy } from '../core/notify/policy';
import type { Settings } from '../core/settings/settings';
import { priorities, type Priority } from '../core/throttle/priority';
import { ThrottleEngine, type ThrottleSnapshot } from '../core/throttle/engine';
import type { ThrottleTransition } from '../core/throttle/state';
import type { ConnectionStatus, ConnectionTransition } from '../core/usage/connection';
import { UsageHistory } from '../core/usage/history';
import { watchedThresholds } from '../core/usage/poll-interval';
import { Poller, type PollerStats, type UsageSource } from './poller';

export interface MonitorOptions {
  credentials: Credentials;
  settings: Settings;
  /** Where zone discovery starts; by default the settings' address (demo mode points it at its simulator). */
  autotaskBaseUrl?: string;
  clock: Clock;
  random?: () => number;
  /** Where the usage comes from; by default the tenant's ThresholdInformation through the Autotask client. */
  usageSource?: UsageSource;
  /** A history the caller keeps across Monitors (a reconnect keeps the hours), and stores itself. */
  history?: UsageHistory;
  /** The notification policy's memory from the Monitor before, so a reconnect in the same state does not alert again. */
  notificationMemory?: unknown;
  showNotice?: (notice: Notice) => void;
}

export interface MonitorSnapshot extends ThrottleSnapshot {
  connectionStatus: ConnectionStatus;
  polling: PollerStats;
}

export class Monitor {
  readonly client: AutotaskClient;
  readonly engine: ThrottleEngine;
  readonly poller: Poller;
  readonly history: UsageHistory;
  private readonly notifications: NotificationPolicy;
  private settings: Settings;

  constructor(private readonly options: MonitorOptions) {
    const { clock } = options;
    this.settings = options.settings;
    this.client = new AutotaskClient({
      credentials: options.credentials,
      baseUrl: options.autotaskBaseUrl ?? options.settings.connection.autotaskBaseUrl,
      clock,
      ...(options.random ? { random: options.random } : {}),
    });
    this.history = options.history ?? new UsageHistory(clock);
    this.engine = new ThrottleEngine({
      clock,
      settings: options.settings.throttle,
      gateTuning: { queueCapacity: queueCapacityOf(options.settings) },
      requestFreshSample: (why) =>
        why === 'after-refusal'
          ? this.poller.rereadAfterRefusal()
          : void this.poller.pollSoon('the room the last reading showed is running out'),
    });
    this.poller = new Poller({
      source: options.usageSource ?? { read: (signal) => this.client.thresholdInformation({ signal }) },
      clock,
      ...(options.random ? { random: options.random } : {}),
      thresholdsPercent: () => watchedThresholds(this.settings.throttle),
      trend: () => {
        const { estimate } = this.engine.snapshot();
        return estimate.known
          ? { used: estimate.used, perMinute: estimate.othersNetPerMinute + estimate.ownPerMinute }
          : undefined;
      },
      onPollSent: (at) => {
        this.engine.recordOwnCall(at);
        this.history.recordPoll(at);
      },
      onUpstreamRejection: (rejection) => this.engine.reportUpstreamRejection(rejection),
    });
    this.notifications = new NotificationPolicy({
      clock,
      settings: options.settings.notifications,
      show: (notice) => options.showNotice?.(notice),
      memory: options.notificationMemory,
    });
    this.poller.onSample((sample) => {
      this.engine.addSample(sample);
      this.history.recordSample(sample);
    });
    this.poller.onConnectionChange((transition) => this.connectionChanged(transition));
    this.engine.onTransition((transition) => this.throttleChanged(transition));
  }

  /** Starts polling. */
  async start(): Promise<void> {
    this.history.recordState(this.engine.state.mode, this.options.clock.now());
    this.poller.start();
  }

  /**
   * Autotask answered a call the poller did not make (through the gateway, Test connection), made with the
   * credentials `madeWith` gives (asked only if they matter): while the connection is not ok, the counter is read
   * again soon. Nothing happens while it is ok.
   */
  autotaskAnswered(madeWith: () => Credentials): void {
    this.poller.autotaskAnswered(() => sameLogin(madeWith(), this.options.credentials));
  }

  wakeUp(): boolean {
    return this.engine.wakeUp();
  }

  /** The settings in force: the last ones given. */
  get currentSettings(): Settings {
    return this.settings;
  }

  /** Settings already validated by the settings schema; throttle and notifications take effect at once. */
  updateSettings(settings: Settings): void {
    this.settings = settings;
    this.engine.updateSettings(settings.throttle);
    this.notifications.updateSettings(settings.notifications);
  }

  snapshot(): MonitorSnapshot {
    return {
      ...this.engine.snapshot(),
      connectionStatus: this.poller.status,
      polling: this.poller.stats(),
    };
  }

  /** What the notification policy remembers, for the caller to hand to the next Monitor. */
  notificationMemory(): unknown {
    return this.notifications.snapshot();
  }

  onThrottleChange(listener: (transition: ThrottleTransition) => void): () => void {
    return this.engine.onTransition(listener);
  }

  onConnectionChange(listener: (transition: ConnectionTransition) => void): () => void {
    return this.poller.onConnectionChange(listener);
  }

  /** Stops polling and refuses whatever still waits at the gate. */
  async stop(): Promise<void> {
    this.poller.stop();
    this.engine.close();
    this.notifications.dispose();
  }

  private throttleChanged(transition: ThrottleTransition): void {
    this.history.recordState(transition.to.mode, transition.at);
    this.notifications.onThrottleTransition(transition);
  }

  private connectionChanged(transition: ConnectionTransition): void {
    this.engine.reportConnection(transition.to.health);
    this.notifications.onConnectionTransition(transition);
  }
}

function queueCapacityOf(settings: Settings): Record<Priority, number> {
  const limit = settings.gateway.queueLimitPerPriority;
  return Object.fromEntries(priorities.map((priority) => [priority, limit])) as Record<Priority, number>;
}
