import { backoffDelay, type BackoffPolicy } from '../core/backoff';
import type { Clock, TimerId } from '../core/clock';
import { formatDuration } from '../core/notify/words';
import { defaultThrottleSettings } from '../core/settings/throttle-settings';
import type { UpstreamRejection } from '../core/throttle/rejection';
import { AUTOTASK_WINDOW_MS } from '../core/usage/autotask-window';
import type { ConnectionStatus, ConnectionTransition } from '../core/usage/connection';
import { pollingBounds, pollIntervalMs, watchedThresholds } from '../core/usage/poll-interval';
import type { UsageFigures, UsageSample } from '../core/usage/sample';
import { ConnectionHealthTracker } from './connection-health-tracker';
import { describePollError, describeUnusableAnswer, PollTimeout, type PollFailure } from './poll-failure';

/** One read of the tenant's counter (the Monitor adapts the client's thresholdInformation()). */
export interface UsageSource {
  read(signal: AbortSignal): Promise<UsageFigures>;
}

/** The engine's view of usage now, between samples: steers the interval when it knows more than the last sample. */
export interface UsageTrend {
  used: number;
  /** Growth of `used` in requests per minute, all integrations together. */
  perMinute?: number;
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
  /** Retries after failures other than a refusal for load; default 2 s doubling up to 2 min. */
  backoff?: BackoffPolicy;
  /**
   * Retries after Autotask refused the credentials; default 30 s doubling up to 10 min. Slower than other failures:
   * a refusal is more often lasting than passing, and every retry is one more failed login in the tenant's audit.
   */
  credentialsBackoff?: BackoffPolicy;
  /** Each poll is one request of the tenant's limit and one thread slot: the engine counts it as our own call. */
  onPollSent?: (at: number) => void;
  /** Autotask refused the poll itself for load: the engine sleeps, and takes the refused poll back off our count. */
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
export const DEFAULT_CREDENTIALS_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 600_000 };
/** Regular intervals are lengthened by up to 10% at random, never shortened, so the budget holds. */
const JITTER_SHARE = 0.1;
/** A Retry-After of 0 (or a date already past) must not turn a refused poll into a loop at network speed. */
const SOONEST_REREAD_AFTER_REFUSAL_MS = 1_000;
/**
 * No fresh reading the gate asks for goes sooner than this after the last poll. The gate asks only after spending a
 * share of the room the last reading showed (release-plan.ts): that, not a spacing here, bounds what they cost.
 */
const SOONEST_FRESH_READING_MS = 1_000;
/** Before any sample tells the tenant's limit, a read brought forward keeps the spacing of Autotask's usual 10,000 per hour. */
const FASTEST_SPACING_BEFORE_ANY_SAMPLE_MS = 30_000;

interface ScheduledPoll {
  timer: TimerId;
  at: number;
}

/**
 * Reads the tenant-wide counter on an adaptive schedule, one poll at a time, and says how well it can see it.
 * It never makes up a sample: while polls fail the last good one ages and the connection shows degraded, then
 * offline, and retries back off with jitter; a poll Autotask refused for load is read again at its Retry-After, and
 * refused credentials are tried again on a slower backoff. Whenever Autotask is seen answering other calls, the
 * next read is brought forward (autotaskAnswered), so a fault that has passed is not waited out.
 */
export class Poller {
  readonly #source: UsageSource;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #thresholdsPercent: () => readonly number[];
  readonly #trend?: () => UsageTrend | undefined;
  readonly #timeoutMs: number;
  readonly #backoff: BackoffPolicy;
  readonly #credentialsBackoff: BackoffPolicy;
  readonly #onPollSent?: (at: number) => void;
  readonly #onUpstreamRejection?: (rejection: UpstreamRejection) => void;

