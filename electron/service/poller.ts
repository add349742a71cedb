import { AutotaskError, AutotaskThrottledError } from '../autotask/errors';
import { DEFAULT_RETRY_AFTER_MS } from '../autotask/retry-after';
import { backoffDelay, type BackoffPolicy } from '../core/backoff';
import type { Clock, TimerId } from '../core/clock';
import { defaultThrottleSettings } from '../core/settings/throttle-settings';
import type { ConnectionHealth, ConnectionStatus, ConnectionTransition } from '../core/usage/connection';
import { pollingBounds, pollIntervalMs, watchedThresholds } from '../core/usage/poll-interval';
import type { UsageSample } from '../core/usage/sample';

/** What one read of the tenant's counter answers (the Monitor adapts the client's thresholdInformation()). */
export interface UsageReading {
  used: number;
  limit: number;
  timeframeMinutes: number;
}

export interface UsageSource {
  read(signal: AbortSignal): Promise<UsageReading>;
}

/** The engine's view of usage now, between samples: steers the interval when it knows more than the last sample. */
export interface UsageTrend {
  used: number;
  /** Growth of `used` in requests per minute, all integrations together. */
  perMinute?: number;
}

/** Autotask refused the poll itself for load: the engine should sleep for `retryAfterMs`. */
export interface UpstreamRejection {
  kind: 'rate-limited' | 'thread-limit';
  retryAfterMs: number;
  message: string;
}

export interface PollerOptions {
  source: UsageSource;
  clock: Clock;
  /** Jitter for intervals and backoff; default Math.random. */
  random?: () => number;
  /** In percent of the limit; default the default settings' thresholds. */
  thresholdsPercent?: () => readonly number[];
  trend?: () => UsageTrend | undefined;
  /** One poll, start to answer; default 20 s. */
  timeoutMs?: number;
  /** Retries after failures; default 2 s doubling up to 2 min. */
  backoff?: BackoffPolicy;
  /** Each poll is one request of the tenant's limit and one thread slot: the engine counts it as our own call. */
  onPollSent?: (at: number) => void;
  onUpstreamRejection?: (rejection: UpstreamRejection) => void;
}

export interface PollerStats {
  /** Every poll sent since the poller was made, extra ones and failed ones included. */
  pollsSent: number;
  /** Polls sent because the gate asked for a fresh sample (pollSoon). */
  extraPolls: number;
  /** Polls that brought no sample. */
  failures: number;
  /** Polls sent within the last window (the tenant's timeframe; 60 min before the first sample). */
  pollsInWindow: number;
  /** pollsInWindow as a share of the limit (0.01 = 1%); unknown before the first sample. */
  shareOfLimitInWindow?: number;
  lastExtraReason?: string;
}

export const DEFAULT_POLL_TIMEOUT_MS = 20_000;
export const DEFAULT_POLL_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 120_000 };
/** Regular intervals are lengthened by up to 10% at random, never shortened, so the budget holds. */
const JITTER_SHARE = 0.1;
const DEFAULT_WINDOW_MS = 60 * 60_000;

interface Failure {
  message: string;
  authFailed: boolean;
  rejection?: UpstreamRejection;
}

interface ScheduledPoll {
  timer: TimerId;
  at: number;
}

/**
 * Reads the tenant-wide counter on an adaptive schedule, one poll at a time, and says how well it can see it.
 * It never makes up a sample: while polls fail the last good one ages and the connection shows degraded, then
 * offline, and retries back off with jitter.
 */
export class Poller {
  readonly #source: UsageSource;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #thresholdsPercent: () => readonly number[];
  readonly #trend?: () => UsageTrend | undefined;
  readonly #timeoutMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #onPollSent?: (at: number) => void;
  readonly #onUpstreamRejection?: (rejection: UpstreamRejection) => void;

  readonly #sampleListeners = new Set<(sample: UsageSample) => void>();
  readonly #connectionListeners = new Set<(transition: ConnectionTransition) => void>();
  #running = false;
  #status: ConnectionStatus;
  #lastSample: UsageSample | undefined;
  #inFlight: AbortController | undefined;
  #next: ScheduledPoll | undefined;
  #offlineTimer: TimerId | undefined;
  #waiters: Array<(sample: UsageSample | undefined) => void> = [];
  #consecutiveFailures = 0;
  #notBefore = Number.NEGATIVE_INFINITY;
  #lastPollAt = Number.NEGATIVE_INFINITY;
  #lastExtraAt = Number.NEGATIVE_INFINITY;
  #recentPolls: number[] = [];
  #counts = { pollsSent: 0, extraPolls: 0, failures: 0 };
  #lastExtraReason: string | undefined;

