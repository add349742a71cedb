/**
 * The gate: for each call, by priority, go now, wait (and then go or be refused), or be refused with a retry time.
 *
 * - Critical calls pass in every state until the readings vouch for criticalStopAt; past it every call waits,
 *   because the hard cap would stop every integration of the tenant. Unknown usage does not hold them. After a 429
 *   for the hourly limit they wait for a reading taken after it, but for one probe at Retry-After.
 * - Non-critical calls go when the release plan (release-plan.ts) lets them: normal first, background only while
 *   no normal call waits.
 * - Queues are bounded per priority (full: refused at once) and first-in first-out within a priority. Every call
 *   that waits ends exactly once: released, refused at its deadline, refused on close(), or removed at once when
 *   its signal aborts.
 */
import type { Clock, TimerId } from '../clock';
import { AUTOTASK_WINDOW_MS } from '../usage/autotask-window';
import type { ConnectionHealth } from '../usage/connection';
import type { KnownEstimate, UsageEstimate, UsageEstimator } from '../usage/estimate';
import type { UsageFigures } from '../usage/sample';
import type { ThrottleController } from './controller';
import { isPriority, priorities, type Priority } from './priority';
import type { HoldCause, ThrottleReason } from './reason';
import { refusals } from './reason-words';
import { ReleasePlan, type Hold, type ReleaseTuning } from './release-plan';
import type { ThrottleMode } from './state';
import { isCriticalStop } from './thresholds';
import { WaitingQueue } from './waiting-queue';

export interface AcquireRequest {
  priority: Priority;
  /** The longest this call may wait before it is refused; 0 answers at once. */
  maxWaitMs: number;
  /** Aborting removes the call from the queue at once (the caller hung up). */
  signal?: AbortSignal;
}

export type RefusalCause = 'held-too-long' | 'queue-full' | 'closed' | 'aborted';

/** What the local gateway needs to answer a refusal with 429, Retry-After and RateLimit headers. */
export interface GateFigures extends Partial<UsageFigures> {
  mode: ThrottleMode;
}

export type GateDecision =
  | { go: true; priority: Priority; at: number; waitedMs: number }
  | {
      go: false;
      priority: Priority;
      at: number;
      waitedMs: number;
      cause: RefusalCause;
      /** Why, in words, for the body of the 429. */
      reason: string;
      /** When trying again is worth it, in ms (whole seconds). */
      retryAfterMs: number;
      figures: GateFigures;
    };

export class InvalidAcquireError extends Error {
  override readonly name = 'InvalidAcquireError';
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

export interface GateTuning extends ReleaseTuning {
  /** Most calls waiting, per priority. */
  queueCapacity: Record<Priority, number>;
}

export const defaultQueueCapacity: Record<Priority, number> = { critical: 1000, normal: 1000, background: 5000 };

export interface ThrottleGateOptions {
  clock: Clock;
  controller: ThrottleController;
  estimator: UsageEstimator;
  /** Called at every release: the engine counts the call as sent (as far as the tenant is concerned, it is). */
  onRelease: (priority: Priority, at: number) => void;
  /** Asks the poller for a sample now; the gate asks at most once per sample. */
  requestFreshSample?: () => void;
  tuning?: Partial<GateTuning>;
}

interface Waiting {
  priority: Priority;
  enqueuedAt: number;
  settle: (decision: GateDecision) => void;
  settled: boolean;
  /** It did not go the moment it came: a call that went at once waited 0 ms, whatever the clock read meanwhile. */
  waited?: boolean;
  deadlineTimer?: TimerId;
  signal?: AbortSignal;
  onAbort?: () => void;
}

const SECOND = 1000;

export class ThrottleGate {
  private readonly queues: Record<Priority, WaitingQueue<Waiting>> = {
    critical: new WaitingQueue(),
    normal: new WaitingQueue(),
    background: new WaitingQueue(),
  };
  private readonly plan: ReleasePlan;
  private readonly capacity: Record<Priority, number>;
  private lastHold: Hold | undefined;
  /** The Retry-After of the refusal whose one critical probe has gone. */
  private probedAt: number | undefined;
  private nextLookTimer: TimerId | undefined;
  private pumping = false;
  private pumpAgain = false;
  private closed = false;