  readonly #connection: ConnectionHealthTracker;
  readonly #sampleListeners = new Set<(sample: UsageSample) => void>();
  #running = false;
  #lastSample: UsageSample | undefined;
  #inFlight: AbortController | undefined;
  #next: ScheduledPoll | undefined;
  #waiters: Array<(sample: UsageSample | undefined) => void> = [];
  #consecutiveFailures = 0;
  #credentialRefusalsInARow = 0;
  #notBefore = Number.NEGATIVE_INFINITY;
  #lastPollAt = Number.NEGATIVE_INFINITY;
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
    this.#credentialsBackoff = options.credentialsBackoff ?? DEFAULT_CREDENTIALS_BACKOFF;
    this.#onPollSent = options.onPollSent;
    this.#onUpstreamRejection = options.onUpstreamRejection;
    this.#connection = new ConnectionHealthTracker(this.#clock);
  }

  get status(): ConnectionStatus {
    return this.#connection.status;
  }

  onSample(listener: (sample: UsageSample) => void): () => void {
    this.#sampleListeners.add(listener);
    return () => this.#sampleListeners.delete(listener);
  }

  /** Called on every change of health or of the last error's words, never for a poll that changes neither. */
  onConnectionChange(listener: (transition: ConnectionTransition) => void): () => void {
    return this.#connection.onChange(listener);
  }

  /** Polls at once, then on the adaptive schedule. A restart also retries credentials Autotask rejected. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#consecutiveFailures = 0;
    this.#credentialRefusalsInARow = 0;
    this.#pollNowOrWhenAllowed();
  }

  /** Aborts the poll in flight, clears every timer, and answers every waiting pollSoon with no sample. */
  stop(): void {
    this.#running = false;
    this.#abortInFlight();
    this.#cancelNext();
    this.#connection.stop();
    this.#settleWaiters(undefined);
  }

  /**
   * Autotask answered a call made without the poller (through the gateway, or Test connection): it is reachable
   * again, and, if `withTheseCredentials()`, it takes the credentials the poller reads with. While the connection
   * is ok this costs nothing (it is called on every call through the gateway). Otherwise the next read is brought
   * forward from where the backoff put it to as soon as the fastest spacing allows (and Retry-After): the counter is
   * seen again soon, and however many answers arrive, the polls keep their spacing. A call with other credentials
   * proves nothing about a refusal of ours.
   */
  autotaskAnswered(withTheseCredentials: () => boolean): void {
    const { health } = this.#connection;
    if (health === 'ok' || !this.#running || this.#inFlight || this.#consecutiveFailures === 0) return;
    if (health === 'auth-failed' && !withTheseCredentials()) return;
    const now = this.#clock.now();
    const fastestMs = this.#lastSample
      ? pollingBounds(this.#lastSample).fastestMs
      : FASTEST_SPACING_BEFORE_ANY_SAMPLE_MS;
    const earliest = Math.max(now, this.#lastPollAt + fastestMs, this.#notBefore);
    if (this.#next && this.#next.at <= earliest) return;
    if (earliest <= now) this.#send(false);
    else this.#schedule(earliest - now, false);
  }

  /**
   * Asks for a fresh sample (the gate has spent a share of the room the last one showed): resolves with the next
   * sample, or undefined if that poll fails or the poller stops. It goes at once, not held back by the spacing of
   * regular polls: the gate is spending on a reading it cannot check, so a late one is what costs. Requests made
   * together share one poll; the poll in flight or a regular one due as soon serves them; none goes within a second
   * of the last poll, none while failures are backing off or credentials are rejected, none before Retry-After.
   */
  pollSoon(reason: string): Promise<UsageSample | undefined> {
    if (!this.#running || this.status.health === 'auth-failed') return Promise.resolve(undefined);
    const fresh = new Promise<UsageSample | undefined>((resolve) => this.#waiters.push(resolve));
    if (this.#inFlight || this.#consecutiveFailures > 0 || !this.#lastSample) return fresh;
    const now = this.#clock.now();
    const earliest = Math.max(now, this.#lastPollAt + SOONEST_FRESH_READING_MS, this.#notBefore);
    if (this.#next && this.#next.at <= earliest) return fresh;
    this.#lastExtraReason = reason;
    if (earliest <= now) this.#send(true);
    else this.#schedule(earliest - now, true);
    return fresh;
  }

  /**
   * Autotask refused a call of ours for load and its Retry-After has passed: only a reading taken now can end the
   * sleep, so the counter is read at once (unless a poll is under way or due as soon). At the cap Autotask refuses the read too and counts nothing; once it answers, it is one
   * read per Retry-After.
   */
  rereadAfterRefusal(): void {
    if (!this.#running || this.status.health === 'auth-failed' || this.#inFlight) return;
    const now = this.#clock.now();
    const earliest = Math.max(now, this.#notBefore);
    if (this.#next && this.#next.at <= earliest) return;
    if (earliest <= now) this.#send(false);
    else this.#schedule(earliest - now, false);
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
    if (extra) this.#counts.extraPolls++;
    this.#recentPolls.push(now);
    this.#forgetPollsOutsideWindow();
    this.#onPollSent?.(now);
    void this.#readWithTimeout(controller).then(
      (answer) => {
        if (this.#inFlight !== controller) return;
        this.#inFlight = undefined;
        this.#answered(answer, now);
      },
      (error: unknown) => {
        if (this.#inFlight !== controller) return;
        this.#inFlight = undefined;
        this.#failed(describePollError(error, now));
      },
    );
  }

  /** Bounded even if the source ignores the signal: the answer that comes after the timeout is dropped. */
  #readWithTimeout(controller: AbortController): Promise<UsageFigures> {
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

  #answered(answer: UsageFigures, sentAt: number): void {
    const unusable = describeUnusableAnswer(answer);
    if (unusable) this.#failed(unusable);
    else this.#succeeded(answer, sentAt);
  }

  #succeeded(answer: UsageFigures, sentAt: number): void {
    const sample: UsageSample = {
      used: answer.used,
      limit: answer.limit,
      timeframeMinutes: answer.timeframeMinutes,
      takenAt: this.#clock.now(),
      requestedAt: sentAt,
    };
    this.#lastSample = sample;
    this.#consecutiveFailures = 0;
    this.#credentialRefusalsInARow = 0;
    this.#notifyThen(
      () => {
        this.#connection.sampleArrived(sample);
        for (const listener of this.#sampleListeners) listener(sample);
      },
      // After the listeners, so the engine's estimate has taken the sample in before it steers the interval.
      () => {
        this.#schedule(this.#regularIntervalMs(sample), false);
        this.#settleWaiters(sample);
      },
    );
  }

  #failed(failure: PollFailure): void {
    this.#counts.failures++;
    this.#consecutiveFailures++;
    if (failure.authFailed) {
      // Retried, slowly: a refusal may pass (Autotask has refused good credentials for a moment), and a secret
      // put right in Autotask must not need a restart. Proof that they work (autotaskAnswered) retries sooner.
      this.#credentialRefusalsInARow++;
      const retryInMs = this.#backoffDelayMs(this.#credentialRefusalsInARow - 1, this.#credentialsBackoff);
      this.#notifyThen(
        () => this.#connection.credentialsRejected(`${failure.message} ${retryWords(retryInMs)}`),
        () => {
          this.#schedule(retryInMs, false);
          this.#settleWaiters(undefined);
        },
      );
      return;
    }
    const { rejection } = failure;
    if (rejection) this.#notBefore = Math.max(this.#notBefore, this.#clock.now() + rejection.retryAfterMs);
    this.#notifyThen(
      () => {
        this.#connection.pollFailed(failure.message);
        if (rejection) this.#onUpstreamRejection?.(rejection);
      },
      () => {
        this.#schedule(
          rejection ? this.#untilRetryAfterMs() : this.#backoffDelayMs(this.#consecutiveFailures - 1, this.#backoff),
          false,
        );
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

  /**
   * After a refusal, the re-read goes when Retry-After says (or when an earlier, longer one ends). Autotask did not
   * count the refused poll, so it spent none of the budget that the fastest spacing and the backoff protect.
   */
  #untilRetryAfterMs(): number {
    return Math.max(SOONEST_REREAD_AFTER_REFUSAL_MS, this.#notBefore - this.#clock.now());
  }

  /** Backoff with jitter, but never sooner than the fastest polling the tenant's limit allows. */
  #backoffDelayMs(attempt: number, policy: BackoffPolicy): number {
    const backoff = backoffDelay(attempt, policy, this.#random);
    return this.#lastSample ? Math.max(backoff, pollingBounds(this.#lastSample).fastestMs) : backoff;
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

  #settleWaiters(sample: UsageSample | undefined): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(sample);
  }

  #forgetPollsOutsideWindow(): void {
    const windowMs = this.#lastSample ? this.#lastSample.timeframeMinutes * 60_000 : AUTOTASK_WINDOW_MS;
    const since = this.#clock.now() - windowMs;
    while (this.#recentPolls.length > 0 && (this.#recentPolls[0] ?? since) <= since) this.#recentPolls.shift();
  }
}

function retryWords(retryInMs: number): string {
  return (
    `Headroom tries them again in ${formatDuration(retryInMs)}, or sooner once Test connection or a call through ` +
    'the gateway succeeds with them.'
  );
}