  constructor(options: PollerOptions) {
    this.#source = options.source;
    this.#clock = options.clock;
    this.#random = options.random ?? Math.random;
    this.#thresholdsPercent = options.thresholdsPercent ?? (() => watchedThresholds(defaultThrottleSettings));
    this.#trend = options.trend;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
    this.#backoff = options.backoff ?? DEFAULT_POLL_BACKOFF;
    this.#onPollSent = options.onPollSent;
    this.#onUpstreamRejection = options.onUpstreamRejection;
    // Nothing is known before the first answer: offline until then, so no one steers by a counter never read.
    this.#status = { health: 'offline', since: this.#clock.now() };
  }

  get status(): ConnectionStatus {
    return { ...this.#status, ...(this.#lastSample ? { lastSampleAt: this.#lastSample.takenAt } : {}) };
  }

  get lastSample(): UsageSample | undefined {
    return this.#lastSample;
  }

  onSample(listener: (sample: UsageSample) => void): () => void {
    this.#sampleListeners.add(listener);
    return () => this.#sampleListeners.delete(listener);
  }

  /** Called on every change of health or of the last error's words, never for a poll that changes neither. */
  onConnectionChange(listener: (transition: ConnectionTransition) => void): () => void {
    this.#connectionListeners.add(listener);
    return () => this.#connectionListeners.delete(listener);
  }

  /** Polls at once, then on the adaptive schedule. A restart also retries credentials Autotask rejected. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#consecutiveFailures = 0;
    this.#pollNowOrWhenAllowed();
  }

  /** Aborts the poll in flight, clears every timer, and answers every waiting pollSoon with no sample. */
  stop(): void {
    this.#running = false;
    this.#abortInFlight();
    this.#cancelNext();
    this.#clearOfflineTimer();
    this.#settleWaiters(undefined);
  }

  /** New credentials: drop whatever the old ones were doing and poll again at once (Retry-After still holds). */
  credentialsChanged(): void {
    if (!this.#running) return;
    this.#abortInFlight();
    this.#cancelNext();
    this.#consecutiveFailures = 0;
    this.#pollNowOrWhenAllowed();
  }

  /**
   * Asks for a fresh sample (before the gate releases a large batch): resolves with the next sample, or undefined
   * if that poll fails or the poller stops. Requests made together share one poll; the poll in flight or a regular
   * one due soon serves them when it can; extra polls keep their own spacing, so no caller can turn them into a
   * storm; and no extra poll is sent while failures are backing off or credentials are rejected.
   */
  pollSoon(reason: string): Promise<UsageSample | undefined> {
    if (!this.#running || this.#status.health === 'auth-failed') return Promise.resolve(undefined);
    const fresh = new Promise<UsageSample | undefined>((resolve) => this.#waiters.push(resolve));
    if (this.#inFlight || this.#consecutiveFailures > 0 || !this.#lastSample) return fresh;
    const { fastestMs, extraSpacingMs } = pollingBounds(this.#lastSample);
    const now = this.#clock.now();
    const earliest = Math.max(now, this.#lastPollAt + fastestMs, this.#lastExtraAt + extraSpacingMs, this.#notBefore);
    if (this.#next && this.#next.at <= earliest) return fresh;
    this.#lastExtraReason = reason;
    if (earliest <= now) this.#send(true);
    else this.#schedule(earliest - now, true);
    return fresh;
  }

  stats(): PollerStats {
    this.#forgetPollsOutsideWindow();
    const pollsInWindow = this.#recentPolls.length;
    return {
      ...this.#counts,
      pollsInWindow,
      ...(this.#lastSample ? { shareOfLimitInWindow: pollsInWindow / this.#lastSample.limit } : {}),
      ...(this.#lastExtraReason === undefined ? {} : { lastExtraReason: this.#lastExtraReason }),
    };
  }

  #pollNowOrWhenAllowed(): void {
    const wait = this.#notBefore - this.#clock.now();
    if (wait > 0) this.#schedule(wait, false);
    else this.#send(false);
  }

  #send(extra: boolean): void {
    this.#cancelNext();
    const now = this.#clock.now();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.#lastPollAt = now;
    this.#counts.pollsSent++;
    if (extra) {
      this.#lastExtraAt = now;
      this.#counts.extraPolls++;
    }
    this.#recentPolls.push(now);
    this.#forgetPollsOutsideWindow();
    this.#onPollSent?.(now);
    void this.#readWithTimeout(controller).then(
      (reading) => {
        if (this.#inFlight !== controller) return;
        this.#inFlight = undefined;
        this.#answered(reading);
      },
      (error: unknown) => {
        if (this.#inFlight !== controller) return;
        this.#inFlight = undefined;
        this.#failed(this.#describe(error));
      },
    );
  }

  /** Bounded even if the source ignores the signal: the answer that comes after the timeout is dropped. */
  #readWithTimeout(controller: AbortController): Promise<UsageReading> {
    return new Promise((resolve, reject) => {
      const timer = this.#clock.setTimeout(() => {
        reject(new PollTimeout(this.#timeoutMs));
        controller.abort();
      }, this.#timeoutMs);
      const settle = () => this.#clock.clearTimeout(timer);
      Promise.resolve()
        .then(() => this.#source.read(controller.signal))
        .then(
          (reading) => {
            settle();
            resolve(reading);
          },
          (error: unknown) => {
            settle();
            reject(error);
          },
        );
    });
  }

  #answered(reading: UsageReading): void {
    const problem = problemWith(reading);
    if (problem) this.#failed({ message: `Autotask's usage answer could not be used: ${problem}.`, authFailed: false });
    else this.#succeeded(reading);
  }

  #succeeded(reading: UsageReading): void {
    const sample: UsageSample = {
      used: reading.used,
      limit: reading.limit,
      timeframeMinutes: reading.timeframeMinutes,
      takenAt: this.#clock.now(),
      requestedAt: this.#lastPollAt,
    };
    this.#lastSample = sample;
    this.#consecutiveFailures = 0;
    this.#clearOfflineTimer();
    this.#notifyThen(
      () => {
        this.#setHealth('ok');
        for (const listener of this.#sampleListeners) listener(sample);
      },
      // After the listeners, so the engine's estimate has taken the sample in before it steers the interval.
      () => {
        this.#schedule(this.#regularIntervalMs(sample), false);
        this.#settleWaiters(sample);
      },
    );
  }

  #failed(failure: Failure): void {
    this.#counts.failures++;
    this.#consecutiveFailures++;
    if (failure.authFailed) {
      // No retry helps until the credentials change: polling stops until credentialsChanged() or a restart.
      this.#clearOfflineTimer();
      this.#notifyThen(
        () => this.#setHealth('auth-failed', failure.message),
        () => this.#settleWaiters(undefined),
      );
      return;
    }
    const now = this.#clock.now();
    const { rejection } = failure;
    if (rejection) this.#notBefore = Math.max(this.#notBefore, now + rejection.retryAfterMs);
    const health = this.#sampleStillGood() ? 'degraded' : 'offline';
    if (health === 'degraded') this.#goOfflineWhenSampleExpires();
    this.#notifyThen(
      () => {
        this.#setHealth(health, failure.message);
        if (rejection) this.#onUpstreamRejection?.(rejection);
      },
      () => {
        this.#schedule(Math.max(this.#retryDelayMs(), this.#notBefore - now), false);
        this.#settleWaiters(undefined);
      },
    );
  }

  /** A listener that throws must neither stop polling nor leave a pollSoon caller waiting. */
  #notifyThen(notify: () => void, carryOn: () => void): void {
    try {
      notify();
    } finally {
      carryOn();
    }
  }

  #regularIntervalMs(sample: UsageSample): number {
    const trend = this.#trend?.();
    // An estimate that is not a number must not stop polling: the sample alone still steers.
    const estimated = trend !== undefined && Number.isFinite(trend.used);
    const interval = pollIntervalMs({
      limit: sample.limit,
      timeframeMinutes: sample.timeframeMinutes,
      used: estimated ? Math.max(0, trend.used) : sample.used,
      perMinute: estimated ? trend.perMinute : undefined,
      thresholdsPercent: this.#thresholdsPercent(),
    });
    return Math.round(interval * (1 + JITTER_SHARE * this.#random()));
  }

  /** Backoff with jitter, but never sooner than the fastest polling the tenant's limit allows. */
  #retryDelayMs(): number {
    const backoff = backoffDelay(this.#consecutiveFailures - 1, this.#backoff, this.#random);
    return this.#lastSample ? Math.max(backoff, pollingBounds(this.#lastSample).fastestMs) : backoff;
  }

  #sampleStillGood(): boolean {
    return this.#lastSample !== undefined && this.#clock.now() < this.#sampleExpiresAt(this.#lastSample);
  }

  #sampleExpiresAt(sample: UsageSample): number {
    return sample.takenAt + pollingBounds(sample).sampleGoodForMs;
  }

  #goOfflineWhenSampleExpires(): void {
    if (this.#offlineTimer !== undefined || !this.#lastSample) return;
    this.#offlineTimer = this.#clock.setTimeout(
      () => {
        this.#offlineTimer = undefined;
        if (this.#status.health === 'degraded') this.#setHealth('offline', this.#status.lastError);
      },
      this.#sampleExpiresAt(this.#lastSample) - this.#clock.now(),
    );
  }

  #setHealth(health: ConnectionHealth, lastError?: string): void {
    const from = this.status;
    if (from.health === health && from.lastError === lastError) return;
    const at = this.#clock.now();
    this.#status = {
      health,
      since: from.health === health ? from.since : at,
      ...(lastError === undefined ? {} : { lastError }),
    };
    const transition: ConnectionTransition = { from, to: this.status, at };
    for (const listener of this.#connectionListeners) listener(transition);
  }

  #describe(error: unknown): Failure {
    if (error instanceof PollTimeout) return { message: error.userMessage, authFailed: false };
    if (!(error instanceof AutotaskError))
      return { message: "Headroom could not read the tenant's usage.", authFailed: false };
    const failure: Failure = {
      message: error.userMessage,
      authFailed: error.kind === 'bad-credentials' || error.kind === 'unknown-user',
    };
    if (error.kind === 'rate-limited' || error.kind === 'thread-limit') {
      const retryAfterMs = error instanceof AutotaskThrottledError ? error.retryAfterMs : DEFAULT_RETRY_AFTER_MS;
      failure.rejection = { kind: error.kind, retryAfterMs, message: error.userMessage };
    }
    return failure;
  }

  #schedule(delayMs: number, extra: boolean): void {
    this.#cancelNext();
    const at = this.#clock.now() + delayMs;
    const timer = this.#clock.setTimeout(() => {
      this.#next = undefined;
      this.#send(extra);
    }, delayMs);
    this.#next = { timer, at };
  }

  #cancelNext(): void {
    if (this.#next) this.#clock.clearTimeout(this.#next.timer);
    this.#next = undefined;
  }

  #abortInFlight(): void {
    const controller = this.#inFlight;
    this.#inFlight = undefined;
    controller?.abort();
  }

  #clearOfflineTimer(): void {
    if (this.#offlineTimer !== undefined) this.#clock.clearTimeout(this.#offlineTimer);
    this.#offlineTimer = undefined;
  }

  #settleWaiters(sample: UsageSample | undefined): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(sample);
  }

  #forgetPollsOutsideWindow(): void {
    const windowMs = this.#lastSample ? this.#lastSample.timeframeMinutes * 60_000 : DEFAULT_WINDOW_MS;
    const since = this.#clock.now() - windowMs;
    while (this.#recentPolls.length > 0 && (this.#recentPolls[0] ?? since) <= since) this.#recentPolls.shift();
  }
}

/** The poll took longer than the poller waits. */
class PollTimeout extends Error {
  override readonly name = 'PollTimeout';
  readonly userMessage: string;

  constructor(timeoutMs: number) {
    super(`ThresholdInformation: no answer within ${timeoutMs} ms`);
    this.userMessage = `Autotask did not answer the usage check within ${Math.ceil(timeoutMs / 1000)} s.`;
  }
}

/** Unknown usage must never pass for a reading: every field has to be a usable number. */
function problemWith(reading: UsageReading): string | undefined {
  const { used, limit, timeframeMinutes } = reading;
  if (!(Number.isFinite(used) && used >= 0)) return `the request count is ${String(used)}`;
  if (!(Number.isFinite(limit) && limit > 0)) return `the limit is ${String(limit)}`;
  if (!(Number.isFinite(timeframeMinutes) && timeframeMinutes > 0))
    return `the timeframe is ${String(timeframeMinutes)}`;
  return undefined;
}