  constructor(private readonly options: ThrottleGateOptions) {
    const { queueCapacity, ...releaseTuning } = options.tuning ?? {};
    this.capacity = { ...defaultQueueCapacity, ...queueCapacity };
    this.plan = new ReleasePlan({
      clock: options.clock,
      controller: options.controller,
      estimator: options.estimator,
      tuning: releaseTuning,
      ...(options.requestFreshSample ? { requestFreshSample: options.requestFreshSample } : {}),
    });
  }

  /** How many fresh samples the gate has asked for (each costs the tenant one request). */
  get freshSamplesRequested(): number {
    return this.plan.freshSamplesRequested;
  }

  get waiting(): Record<Priority, number> {
    const { critical, normal, background } = this.queues;
    return { critical: critical.size, normal: normal.size, background: background.size };
  }

  /** The paced release rate of non-critical calls now, per minute (0 when not pacing). */
  get pacedPerMinute(): number {
    return this.plan.pacedPerMinute;
  }

  acquire(request: AcquireRequest): Promise<GateDecision> {
    return new Promise((resolve) => this.submit(request, resolve));
  }

  /**
   * Like acquire, with a callback: `settle` is called exactly once, possibly before submit returns. Gives back a
   * function that withdraws the call while it waits (refused at once, cause 'aborted'; nothing once it has ended):
   * a caller that goes away can say so without having made an AbortSignal for every call that never waits.
   */
  submit(request: AcquireRequest, settle: (decision: GateDecision) => void): () => void {
    checkRequest(request);
    const entry: Waiting = { priority: request.priority, enqueuedAt: this.options.clock.now(), settle, settled: false };
    this.enter(entry, request);
    return () => this.refuseWaiting(entry, 'aborted');
  }

  private enter(entry: Waiting, request: AcquireRequest): void {
    if (this.closed) return this.refuse(entry, 'closed');
    if (request.signal?.aborted) return this.refuse(entry, 'aborted');
    const queue = this.queues[request.priority];
    if (queue.size >= this.capacity[request.priority]) return this.refuse(entry, 'queue-full');
    queue.push(entry);
    this.pump();
    if (entry.settled) return;
    entry.waited = true;
    if (request.maxWaitMs <= 0) return this.refuseWaiting(entry, 'held-too-long');
    entry.deadlineTimer = this.options.clock.setTimeout(
      () => this.refuseWaiting(entry, 'held-too-long'),
      request.maxWaitMs,
    );
    if (request.signal) {
      entry.signal = request.signal;
      entry.onAbort = () => this.refuseWaiting(entry, 'aborted');
      request.signal.addEventListener('abort', entry.onAbort, { once: true });
    }
  }

  /** A new sample: the counter steers again. */
  onSample(): void {
    this.plan.onSample();
    this.pump();
  }

  setConnection(health: ConnectionHealth): void {
    this.plan.setConnection(health);
    this.pump();
  }

  /** The state or the settings changed: re-plan and look again. */
  refresh(): void {
    this.plan.replan();
    this.pump();
  }

  /** Refuses every waiting call and every later one; idempotent. */
  close(): void {
    this.closed = true;
    if (this.nextLookTimer !== undefined) this.options.clock.clearTimeout(this.nextLookTimer);
    this.nextLookTimer = undefined;
    for (const priority of priorities) {
      for (const entry of this.queues[priority].drain()) this.refuse(entry, 'closed');
    }
  }

  /** Releases whatever may go now, then sets one timer for the next moment something could change by itself. */
  private pump(): void {
    if (this.closed) return;
    if (this.pumping) {
      // A settle callback or a transition asked again from inside a release: finish this round, then look again.
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.releaseCritical();
        this.releaseNonCritical();
      } while (this.pumpAgain && !this.closed);
    } finally {
      this.pumping = false;
    }
    this.scheduleNextLook();
  }

