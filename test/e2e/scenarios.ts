/**
 * What the popover is shown in the browser tests and screenshots: one believable moment of a tenant per state,
 * typed against the contract. Every time is relative to `now` (the test passes Date.now()), so ages and forecasts
 * read as they would live. The reasons are the data the core's rules give in each state, and the Wake Up caution
 * is made by the core's own function, so the popover words them as the app does ("Tenant usage 7,912 / 10,000
 * (79%) in the last 60 min: at or above 75%, non-critical calls are paced").
 */
import type {
  CallCounts,
  ConnectionSettingsView,
  ConnectionTest,
  GatewayView,
  SecretKeeping,
  Snapshot,
  StateView,
  ThrottleReason,
  UsageView,
} from '../../electron/contract';
import { defaultSettings } from '../../electron/core/settings/settings';
import { defaultThrottleSettings, type ThrottleSettings } from '../../electron/core/settings/throttle-settings';
import type { ThrottleMode } from '../../electron/core/throttle/state';
import { HOUR_MS, type HourRow, type OutcomeCounts } from '../../electron/core/usage/history-snapshot';
import { wakeRule } from '../../electron/service/snapshot';
import type { FakeData } from './fake-headroom';

export const scenarioNames = [
  'normal',
  'slowed',
  'asleep',
  'woken',
  'back-to-sleep',
  'critical-stop',
  'offline',
  'auth-failed',
  'demo',
  'plain-text-secret',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface Scenario extends FakeData {
  name: ScenarioName;
  /** The clock time (ms) the scenario was built for. */
  now: number;
}

const SECOND = 1_000;
const MINUTE = 60_000;

/** The gateway's base URL on its default port, as a user's scripts are pointed at it. */
export const gatewayBaseUrl = 'http://127.0.0.1:4866/ATServicesRest/';

/** The live tenant's three integrations through the gateway, each sending at one priority under its own API user. */
export const integrations = {
  'RMM-ALERTS': { apiUser: 'rmm-alerts@contoso-msp.example', priority: 'critical', share: 0.45 },
  'QBO-INVOICE-SYNC': { apiUser: 'invoice-sync@contoso-msp.example', priority: 'background', share: 0.4 },
  'PS-ONBOARDING': { apiUser: 'onboarding@contoso-msp.example', priority: 'normal', share: 0.15 },
} as const;
type IntegrationCode = keyof typeof integrations;

/** The demo workload's integrations (electron/service/demo/demo-users.ts). */
const demoIntegrations = {
  'PSA-SYNC': { apiUser: 'psa-sync@headroom.example', priority: 'normal', share: 0.5 },
  'RMM-ALERTS': { apiUser: 'rmm-alerts@headroom.example', priority: 'critical', share: 0.3 },
  'BACKUP-REPORTS': { apiUser: 'backup-reports@headroom.example', priority: 'background', share: 0.2 },
} as const;

const liveConnection: ConnectionSettingsView = {
  autotaskBaseUrl: defaultSettings.connection.autotaskBaseUrl,
  username: 'headroom-api@contoso-msp.example',
  integrationCode: 'HEADROOM-MONITOR',
  secretStored: true,
  secretKeeping: 'keychain',
};

interface Tenant {
  limit: number;
  timeframeMinutes: number;
}
const liveTenant: Tenant = { limit: 10_000, timeframeMinutes: 60 };
/** Like the embedded simulator of demo mode. */
const demoTenant: Tenant = { limit: 1_000, timeframeMinutes: 1 };

/** One scenario, built for the clock time `now` (ms). */
export function scenario(name: ScenarioName, now: number = Date.now()): Scenario {
  return { name, now, ...builders[name](now) };
}

/** Every scenario, built for the same `now`. */
export function allScenarios(now: number = Date.now()): Scenario[] {
  return scenarioNames.map((name) => scenario(name, now));
}

const builders: Record<ScenarioName, (now: number) => FakeData> = {
  normal: (now) => live(now, { used: 3_150, readingAgeMs: 2 * SECOND, perMinute: 21 }),

  slowed: (now) =>
    live(now, {
      used: 7_912,
      readingAgeMs: 40 * SECOND,
      // At this rate the sleep point is some 12 min away and the cap 24.
      perMinute: 87,
      mode: 'slowed',
      modeForMs: 6 * MINUTE,
      gateway: {
        'RMM-ALERTS': { forwarded: 1_204, inFlight: 2 },
        'QBO-INVOICE-SYNC': { forwarded: 388, held: 342, waiting: 5, inFlight: 1 },
        'PS-ONBOARDING': { forwarded: 131, held: 38, waiting: 2 },
      },
    }),

  asleep: (now) =>
    live(now, {
      used: 9_130,
      readingAgeMs: 3 * SECOND,
      perMinute: 145,
      mode: 'asleep',
      modeForMs: 2 * MINUTE + 10 * SECOND,
      gateway: {
        'RMM-ALERTS': { forwarded: 1_287, inFlight: 1 },
        'QBO-INVOICE-SYNC': { forwarded: 388, held: 371, refused: 12, waiting: 17 },
        'PS-ONBOARDING': { forwarded: 131, held: 44, waiting: 6 },
      },
    }),

  woken: (now) =>
    live(now, {
      used: 9_160,
      readingAgeMs: 4 * SECOND,
      perMinute: 60,
      mode: 'slowed',
      // Woken 30 s ago: 90 s of the 2 min grace are left.
      modeForMs: 30 * SECOND,
      woken: { graceEndsAt: now + 90 * SECOND },
      gateway: {
        'RMM-ALERTS': { forwarded: 1_291, inFlight: 1 },
        'QBO-INVOICE-SYNC': { forwarded: 388, held: 384, refused: 12, waiting: 3, inFlight: 2 },
        'PS-ONBOARDING': { forwarded: 131, held: 50, waiting: 1 },
      },
    }),

  'back-to-sleep': (now) =>
    live(now, {
      used: 9_240,
      readingAgeMs: 1 * SECOND,
      perMinute: 70,
      mode: 'asleep',
      modeForMs: 4 * SECOND,
      reason: 'back-to-sleep',
      gateway: {
        'RMM-ALERTS': { forwarded: 1_309 },
        'QBO-INVOICE-SYNC': { forwarded: 388, held: 402, refused: 12, waiting: 9 },
        'PS-ONBOARDING': { forwarded: 131, held: 55, waiting: 3 },
      },
    }),

  'critical-stop': (now) =>
    live(now, {
      used: 9_850,
      readingAgeMs: 1 * SECOND,
      perMinute: 40,
      mode: 'asleep',
      modeForMs: 9 * MINUTE,
      criticalStopped: true,
      gateway: {
        'RMM-ALERTS': { forwarded: 1_342, held: 6, waiting: 4 },
        'QBO-INVOICE-SYNC': { forwarded: 388, held: 402, refused: 96, waiting: 28 },
        'PS-ONBOARDING': { forwarded: 131, held: 55, refused: 7, waiting: 9 },
      },
    }),

  offline: (now) => {
    const why = 'the last reading is 61 min old, older than the 60-min window';
    return unwatched(now, {
      usage: { known: false, why, readingAt: now - 61 * MINUTE },
      reason: { kind: 'unknown', why },
      modeSince: now - 3 * HOUR_MS,
      connection: {
        health: 'offline',
        lastError: 'Could not reach Autotask at webservices5.autotask.net. Check the network connection.',
        since: now - 56 * MINUTE,
        lastReadingAt: now - 61 * MINUTE,
      },
      gateway: {
        'RMM-ALERTS': { forwarded: 1_342, failed: 2, inFlight: 1 },
        'QBO-INVOICE-SYNC': { forwarded: 702, held: 402, refused: 148, waiting: 4 },
        'PS-ONBOARDING': { forwarded: 220, held: 57, refused: 11, waiting: 1 },
      },
      connectionTest: {
        ok: false,
        kind: 'offline',
        message:
          'Could not reach Autotask at webservices.autotask.net. Check the network connection. ' +
          'Check the Autotask API address too.',
      },
    });
  },

  'auth-failed': (now) => {
    const why = 'waiting for the first reading of the tenant’s counter';
    return unwatched(now, {
      usage: { known: false, why },
      reason: { kind: 'unknown', why },
      modeSince: now - 40 * SECOND,
      connection: {
        health: 'auth-failed',
        lastError:
          'Autotask did not accept the API credentials. Check the API username, secret and integration code in ' +
          'Settings.',
        since: now - 38 * SECOND,
      },
      gateway: { 'RMM-ALERTS': { waiting: 2 } },
      connectionTest: {
        ok: false,
        kind: 'bad-credentials',
        message:
          `Autotask did not accept the API secret for ${liveConnection.username}. Check the secret, or generate a ` +
          'new one for this API user in Autotask.',
      },
    });
  },

  demo: (now) => {
    const thresholds = { ...defaultThrottleSettings, wakeGraceSeconds: 20 };
    const usage = figures(412, demoTenant);
    const startedAt = now - 3 * MINUTE - 20 * SECOND;
    const snapshot: Snapshot = {
      at: now,
      mode: 'demo',
      usage: knownUsage(usage, now, 1 * SECOND),
      thresholds: snapshotThresholds(thresholds),
      state: { ...calm(now - 25 * SECOND), reason: { kind: 'normal', usage } },
      wake: { available: false, rule: wakeRule({ ...defaultSettings, throttle: thresholds }) },
      // The demo tour's climb: a 1-min window fills in under a minute.
      forecast: forecastOf(now, usage, thresholds, 640),
      connection: { health: 'ok', since: startedAt, lastReadingAt: now - 1 * SECOND },
      gateway: gatewayOf(
        {
          'PSA-SYNC': { forwarded: 611, held: 97, inFlight: 2 },
          'RMM-ALERTS': { forwarded: 402, held: 3, inFlight: 1 },
          'BACKUP-REPORTS': { forwarded: 188, held: 141, refused: 22, waiting: 3 },
        },
        gatewayBaseUrl,
      ),
      secretKeeping: 'none',
    };
    return {
      snapshot,
      thresholds,
      connection: {
        autotaskBaseUrl: 'http://127.0.0.1:41873/ATServicesRest/',
        username: '',
        integrationCode: '',
        secretStored: false,
        secretKeeping: 'none',
      },
      notifications: { enabled: true },
      history: demoHistory(now, startedAt, 412),
    };
  },

  'plain-text-secret': (now) => live(now, { used: 3_150, readingAgeMs: 2 * SECOND, perMinute: 21 }, 'plain-text'),
};

type GatewayCounts = Partial<Record<string, Partial<CallCounts>>>;

interface LiveMoment {
  used: number;
  readingAgeMs: number;
  /** The tenant's net rate, calls per minute; the forecast follows from it as the core works it out. */
  perMinute: number;
  mode?: ThrottleMode;
  /** How long ago the mode last changed. */
  modeForMs?: number;
  criticalStopped?: boolean;
  woken?: { graceEndsAt: number };
  /** Asleep again because a Wake Up's grace ran out with usage still at or above the sleep point. */
  reason?: 'back-to-sleep';
  gateway?: GatewayCounts;
}

/** Calls since the app started this morning, the morning's slowed hours included. */
const calmDay: GatewayCounts = {
  'RMM-ALERTS': { forwarded: 1_131, failed: 1 },
  'QBO-INVOICE-SYNC': { forwarded: 388, held: 164, refused: 3 },
  'PS-ONBOARDING': { forwarded: 124, held: 9 },
};

/** The live tenant, watched and read. */
function live(now: number, moment: LiveMoment, secretKeeping: SecretKeeping = 'keychain'): FakeData {
  const thresholds = defaultThrottleSettings;
  const settings = { ...defaultSettings, throttle: thresholds };
  const usage = figures(moment.used, liveTenant);
  const mode = moment.mode ?? 'normal';
  const since = now - (moment.modeForMs ?? 2 * HOUR_MS + 47 * MINUTE);
  const state: StateView = {
    mode,
    reason: reasonOf(mode, moment, usage, thresholds),
    since,
    wokenByUser: moment.woken !== undefined,
    criticalStopped: moment.criticalStopped ?? false,
  };
  const snapshot: Snapshot = {
    at: now,
    mode: 'live',
    usage: knownUsage(usage, now, moment.readingAgeMs),
    thresholds: snapshotThresholds(thresholds),
    state,
    wake: {
      available: mode === 'asleep' && moment.woken === undefined && !state.criticalStopped,
      ...(moment.woken ? { graceEndsAt: moment.woken.graceEndsAt } : {}),
      rule: wakeRule(settings),
    },
    forecast: forecastOf(now, usage, thresholds, moment.perMinute),
    connection: { health: 'ok', since: now - 5 * HOUR_MS - 12 * MINUTE, lastReadingAt: now - moment.readingAgeMs },
    gateway: gatewayOf(moment.gateway ?? calmDay, gatewayBaseUrl),
    secretKeeping,
  };
  return {
    snapshot,
    thresholds,
    connection: { ...liveConnection, secretKeeping },
    notifications: { enabled: true },
    history: dayOfHistory(now, {
      used: moment.used,
      mode,
      modeSince: since,
      before: moment.woken ? 'asleep' : mode === 'asleep' ? 'slowed' : 'normal',
    }),
    connectionTest: { ok: true, ...usage },
  };
}

/** The reason the core's rules (decide.ts) give for this moment; its slowed moments are at or above slowAt. */
function reasonOf(
  mode: ThrottleMode,
  moment: LiveMoment,
  usage: Figures,
  thresholds: ThrottleSettings,
): ThrottleReason {
  const { sleepAtPercent, resumeBelowPercent, criticalStopAtPercent } = thresholds;
  if (moment.reason === 'back-to-sleep') {
    return { kind: 'wake-expired-grace', usage, sleepAtPercent, graceSeconds: thresholds.wakeGraceSeconds };
  }
  if (moment.woken) return { kind: 'woken', usage, sleepAtPercent, graceEndsAt: moment.woken.graceEndsAt };
  if (moment.criticalStopped) return { kind: 'critical-stop', usage, criticalStopAtPercent };
  if (mode === 'asleep') return { kind: 'asleep', usage, sleepAtPercent, resumeBelowPercent };
  if (mode === 'slowed') return { kind: 'slowed', usage, slowAtPercent: thresholds.slowAtPercent };
  return { kind: 'normal', usage };
}

interface Unwatched {
  usage: Extract<UsageView, { known: false }>;
  reason: ThrottleReason;
  modeSince: number;
  connection: Snapshot['connection'];
  gateway: GatewayCounts;
  connectionTest: ConnectionTest;
}

/** The live tenant, its usage unknown: the counter cannot be read. */
function unwatched(now: number, moment: Unwatched): FakeData {
  const thresholds = defaultThrottleSettings;
  const snapshot: Snapshot = {
    at: now,
    mode: 'live',
    usage: moment.usage,
    thresholds: snapshotThresholds(thresholds),
    state: { ...calm(moment.modeSince), reason: moment.reason },
    wake: { available: false, rule: wakeRule({ ...defaultSettings, throttle: thresholds }) },
    forecast: { perMinute: 0 },
    connection: moment.connection,
    gateway: gatewayOf(moment.gateway, gatewayBaseUrl),
    secretKeeping: 'keychain',
  };
  return {
    snapshot,
    thresholds,
    connection: liveConnection,
    notifications: { enabled: true },
    history: dayOfHistory(now, { mode: 'normal', modeSince: moment.modeSince }),
    connectionTest: moment.connectionTest,
  };
}

type Figures = Tenant & { used: number };

function figures(used: number, tenant: Tenant): Figures {
  return { used, ...tenant };
}

function knownUsage(usage: Figures, now: number, readingAgeMs: number): UsageView {
  return {
    known: true,
    ...usage,
    percent: Math.floor((usage.used * 100) / usage.limit),
    // FRESH_READING_MS in electron/service/snapshot.ts.
    figure: readingAgeMs <= 5 * SECOND ? 'reading' : 'estimate',
    readingAt: now - readingAgeMs,
    readingAgeMs,
  };
}

function calm(since: number): Omit<StateView, 'reason'> {
  return { mode: 'normal', since, wokenByUser: false, criticalStopped: false };
}

function snapshotThresholds(settings: ThrottleSettings): Snapshot['thresholds'] {
  const { slowAtPercent, sleepAtPercent, resumeBelowPercent, criticalStopAtPercent } = settings;
  return { slowAtPercent, sleepAtPercent, resumeBelowPercent, criticalStopAtPercent };
}

/** As electron/core/usage/forecast.ts works it out: absent past one window, `now` once already there. */
function forecastOf(now: number, usage: Figures, settings: ThrottleSettings, perMinute: number): Snapshot['forecast'] {
  const windowMs = usage.timeframeMinutes * MINUTE;
  const reachedAt = (level: number): number | undefined => {
    if (usage.used >= level) return now;
    if (perMinute <= 0) return undefined;
    const inMs = ((level - usage.used) / perMinute) * MINUTE;
    return inMs <= windowMs ? now + Math.ceil(inMs) : undefined;
  };
  const sleepAtReachedAt = reachedAt((usage.limit * settings.sleepAtPercent) / 100);
  const capReachedAt = reachedAt(usage.limit);
  return {
    perMinute,
    ...(sleepAtReachedAt === undefined ? {} : { sleepAtReachedAt }),
    ...(capReachedAt === undefined ? {} : { capReachedAt }),
  };
}

function callCounts(partial: Partial<CallCounts> = {}): CallCounts {
  return { forwarded: 0, held: 0, refused: 0, failed: 0, inFlight: 0, waiting: 0, ...partial };
}

function gatewayOf(byCode: GatewayCounts, baseUrl: string): GatewayView {
  const byIntegration: Record<string, CallCounts> = {};
  const total = callCounts();
  for (const [code, partial] of Object.entries(byCode)) {
    const counts = callCounts(partial);
    byIntegration[code] = counts;
    for (const key of Object.keys(total) as (keyof CallCounts)[]) total[key] += counts[key];
  }
  return { ...total, baseUrl, byIntegration };
}

// ---- Usage by hour ----

/**
 * A weekday of the live tenant, by hours before the current one (so the rows are the same whatever the time of
 * the run; read with `now` early in the afternoon, index 0 is 15:00 yesterday): busy afternoon, a quiet evening and
 * night, the laptop closed from 23:45 to 05:40 (never sampled), a morning climb with 2 h slowed and 20 min asleep,
 * a calmer midday. Our own calls through the gateway are some 5% of the tenant's.
 */
const pastHours: readonly PastHour[] = [
  { peakPercent: 58, polls: 34, ownCalls: 410 },
  { peakPercent: 63, polls: 38, ownCalls: 465 },
  { peakPercent: 54, polls: 31, ownCalls: 380 },
  { peakPercent: 39, polls: 24, ownCalls: 240 },
  { peakPercent: 27, polls: 20, ownCalls: 150 },
  { peakPercent: 21, polls: 20, ownCalls: 96 },
  { peakPercent: 16, polls: 20, ownCalls: 64 },
  { peakPercent: 13, polls: 20, ownCalls: 180 },
  { peakPercent: 11, polls: 15, ownCalls: 42, watchedMinutes: 45 },
  { polls: 0, ownCalls: 0, watchedMinutes: 0 },
  { polls: 0, ownCalls: 0, watchedMinutes: 0 },
  { polls: 0, ownCalls: 0, watchedMinutes: 0 },
  { polls: 0, ownCalls: 0, watchedMinutes: 0 },
  { polls: 0, ownCalls: 0, watchedMinutes: 0 },
  { peakPercent: 12, polls: 7, ownCalls: 20, watchedMinutes: 20 },
  { peakPercent: 29, polls: 26, ownCalls: 210 },
  { peakPercent: 52, polls: 40, ownCalls: 520 },
  { peakPercent: 76, polls: 88, ownCalls: 610, slowedMinutes: 25 },
  { peakPercent: 91, polls: 118, ownCalls: 540, slowedMinutes: 40, asleepMinutes: 20 },
  { peakPercent: 82, polls: 104, ownCalls: 590, slowedMinutes: 55 },
  { peakPercent: 68, polls: 52, ownCalls: 470 },
  { peakPercent: 49, polls: 34, ownCalls: 330 },
  { peakPercent: 57, polls: 36, ownCalls: 400 },
];

interface PastHour {
  /** Absent: never sampled. */
  peakPercent?: number;
  polls: number;
  ownCalls: number;
  /** Minutes Headroom was running in the hour (default 60). */
  watchedMinutes?: number;
  slowedMinutes?: number;
  asleepMinutes?: number;
}

interface CurrentHour {
  /** The scenario's usage now; absent: unknown, and not sampled this hour. */
  used?: number;
  mode: ThrottleMode;
  modeSince: number;
  /** The mode before `mode`, for the rest of the hour; default normal. */
  before?: ThrottleMode;
}

/** 24 rows, oldest first, the last the current (partial) clock hour. */
export function dayOfHistory(now: number, current: CurrentHour): HourRow[] {
  const currentStart = Math.floor(now / HOUR_MS) * HOUR_MS;
  const rows = pastHours.map((hour, index) => {
    const hourStart = currentStart - (pastHours.length - index) * HOUR_MS;
    const slowed = (hour.slowedMinutes ?? 0) * MINUTE;
    const asleep = (hour.asleepMinutes ?? 0) * MINUTE;
    const watched = (hour.watchedMinutes ?? 60) * MINUTE;
    return hourRow({
      hourStart,
      ...(hour.peakPercent === undefined ? {} : { peak: { used: hour.peakPercent * 100, limit: liveTenant.limit } }),
      polls: hour.polls,
      ownCalls: hour.ownCalls,
      stateMs: { normal: watched - slowed - asleep, slowed, asleep },
    });
  });
  const elapsed = now - currentStart;
  const inMode = Math.min(elapsed, Math.max(0, now - current.modeSince));
  const before = current.before ?? 'normal';
  const stateMs: Record<ThrottleMode, number> = { normal: 0, slowed: 0, asleep: 0 };
  stateMs[before] += elapsed - inMode;
  stateMs[current.mode] += inMode;
  const share = elapsed / HOUR_MS;
  rows.push(
    hourRow({
      hourStart: currentStart,
      ...(current.used === undefined ? {} : { peak: { used: current.used, limit: liveTenant.limit } }),
      polls: Math.max(1, Math.round(40 * share)),
      ownCalls: Math.round(420 * share),
      stateMs,
    }),
  );
  return rows;
}

/** Demo mode started a few minutes ago: only the current hour holds anything. */
function demoHistory(now: number, startedAt: number, used: number): HourRow[] {
  const currentStart = Math.floor(now / HOUR_MS) * HOUR_MS;
  const rows: HourRow[] = [];
  for (let index = 23; index > 0; index--) {
    rows.push(hourRow({ hourStart: currentStart - index * HOUR_MS, polls: 0, ownCalls: 0, stateMs: noState() }));
  }
  const watched = now - Math.max(startedAt, currentStart);
  rows.push(
    hourRow({
      hourStart: currentStart,
      peak: { used, limit: demoTenant.limit },
      polls: Math.round(watched / (5 * SECOND)),
      ownCalls: 1_464,
      stateMs: { normal: watched, slowed: 0, asleep: 0 },
      integrations: demoIntegrations,
    }),
  );
  return rows;
}

type Integrations = Record<string, { apiUser: string; priority: 'critical' | 'normal' | 'background'; share: number }>;

interface HourFacts {
  hourStart: number;
  peak?: { used: number; limit: number };
  polls: number;
  ownCalls: number;
  stateMs: Record<ThrottleMode, number>;
  integrations?: Integrations;
}

/**
 * Our calls in an hour, split over the integrations: critical ones always go at once; while slowed, background
 * and normal ones are held (sent late); while asleep, some are refused after waiting too long.
 */
function hourRow(facts: HourFacts): HourRow {
  const row: HourRow = {
    hourStart: facts.hourStart,
    ...(facts.peak ? { peak: facts.peak } : {}),
    polls: facts.polls,
    calls: noCalls(),
    byPriority: { critical: noCalls(), normal: noCalls(), background: noCalls() },
    byIntegration: {},
    byApiUser: {},
    stateMs: facts.stateMs,
  };
  if (facts.ownCalls === 0) return row;
  const slowedShare = facts.stateMs.slowed / HOUR_MS;
  const asleepShare = facts.stateMs.asleep / HOUR_MS;
  const all: Integrations = facts.integrations ?? integrations;
  for (const [code, { apiUser, priority, share }] of Object.entries(all)) {
    const total = Math.round(facts.ownCalls * share);
    const counts = noCalls();
    if (priority === 'critical') {
      counts.failed = total > 300 ? 1 : 0;
    } else {
      const holding = priority === 'background' ? 0.6 : 0.3;
      counts.refused = Math.round(total * asleepShare * (priority === 'background' ? 0.4 : 0.1));
      counts.held = Math.round(total * (slowedShare * holding + asleepShare * 0.5));
    }
    counts.forwarded = total - counts.held - counts.refused - counts.failed;
    row.byIntegration[code] = counts;
    row.byApiUser[apiUser] = { ...counts };
    add(row.byPriority[priority], counts);
    add(row.calls, counts);
  }
  return row;
}

function noCalls(): OutcomeCounts {
  return { forwarded: 0, held: 0, refused: 0, failed: 0 };
}

function noState(): Record<ThrottleMode, number> {
  return { normal: 0, slowed: 0, asleep: 0 };
}

function add(into: OutcomeCounts, counts: OutcomeCounts): void {
  into.forwarded += counts.forwarded;
  into.held += counts.held;
  into.refused += counts.refused;
  into.failed += counts.failed;
}

/** The integration codes of the live scenarios, for tests that look for them. */
export const integrationCodes = Object.keys(integrations) as IntegrationCode[];
