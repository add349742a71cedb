/**
 * The one seam between the main process and the renderer: every method with its request and response, every
 * event with its payload, and the plain data they carry. The Electron transport (ipc) and the headless host's HTTP
 * transport are generic mappings of these maps, so adding a method here needs no route written by hand, and a
 * method without a handler, or a handler of the wrong type, fails to compile (see `ContractHandlers`).
 *
 * Plain data only: what crosses the seam is copied (structured clone, JSON), never a class or a function. The
 * renderer imports this file with `import type` only. No secret is ever part of a response or an event.
 */
import type { ConnectionHealth } from './core/usage/connection';
import type { Notice } from './core/notify/notice';
import type { ThrottleSettings } from './core/settings/throttle-settings';
import type { SettingsProblem } from './core/settings/problems';
import type { ThrottleReason } from './core/throttle/reason';
import type { ThrottleMode } from './core/throttle/state';
import type { HourRow } from './core/usage/history-snapshot';

export type { ReasonUsage, ThrottleReason } from './core/throttle/reason';

/** What the figure on the gauge rests on. */
export type UsageView =
  | {
      known: true;
      used: number;
      limit: number;
      timeframeMinutes: number;
      /** Rounded down, so it never reads as at a threshold it has not reached. */
      percent: number;
      /** A reading of the counter at most a few seconds old, or Headroom's estimate since the last one. */
      figure: 'reading' | 'estimate';
      /** Clock time (ms) of the last reading, and how old it is. */
      readingAt: number;
      readingAgeMs: number;
    }
  | { known: false; why: string; readingAt?: number };

export interface StateView {
  mode: ThrottleMode;
  /**
   * Why, as data: a kind and its figures (usage, thresholds, Retry-After, the grace period's end), for the
   * renderer to word in the user's locale.
   */
  reason: ThrottleReason;
  /** Clock time (ms) of the last change of mode. */
  since: number;
  wokenByUser: boolean;
  /** Every call waits, critical ones too. */
  criticalStopped: boolean;
  /** Autotask asked Headroom to wait until this clock time (ms). */
  backoffUntil?: number;
}

export interface WakeView {
  /** Asleep and not woken: the Wake Up button does something. */
  available: boolean;
  /** While woken by hand: when the grace period ends (ms). */
  graceEndsAt?: number;
  /** The Rocketship caution: it may go back to sleep, and when. */
  rule: string;
}

export interface ForecastView {
  /** The tenant's net rate now, calls per minute. */
  perMinute: number;
  /** Clock times (ms) the sleep point and the cap are reached at this rate; absent: not at this rate. */
  sleepAtReachedAt?: number;
  capReachedAt?: number;
}

export interface ConnectionView {
  health: ConnectionHealth;
  /** The last failure in words a person can act on (never a secret). */
  lastError?: string;
  since: number;
  lastReadingAt?: number;
}

export interface CallCounts {
  forwarded: number;
  held: number;
  refused: number;
  failed: number;
  inFlight: number;
  waiting: number;
}

export interface GatewayView extends CallCounts {
  /** What a script uses as its Autotask base URL; absent while the gateway is not listening. */
  baseUrl?: string;
  byIntegration: Record<string, CallCounts>;
}

/** Everything a glance needs, in one object. */
export interface Snapshot {
  /** Clock time (ms) the snapshot was made. */
  at: number;
  /** Demo: a simulated tenant, no credentials configured. */
  mode: 'demo' | 'live';
  usage: UsageView;
  thresholds: Pick<
    ThrottleSettings,
    'slowAtPercent' | 'sleepAtPercent' | 'resumeBelowPercent' | 'criticalStopAtPercent'
  >;
  state: StateView;
  wake: WakeView;
  forecast: ForecastView;
  connection: ConnectionView;
  gateway: GatewayView;
  /** Where the API secret is kept: 'memory' lets the UI say it will not survive a restart. */
  secretKeeping: SecretKeeping;
}

/** Where the API secret is kept, so the UI can say what becomes of it. */
export type SecretKeeping =
  | 'keychain' // the OS keychain (Electron safeStorage)
  | 'plain-text' // safeStorage without a keyring (Linux): stored, but not encrypted
  | 'memory' // the headless host: kept until it stops
  | 'none'; // no secret stored