  private releaseCritical(): void {
    const queue = this.queues.critical;
    while (queue.peek() && this.criticalMayGo()) {
      const entry = queue.shift();
      if (!entry) return;
      const probeDueAt = this.options.controller.probeDueAt;
      if (probeDueAt !== undefined) this.probedAt = probeDueAt;
      this.release(entry);
    }
  }

  private releaseNonCritical(): void {
    for (;;) {
      const queue = this.queues.normal.size > 0 ? this.queues.normal : this.queues.background;
      if (!queue.peek()) return;
      this.lastHold = this.plan.hold();
      if (this.lastHold) return;
      const entry = queue.shift();
      if (!entry) return;
      this.plan.released(this.options.clock.now());
      this.release(entry);
    }
  }

  /**
   * Critical calls go unless usage is at the critical stop, or Autotask has just refused a call for its hourly
   * limit: then every call waits for a reading after the refusal, but for one probe at Retry-After (forwarding them
   * into a certain 429 helps nobody, and one is enough to learn whether the cap has passed).
   */
  private criticalMayGo(): boolean {
    const probeDueAt = this.options.controller.probeDueAt;
    if (probeDueAt !== undefined) return this.options.clock.now() >= probeDueAt && this.probedAt !== probeDueAt;
    const usage = this.usage();
    return !usage.known || !isCriticalStop(usage, this.options.controller.currentSettings);
  }

  private scheduleNextLook(): void {
    const clock = this.options.clock;
    if (this.nextLookTimer !== undefined) clock.clearTimeout(this.nextLookTimer);
    this.nextLookTimer = undefined;
    // Most calls go at once and leave nothing waiting: nothing to look for.
    if (this.queues.critical.size + this.queues.normal.size + this.queues.background.size === 0) return;
    const next = this.nextLook();
    if (next !== undefined) this.nextLookTimer = clock.setTimeout(() => this.pump(), Math.max(1, next - clock.now()));
  }

