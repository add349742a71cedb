/**
 * The contract's Snapshot, built from what the Monitor and the gateway know at one moment. Pure: the service
 * gathers the facts, this turns them into the plain data the tray, the popover and the headless host show.
 */
import type {
  CallCounts,
  ConnectionView,
  ForecastView,
  GatewayView,
  Snapshot,
  StateView,
  UsageView,
  WakeView,
} from '../contract';
import { formatDuration } from '../core/notify/words';
import type { Settings } from '../core/settings/settings';
import type { ThrottleState } from '../core/throttle/state';
import type { ConnectionHealth } from '../core/usage/connection';
import type { UsageEstimate } from '../core/usage/estimate';
import type { GatewayStats } from '../gateway';
import type { MonitorSnapshot } from './monitor';

/**
 * A figure rests on a reading while the reading is at most this old. Readings are at least 30 s apart (the
 * fastest polling of Autotask's 60-minute window), so between two of them the gauge shows most of the time what
 * it is: Headroom's estimate since the last one.
 */
export const FRESH_READING_MS = 5_000;

export interface GatewayFacts {
  baseUrl: string;
  stats: GatewayStats;
}

/** Nothing is watched (no connection set up, no secret, not started): why, in words, and since when. */
export interface IdleFacts {
  why: string;
  since: number;
  /** 'auth-failed' when what is missing is the user's to give (credentials), 'offline' otherwise. */
  health: Extract<ConnectionHealth, 'auth-failed' | 'offline'>;
}

export interface SnapshotFacts {
  at: number;
  mode: Snapshot['mode'];
  settings: Settings;
  secretKeeping: Snapshot['secretKeeping'];
  watching: { monitor: MonitorSnapshot; gateway?: GatewayFacts } | { idle: IdleFacts };
}

export function snapshotOf(facts: SnapshotFacts): Snapshot {
  const { at, mode, settings } = facts;
  const { slowAtPercent, sleepAtPercent, resumeBelowPercent, criticalStopAtPercent } = settings.throttle;
  const thresholds = { slowAtPercent, sleepAtPercent, resumeBelowPercent, criticalStopAtPercent };
  if ('idle' in facts.watching) {
    return { ...idleSnapshot(at, mode, thresholds, settings, facts.watching.idle), secretKeeping: facts.secretKeeping };
  }
  const { monitor, gateway } = facts.watching;
  return {
    at,
    mode,
    usage: usageViewOf(monitor.estimate),
    thresholds,
    state: stateViewOf(monitor.state),
    wake: wakeViewOf(monitor, settings, at),
    forecast: forecastViewOf(monitor),
    connection: connectionViewOf(monitor),
    gateway: gatewayViewOf(gateway),
    secretKeeping: facts.secretKeeping,
  };
}

export function usageViewOf(estimate: UsageEstimate): UsageView {
  if (!estimate.known) {
    return { known: false, why: estimate.why, ...(estimate.reading ? { readingAt: estimate.reading.at } : {}) };
  }
  // Rounded down like the state's reason (reasonUsage), which quotes the same figure.
  const used = Math.floor(estimate.used);
  return {
    known: true,
    used,
    limit: estimate.limit,
    timeframeMinutes: estimate.timeframeMinutes,
    // Multiplied first: 2900 / 10000 * 100 is 28.999..., which would read 28%.
    percent: Math.floor((used * 100) / estimate.limit),
    figure: estimate.readingAgeMs <= FRESH_READING_MS ? 'reading' : 'estimate',
    readingAt: estimate.reading.at,
    readingAgeMs: estimate.readingAgeMs,
  };
}

export function stateViewOf(state: ThrottleState): StateView {
  return {
    mode: state.mode,
    reason: state.reason,
    since: state.since,
    wokenByUser: state.wokenByUser,
    criticalStopped: state.criticalStopped,
    ...(state.backoffUntil === undefined ? {} : { backoffUntil: state.backoffUntil }),
  };
}

export function gatewayViewOf(gateway: GatewayFacts | undefined): GatewayView {
  if (!gateway) return { ...noCalls(), byIntegration: {} };
  const { stats } = gateway;
  const byIntegration: Record<string, CallCounts> = {};
  for (const [name, counts] of Object.entries(stats.byIntegration)) {
    // An integration code is the caller's to choose: "__proto__" must stay a plain key.
    Object.defineProperty(byIntegration, name, { value: callCountsOf(counts), enumerable: true, writable: true });
  }
  return { ...callCountsOf(stats), baseUrl: gateway.baseUrl, byIntegration };
}

/** The Rocketship caution, with this tenant's figures: Wake Up may not last. */
export function wakeRule(settings: Settings): string {
  const { sleepAtPercent, criticalStopAtPercent, wakeGraceSeconds } = settings.throttle;
  return (
    `Wake Up lets non-critical calls go again, paced. If usage is still at or above ${sleepAtPercent}% after ` +
    `${formatDuration(wakeGraceSeconds * 1000)}, or reaches ${criticalStopAtPercent}% at any time, the ` +
    'connection goes back to sleep on its own.'
  );
}

function wakeViewOf(monitor: MonitorSnapshot, settings: Settings, at: number): WakeView {
  const { mode, wokenByUser, criticalStopped } = monitor.state;
  const graceEndsAt = wokenByUser ? monitor.wakeGraceEndsAt : undefined;
  return {
    // Past the critical stop a Wake Up would go straight back to sleep: the tray and the popover do not offer it.
    available: mode === 'asleep' && !wokenByUser && !criticalStopped,
    ...(graceEndsAt !== undefined && graceEndsAt > at ? { graceEndsAt } : {}),
    rule: wakeRule(settings),
  };
}

function forecastViewOf({ forecast }: MonitorSnapshot): ForecastView {
  return {
    perMinute: forecast.perMinute,
    ...(forecast.sleepAtReachedAt === undefined ? {} : { sleepAtReachedAt: forecast.sleepAtReachedAt }),
    ...(forecast.capReachedAt === undefined ? {} : { capReachedAt: forecast.capReachedAt }),
  };
}

function connectionViewOf({ connectionStatus: status }: MonitorSnapshot): ConnectionView {
  return {
    health: status.health,
    since: status.since,
    ...(status.lastError === undefined ? {} : { lastError: status.lastError }),
    ...(status.lastSampleAt === undefined ? {} : { lastReadingAt: status.lastSampleAt }),
  };
}

/** Nothing watched, nothing held: the gateway is not listening, so no call waits on a throttle. */
function idleSnapshot(
  at: number,
  mode: Snapshot['mode'],
  thresholds: Snapshot['thresholds'],
  settings: Settings,
  idle: IdleFacts,
): Omit<Snapshot, 'secretKeeping'> {
  return {
    at,
    mode,
    usage: { known: false, why: idle.why },
    thresholds,
    state: {
      mode: 'normal',
      reason: { kind: 'not-watching', why: idle.why },
      since: idle.since,
      wokenByUser: false,
      criticalStopped: false,
    },
    wake: { available: false, rule: wakeRule(settings) },
    forecast: { perMinute: 0 },
    connection: { health: idle.health, lastError: idle.why, since: idle.since },
    gateway: gatewayViewOf(undefined),
  };
}

function callCountsOf(counts: CallCounts): CallCounts {
  const { forwarded, held, refused, failed, inFlight, waiting } = counts;
  return { forwarded, held, refused, failed, inFlight, waiting };
}

function noCalls(): CallCounts {
  return { forwarded: 0, held: 0, refused: 0, failed: 0, inFlight: 0, waiting: 0 };
}