export interface ConnectionSettingsView {
  autotaskBaseUrl: string;
  username: string;
  integrationCode: string;
  /** Whether a secret is stored: the secret itself never crosses the seam. */
  secretStored: boolean;
  secretKeeping: SecretKeeping;
}

export interface ConnectionUpdate {
  autotaskBaseUrl: string;
  username: string;
  integrationCode: string;
  /** Write-only: a new secret, or absent to keep the stored one. */
  secret?: string;
}

/** Refused input: every problem with the field it names. Nothing was saved. */
export interface Refused {
  ok: false;
  problems: SettingsProblem[];
}

export type Saved<T> = { ok: true; value: T } | Refused;

export type ConnectionTest =
  | { ok: true; used: number; limit: number; timeframeMinutes: number }
  | {
      ok: false;
      kind: 'bad-credentials' | 'unknown-user' | 'offline' | 'rate-limited' | 'invalid' | 'other';
      message: string;
    };

export interface NotificationPreferences {
  enabled: boolean;
  /** Clock time (ms) until which nothing is shown; absent: not paused. */
  pausedUntil?: number;
}

export type NotificationUpdate = { enabled: boolean } | { pauseForMinutes: number } | { resume: true };

export interface WakeOutcome {
  /** False when there was nothing to wake (not asleep). */
  woken: boolean;
  state: StateView;
}

/**
 * Every method: its request and its response. A method that takes nothing has the request `void`, so it is called
 * without an argument, as `snapshot()`.
 */
/* eslint-disable @typescript-eslint/no-invalid-void-type -- `void` requests are what make the argument optional */
export interface ContractMethods {
  snapshot: { request: void; response: Snapshot };
  wakeUp: { request: void; response: WakeOutcome };
  getThresholds: { request: void; response: ThrottleSettings };
  updateThresholds: { request: ThrottleSettings; response: Saved<ThrottleSettings> };
  /** What updateThresholds would refuse, saving nothing: the popover shows it beside the fields as they are typed. */
  checkThresholds: { request: ThrottleSettings; response: SettingsProblem[] };
  getConnection: { request: void; response: ConnectionSettingsView };
  updateConnection: { request: ConnectionUpdate; response: Saved<ConnectionSettingsView> };
  /** Tests the given connection, or the one in force when none is given; changes nothing. */
  testConnection: { request: ConnectionUpdate | void; response: ConnectionTest };
  usageHistory: { request: { hours: number }; response: HourRow[] };
  gatewayStats: { request: void; response: GatewayView };
  getNotifications: { request: void; response: NotificationPreferences };
  updateNotifications: { request: NotificationUpdate; response: Saved<NotificationPreferences> };
}
/* eslint-enable @typescript-eslint/no-invalid-void-type */

export type MethodName = keyof ContractMethods;
export type RequestOf<M extends MethodName> = ContractMethods[M]['request'];
export type ResponseOf<M extends MethodName> = ContractMethods[M]['response'];

/** Every event: its payload. */
export interface ContractEvents {
  snapshotChanged: Snapshot;
  notice: Notice;
}

export type EventName = keyof ContractEvents;

/** One handler per method, of the right type: a missing or mistyped one fails to compile. */
export type ContractHandlers = {
  [M in MethodName]: (request: RequestOf<M>) => Promise<ResponseOf<M>>;
};

/** What the renderer calls: the same methods, and a way to hear the events. */
export type HeadroomApi = ContractHandlers & {
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
};

/**
 * Which methods change something. The headless host asks for its per-launch token on these; a Record, so a new
 * method cannot be added without saying which it is.
 */
export const changesSomething: Record<MethodName, boolean> = {
  snapshot: false,
  wakeUp: true,
  getThresholds: false,
  updateThresholds: true,
  checkThresholds: false,
  getConnection: false,
  updateConnection: true,
  testConnection: true,
  usageHistory: false,
  gatewayStats: false,
  getNotifications: false,
  updateNotifications: true,
};

export const methodNames = Object.keys(changesSomething) as MethodName[];