  /**
   * When waiting calls could next go with nothing else happening. Samples, transitions, settings and the
   * connection pump the gate themselves, so only what time alone changes needs a timer.
   */
  private nextLook(): number | undefined {
    const looks: Array<number | undefined> = [];
    if (this.queues.critical.size > 0) looks.push(...this.criticalChances());
    if (this.queues.normal.size + this.queues.background.size > 0) looks.push(this.plan.nextChance(this.lastHold));
    const due = looks.filter((look): look is number => look !== undefined);
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  /**
   * When held critical calls could go: at the probe's Retry-After after a refusal; else when the estimate, falling
   * as calls leave the window, is worth another look, or when the last reading is too old to hold them any longer.
   */
  private criticalChances(): Array<number | undefined> {
    const probeDueAt = this.options.controller.probeDueAt;
    if (probeDueAt !== undefined) return [this.probedAt === probeDueAt ? undefined : probeDueAt];
    const now = this.options.clock.now();
    return [this.plan.nextRecount(now), this.options.estimator.unknownFrom()];
  }

  private release(entry: Waiting): void {
    const now = this.options.clock.now();
    this.finish(entry);
    this.options.onRelease(entry.priority, now);
    entry.settle({ go: true, priority: entry.priority, at: now, waitedMs: entry.waited ? now - entry.enqueuedAt : 0 });
  }

  /** Refuses a call still in its queue, taking it out first; a call that already ended is left alone. */
  private refuseWaiting(entry: Waiting, cause: RefusalCause): void {
    if (entry.settled) return;
    this.queues[entry.priority].remove(entry);
    this.refuse(entry, cause);
    this.pump();
  }

  private refuse(entry: Waiting, cause: RefusalCause): void {
    const now = this.options.clock.now();
    this.finish(entry);
    const usage = this.usageToQuote();
    const mode = this.options.controller.mode;
    const figures: GateFigures = usage
      ? { mode, used: Math.round(usage.used), limit: usage.limit, timeframeMinutes: usage.timeframeMinutes }
      : { mode };
    entry.settle({
      go: false,
      priority: entry.priority,
      at: now,
      waitedMs: now - entry.enqueuedAt,
      cause,
      reason: this.refusalReason(entry, cause, now),
      retryAfterMs: this.retryAfterMs(entry.priority, now),
      figures,
    });
  }

  private finish(entry: Waiting): void {
    entry.settled = true;
    if (entry.deadlineTimer !== undefined) this.options.clock.clearTimeout(entry.deadlineTimer);
    if (entry.signal && entry.onAbort) entry.signal.removeEventListener('abort', entry.onAbort);
  }

  /**
   * The usage an answer may state as now: none while it is unknown, nor while the counter cannot be read (the
   * estimate then only ages the last reading, and non-critical calls wait for a new one).
   */
  usageToQuote(): KnownEstimate | undefined {
    const usage = this.usage();
    return usage.known && !this.plan.blind ? usage : undefined;
  }

  /** While usage is not known, why, and how old the last reading is: the state's reason would quote its figures. */
  private unknownUsageReason(): ThrottleReason | undefined {
    const usage = this.usage();
    if (!usage.known) return { kind: 'unknown', why: usage.why };
    const blind = this.plan.blind;
    if (!blind) return undefined;
    const why = blind === 'offline' ? 'Autotask cannot be reached' : 'Autotask refused the API credentials';
    return { kind: 'unknown', why: `${why}; the last reading is ${ageInWords(usage.readingAgeMs)} old` };
  }

  private refusalReason(entry: Waiting, cause: RefusalCause, now: number): string {
    const stateReason = this.unknownUsageReason() ?? this.options.controller.state.reason;
    switch (cause) {
      case 'closed':
        return refusals.closed();
      case 'aborted':
        return refusals.aborted();
      case 'queue-full':
        return refusals.queueFull(entry.priority, this.capacity[entry.priority], stateReason);
      case 'held-too-long':
        return refusals.heldTooLong(now - entry.enqueuedAt, this.holdOf(entry.priority), stateReason);
    }
  }

  /** What held a call of this priority when it was last looked at. */
  private holdOf(priority: Priority): HoldCause {
    if (priority === 'critical') return this.options.controller.probeDueAt !== undefined ? 'rejected' : 'critical-stop';
    if (this.lastHold) return this.lastHold;
    return priority === 'background' && this.queues.normal.size > 0 ? 'normal-first' : 'queue';
  }

  /** A useful Retry-After: when the hold should be over, at least a second, at most a twelfth of the window. */
  private retryAfterMs(priority: Priority, now: number): number {
    const usage = this.usage();
    const windowMs = usage.known ? usage.timeframeMinutes * 60_000 : AUTOTASK_WINDOW_MS;
    const state = this.options.controller.state;
    let estimate = windowMs / 60;
    if (priority !== 'critical') {
      const ahead = this.queues.normal.size + (priority === 'background' ? this.queues.background.size : 0);
      const paced = this.plan.pacedWaitMs(ahead + 1);
      if (state.backoffUntil !== undefined && state.backoffUntil > now) estimate = state.backoffUntil - now;
      else if (state.mode !== 'asleep' && paced !== undefined) estimate = paced;
    }
    return Math.ceil(Math.min(windowMs / 12, Math.max(SECOND, estimate)) / SECOND) * SECOND;
  }

  private usage(): UsageEstimate {
    return this.options.estimator.estimateAt(this.options.clock.now());
  }
}

function checkRequest(request: AcquireRequest): void {
  if (typeof request.priority !== 'string' || !isPriority(request.priority)) {
    throw new InvalidAcquireError(
      `Unknown priority "${String(request.priority)}": use critical, normal or background.`,
    );
  }
  if (typeof request.maxWaitMs !== 'number' || Number.isNaN(request.maxWaitMs) || request.maxWaitMs < 0) {
    throw new InvalidAcquireError(
      `maxWaitMs must be a number of milliseconds, 0 or more (got ${String(request.maxWaitMs)}).`,
    );
  }
}

function ageInWords(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / SECOND)} s` : `${Math.round(ms / 60_000)} min`;
}
